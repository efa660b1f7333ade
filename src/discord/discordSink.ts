import { randomBytes } from 'node:crypto';
import type { Alert } from '../domain/alert.js';
import type { Logger } from '../log.js';
import type { AlertSink } from '../hub/messages.js';
import type { OutboxStore } from '../store/outbox.js';
import type { AlertPayload } from './alertMessage.js';
import type { Delivery } from './delivery.js';

/** Discord accepts nonces of at most 25 characters; 24 hex digits are unique enough. */
export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/**
 * The alert sink for Discord: staging writes one outbox entry per target channel inside the
 * tick's transaction; delivering drains the outbox.
 */
export function createDiscordSink(deps: {
  readonly outbox: OutboxStore;
  readonly delivery: Delivery;
  /** Where an alert goes; null when no channel is configured for it. */
  readonly targetFor: (alert: Alert) => string | null;
  readonly now: () => number;
  readonly log: Logger;
}): AlertSink {
  return {
    stage(batch) {
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
    },
    async deliver() {
      await deps.delivery.drain();
    },
  };
}
