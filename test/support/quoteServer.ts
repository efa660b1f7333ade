import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One programmed answer. `behaviour` replaces the answer with a transport failure. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Strings are sent as they are; anything else as JSON. */
  readonly body?: unknown;
  /** hang: never answer (client timeout); reset: destroy the socket; truncate: send half the body, then cut. */
  readonly behaviour?: 'hang' | 'reset' | 'truncate';
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface QuoteServer {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Programs a path (no query); several replies are served in turn and the last one repeats. */
  route(path: string, ...replies: Reply[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  const body =
    typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
  const type = isText ? 'text/plain; charset=utf-8' : 'application/json;charset=utf-8';
  const headers = { 'content-type': type, ...reply.headers };
  if (reply.behaviour === 'truncate') {
    res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.write(body.slice(0, Math.floor(body.length / 2)));
    setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/** A local HTTP server on 127.0.0.1 with an OS-chosen port, for driving the real HTTP client. */
export async function startQuoteServer(): Promise<QuoteServer> {
  const routes = new Map<string, Reply[]>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    });
    const queue = routes.get(url.pathname);
    const reply = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!reply) {
      send(res, { status: 599, body: `quoteServer: no route for ${url.pathname}` });
      return;
    }
    if (reply.behaviour === 'hang') return;
    if (reply.behaviour === 'reset') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (path, ...replies) => {
      routes.set(path, [...replies]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}
