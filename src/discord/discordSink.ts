import { randomBytes } from 'node:crypto';
import type { Alert } from '../domain/alert.js';
import type { Logger } from '../log.js';
import type { AlertBatch } from '../hub/messages.js';
import type { OutboxStore } from '../store/outbox.js';
import type { AlertPayload } from './alertMessage.js';

/** Discord accepts nonces of at most 25 characters; 24 hex digits are unique enough. */
export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Stages an alert batch for Discord: one outbox entry per target channel, inside the poll's
 * transaction; the output's delivery drains them.
 */
export function createAlertStaging(deps: {
  readonly outbox: OutboxStore;
  /** Where an alert goes; null when no channel is configured for it. */
  readonly targetFor: (alert: Alert) => string | null;
  readonly now: () => number;
  readonly log: Logger;
}): (batch: AlertBatch) => void {
  return (batch) => {
    const byTarget = new Map<string, Alert[]>();
    for (const alert of batch.alerts) {
      const target = deps.targetFor(alert);
      if (target === null) {
        deps.log.error(
          { symbol: alert.symbol },
          'no Discord channel for this alert; set discord.channelId or DISCORD_CHANNEL_ID',
        );
        continue;
      }
      byTarget.set(target, [...(byTarget.get(target) ?? []), alert]);
    }
    for (const [target, alerts] of byTarget) {
      const payload: AlertPayload = { alerts, providers: batch.providers };
      const eventTime = Math.min(...alerts.map((a) => a.time));
      deps.outbox.enqueue({ nonce: newNonce(), target, payload, eventTime }, deps.now());
    }
  };
}
