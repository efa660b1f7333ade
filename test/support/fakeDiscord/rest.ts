import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { discordError, notFound, readBody, sendReply, unauthorized, type HttpReply } from './http.js';
import { parseRequestBody, type ParsedBody } from './multipart.js';
import { checkRequest, type CheckedRequest } from './requestChecks.js';
import type { FakeState } from './state.js';
import { matchTemplate } from './templates.js';
import { objectOrEmpty } from './route.js';
import type { InjectedFailure, RecordedRequest } from './types.js';
import { toDiscordFormErrors } from './validate.js';

/** discord.js calls /api/v10; webhook URLs as Discord hands them out have no version. */
const API_PREFIX = /^\/api(?:\/v10)?(?=\/)/;

function injected(failure: Exclude<InjectedFailure, string>): HttpReply {
  const body = failure.body ?? {
    message: `${failure.status}: ${STATUS_CODES[failure.status] ?? 'Error'}`,
    code: 0,
  };
  return { status: failure.status, body, ...(failure.headers ? { headers: failure.headers } : {}) };
}

function serveAttachment(state: FakeState, pathname: string, res: ServerResponse): void {
  const file = state.attachments.get(pathname);
  if (!file) {
    sendReply(res, notFound());
    return;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
  res.end(file.data);
}

const decodePath = (pathname: string): string =>
  pathname
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/');

interface Incoming {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly method: string;
  readonly path: string;
  readonly body: ParsedBody;
}

function respond(state: FakeState, incoming: Incoming, checked: CheckedRequest): HttpReply {
  const { req, url, method, path, body } = incoming;
  if (checked.routing || !checked.route) return checked.routing ?? notFound();
  const { route } = checked;
  if (route.auth === 'bot' && req.headers.authorization !== `Bot ${state.world.token}`) return unauthorized();
  if (body.kind === 'invalid') return discordError(400, 50109, 'The request body contains invalid JSON.');
  if (checked.issues.length > 0) {
    return discordError(400, 50035, 'Invalid Form Body', toDiscordFormErrors(checked.issues));
  }
  const payload = body.kind === 'parsed' ? body.payload : undefined;
  return route.handle({
    state,
    method,
    template: route.template,
    path,
    params: matchTemplate(route.template, path)?.params ?? {},
    query: url.searchParams,
    headers: req.headers,
    payload: objectOrEmpty(payload),
    rawPayload: payload,
    files: body.files,
  });
}

async function handle(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.origin);
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
    serveAttachment(state, url.pathname, res);
    return;
  }
  const raw = await readBody(req);
  const path = decodePath(url.pathname.replace(API_PREFIX, ''));
  const recorded: RecordedRequest = {
    method,
    path,
    query: url.searchParams,
    headers: req.headers,
    status: 0,
  };
  state.records.requests.push(recorded);
  const body = await parseRequestBody(req.headers, raw);
  const checked = checkRequest(state, method, path, body);
  if (checked.issues.length > 0) {
    state.records.validationErrors.push({ method, route: checked.template, path, errors: checked.issues });
  }
  const failure = state.failures.take(method, path);
  if (failure === 'reset' || failure === 'close' || failure === 'hang') {
    recorded.status = failure;
    if (failure === 'reset') req.socket.resetAndDestroy();
    if (failure === 'close') req.socket.destroy();
    return;
  }
  const reply =
    failure === undefined || failure === 'drop'
      ? respond(state, { req, url, method, path, body }, checked)
      : injected(failure);
  if (failure === 'drop') {
    recorded.status = 'drop';
    req.socket.resetAndDestroy();
    return;
  }
  recorded.status = reply.status;
  state.beforeAnswer(recorded);
  sendReply(res, reply);
}

/** Every REST request: record, validate against the spec, apply injected failures, authorise, route. */
export function createRestListener(state: FakeState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      state.records.validationErrors.push({
        method: req.method ?? 'GET',
        route: req.url ?? '',
        path: req.url ?? '',
        errors: [{ path: '', keyword: 'fakeCrashed', message: String(error) }],
      });
      if (!res.headersSent) sendReply(res, discordError(500, 0, '500: Internal Server Error'));
    });
  };
}
