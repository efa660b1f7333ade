import { renderAlertMessage } from './alertMessage.js';
import type { AlertPayload } from './alertMessage.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';
import { renderPersonalMessage } from './personalMessage.js';
import type { PersonalPayload } from './personalMessage.js';
import { renderReportMessage } from './reportMessage.js';
import type { ReportPayload } from './reportMessage.js';
import { renderWrapMessage } from './wrapMessage.js';
import type { WrapPayload } from './wrapMessage.js';

/** A plain line for the channel, e.g. that a hand edit of the config was rejected. */
export interface NoticePayload {
  readonly notice: string;
}

/** What an outbox entry keeps, one shape per kind of message (rows queued by older versions too). */
export type OutboxPayload = AlertPayload | NoticePayload | WrapPayload | ReportPayload | PersonalPayload;

/**
 * Renders whatever the outbox holds; notices are plain text, wraps and reports embeds, none pings
 * anybody but a personal alert's own member, where it mentions them.
 */
export async function renderOutboxMessage(
  payload: OutboxPayload,
  deps: RenderDeps,
  now: number,
): Promise<RenderedMessage> {
  if ('notice' in payload) {
    return { body: { content: payload.notice.slice(0, 2000), allowed_mentions: { parse: [] } }, files: [] };
  }
  if ('wrap' in payload) return renderWrapMessage(payload, deps);
  if ('report' in payload) return renderReportMessage(payload, deps);
  if ('personal' in payload) return renderPersonalMessage(payload, deps);
  return renderAlertMessage(payload, deps, now);
}
