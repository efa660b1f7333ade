import type { AxiosInstance, AxiosResponse } from 'axios';
import type { RequestContext } from '../http/errors.js';
import { checkResponse, getText } from '../http/http.js';

/** What identified the last answer read: sent back, an unchanged resource costs an empty 304. */
interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

const NONE: Validators = { etag: null, lastModified: null };

function requestHeaders(v: Validators): Record<string, string> {
  // RFC 9110 §13.1.3: a server that supports If-None-Match ignores If-Modified-Since, so both may go.
  return {
    ...(v.etag === null ? {} : { 'If-None-Match': v.etag }),
    ...(v.lastModified === null ? {} : { 'If-Modified-Since': v.lastModified }),
  };
}

function header(res: AxiosResponse, name: string): string | null {
  const value: unknown = (res.headers as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() ? value : null;
}

export interface ConditionalGet {
  /**
   * GETs the resource, conditionally once an earlier answer was read. `read` turns a 200 answer into
   * a result; only once it has succeeded are that answer's validators kept, so a body that could not
   * be read is fetched whole next time. Resolves null on 304 Not Modified; throws ProviderError for
   * failures (status, HTML page, transport), as getText and checkResponse do.
   */
  get<T>(
    params: Readonly<Record<string, string | number>>,
    read: (res: AxiosResponse<string>) => Promise<T>,
  ): Promise<T | null>;
}

/** One resource's conditional GETs (ETag / If-None-Match and Last-Modified / If-Modified-Since). */
export function conditionalGet(http: AxiosInstance, ctx: RequestContext): ConditionalGet {
  let kept = NONE;
  return {
    async get(params, read) {
      const res = await getText(http, ctx, params, requestHeaders(kept));
      if (res.status === 304) return null;
      checkResponse(res, ctx);
      const result = await read(res);
      kept = { etag: header(res, 'etag'), lastModified: header(res, 'last-modified') };
      return result;
    },
  };
}
