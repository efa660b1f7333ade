import { discordError, notFound, type HttpReply } from './http.js';
import { fileLimitIssues, messageLimitIssues } from './limits.js';
import type { ParsedBody } from './multipart.js';
import { applicationRoutes } from './restApplication.js';
import { channelRoutes } from './restChannels.js';
import { userRoutes } from './restUsers.js';
import { interactionRoutes } from './restInteractions.js';
import { webhookRoutes } from './restWebhooks.js';
import type { RouteDef } from './route.js';
import type { FakeState } from './state.js';
import { bestMatch } from './templates.js';
import type { ValidationIssue } from './types.js';
import { specValidator } from './validate.js';

const ROUTES: readonly RouteDef[] = [
  ...applicationRoutes,
  ...channelRoutes,
  ...userRoutes,
  ...interactionRoutes,
  ...webhookRoutes,
];

export interface CheckedRequest {
  readonly template: string;
  readonly route: RouteDef | undefined;
  /** Set when the request cannot be routed at all. */
  readonly routing: HttpReply | undefined;
  readonly issues: readonly ValidationIssue[];
}

/** Routes the request and lists what Discord would refuse in it: unknown routes, spec violations, limits. */
export function checkRequest(
  state: FakeState,
  method: string,
  path: string,
  body: ParsedBody,
): CheckedRequest {
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
    return {
      template,
      route,
      routing: undefined,
      issues: [{ path: '', keyword: 'invalidBody', message: body.reason }],
    };
  }
  const issues = body.kind === 'parsed' ? specValidator().validateBody(method, template, body.payload) : [];
  const limits =
    route.messageAt === undefined || body.kind !== 'parsed'
      ? []
      : messageLimitIssues(body.payload, route.messageAt);
  const files = fileLimitIssues(body.files, state.limits.maxFileBytes);
  return { template, route, routing: undefined, issues: [...issues, ...limits, ...files] };
}
