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

/** An alert message staged as a post whose chart follows as an edit under the same key. */
export interface StagedAlertPost {
  readonly key: string;
  readonly payload: AlertPayload;
  readonly eventTime: number;
}

/** The outbox key an alert post shares with its chart's edit; the prefix keeps it apart from reports'. */
function alertPostKey(nonce: string): string {
  return `alert:${nonce}`;
}

/**
 * Stages an alert batch for Discord: one outbox post per target channel, inside the poll's
 * transaction; the output's delivery drains them. Returns the posts, whose charts are rendered once
 * their text is out.
 */
export function createAlertStaging(deps: {
  readonly outbox: OutboxStore;
  /** Where an alert goes; null when no channel is configured for it. */
  readonly targetFor: (alert: Alert) => string | null;
  readonly now: () => number;
  readonly log: Logger;
}): (batch: AlertBatch) => StagedAlertPost[] {
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
    return [...byTarget].map(([target, alerts]) => {
      const payload: AlertPayload = { alerts, providers: batch.providers };
      const eventTime = Math.min(...alerts.map((a) => a.time));
      const nonce = newNonce();
      const key = alertPostKey(nonce);
      deps.outbox.enqueue({ nonce, target, payload, eventTime, reportKey: key }, deps.now());
      return { key, payload, eventTime };
    });
  };
}
