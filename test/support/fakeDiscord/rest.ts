import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { discordError, notFound, readBody, sendReply, unauthorized, type HttpReply } from './http.js';
import { fileLimitIssues, messageLimitIssues } from './limits.js';
import { parseRequestBody, type ParsedBody } from './multipart.js';
import { applicationRoutes } from './restApplication.js';
import { channelRoutes } from './restChannels.js';
import { interactionRoutes } from './restInteractions.js';
import { webhookRoutes } from './restWebhooks.js';
import type { RouteDef } from './route.js';
import type { FakeState } from './state.js';
import { bestMatch } from './templates.js';
import type { InjectedFailure, JsonObject, RecordedRequest, ValidationIssue } from './types.js';
import { specValidator, toDiscordFormErrors } from './validate.js';

const API_PREFIX = '/api/v10';
const ROUTES: readonly RouteDef[] = [...applicationRoutes, ...channelRoutes, ...interactionRoutes, ...webhookRoutes];

interface Checked {
  readonly template: string;
  readonly route: RouteDef | undefined;
  /** Set when the request cannot be routed at all. */
  readonly routing: HttpReply | undefined;
  readonly issues: readonly ValidationIssue[];
}

function check(state: FakeState, method: string, path: string, body: ParsedBody): Checked {
  const spec = specValidator().match(method, path);
  const route = bestMatch(
    ROUTES.filter((candidate) => candidate.method === method),
    (candidate) => candidate.template,
    path,
  )?.candidate;
  const template = spec?.template ?? path;
  if (!spec?.methodKnown || !route) {
    const reason = !spec
      ? { keyword: 'unknownRoute', message: `${method} ${path} is not in Discord's API description` }
      : !spec.methodKnown
        ? { keyword: 'unknownMethod', message: `${template} has no ${method} in Discord's API description` }
        : { keyword: 'notFaked', message: `fakeDiscord does not implement ${method} ${template}` };
    const routing = spec && !spec.methodKnown ? discordError(405, 0, '405: Method Not Allowed') : notFound();
    return { template, route, routing, issues: [{ path: '', ...reason }] };
  }
  if (body.kind === 'invalid') {
    return { template, route, routing: undefined, issues: [{ path: '', keyword: 'invalidBody', message: body.reason }] };
  }
  const issues = body.kind === 'parsed' ? specValidator().validateBody(method, template, body.payload) : [];
  const limits = route.messageAt === undefined || body.kind !== 'parsed' ? [] : messageLimitIssues(body.payload, route.messageAt);
  const files = fileLimitIssues(body.files, state.limits.maxFileBytes);
  return { template, route, routing: undefined, issues: [...issues, ...limits, ...files] };
}

function injected(failure: Exclude<InjectedFailure, 'reset' | 'hang'>): HttpReply {
  const body = failure.body ?? { message: `${failure.status}: ${STATUS_CODES[failure.status] ?? 'Error'}`, code: 0 };
  return { status: failure.status, body, ...(failure.headers ? { headers: failure.headers } : {}) };
}

function serveAttachment(state: FakeState, pathname: string, res: ServerResponse): void {
  const file = state.attachments.get(pathname);
  if (!file) return sendReply(res, notFound());
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
  res.end(file.data);
}

const decodePath = (pathname: string): string =>
  pathname.split('/').map((segment) => decodeURIComponent(segment)).join('/');

const objectOrEmpty = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};

async function handle(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.origin);
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) return serveAttachment(state, url.pathname, res);
  const raw = await readBody(req);
  const path = decodePath(url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
  const recorded: RecordedRequest = { method, path, query: url.searchParams, headers: req.headers, status: 0 };
  state.records.requests.push(recorded);
  const answer = (reply: HttpReply): void => {
    recorded.status = reply.status;
    sendReply(res, reply);
  };
  const body = await parseRequestBody(req.headers, raw);
  const checked = check(state, method, path, body);
  if (checked.issues.length > 0) {
    state.records.validationErrors.push({ method, route: checked.template, path, errors: checked.issues });
  }
  const failure = state.failures.take(method, path);
  if (failure === 'reset' || failure === 'hang') {
    recorded.status = failure;
    if (failure === 'reset') req.socket.destroy();
    return;
  }
  if (failure) return answer(injected(failure));
  if (checked.routing || !checked.route) return answer(checked.routing ?? notFound());
  const { route } = checked;
  if (route.auth === 'bot' && req.headers.authorization !== `Bot ${state.world.token}`) return answer(unauthorized());
  if (body.kind === 'invalid') return answer(discordError(400, 50109, 'The request body contains invalid JSON.'));
  if (checked.issues.length > 0) {
    return answer(discordError(400, 50035, 'Invalid Form Body', toDiscordFormErrors(checked.issues)));
  }
  const params = bestMatch([route.template], (template) => template, path)?.match.params ?? {};
  const payload = body.kind === 'parsed' ? body.payload : undefined;
  answer(
    route.handle({
      state,
      method,
      template: route.template,
      path,
      params,
      query: url.searchParams,
      headers: req.headers,
      payload: objectOrEmpty(payload),
      rawPayload: payload,
      files: body.files,
    }),
  );
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
