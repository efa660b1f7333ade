import type { Logger } from '../log.js';
import type { AlertStore } from './alerts.js';
import type { BarStore } from './bars.js';
import type { OutboxStore } from './outbox.js';
import type { ThresholdAuditStore } from './thresholdAudit.js';

const DAY_MS = 24 * 60 * 60_000;

/** How often old rows are pruned while the bot runs (and once at start). */
export const RETENTION_PRUNE_EVERY_MS = DAY_MS;

/** The tables that grow without end: each prunes by its own time column. */
export type RetentionStore = Pick<BarStore, 'pruneBars'> &
  Pick<AlertStore, 'pruneAlerts'> &
  Pick<OutboxStore, 'pruneSentOutbox' | 'pruneDeadLetters'> &
  Pick<ThresholdAuditStore, 'pruneThresholdAudit'> & {
    transaction<T>(fn: () => T): T;
  };

export interface PruneCounts {
  readonly bars: number;
  readonly alerts: number;
  readonly sentOutbox: number;
  readonly deadLetters: number;
  readonly thresholdAudit: number;
}

/**
 * Deletes bars, alerts, sent outbox rows, dead letters and threshold changes older than
 * retentionDays, in one transaction. Pending outbox rows are never pruned: they are alerts not yet
 * delivered.
 */
export function pruneOlderThan(store: RetentionStore, now: number, retentionDays: number): PruneCounts {
  const cutoff = now - retentionDays * DAY_MS;
  return store.transaction(() => ({
    bars: store.pruneBars(cutoff),
    alerts: store.pruneAlerts(cutoff),
    sentOutbox: store.pruneSentOutbox(cutoff),
    deadLetters: store.pruneDeadLetters(cutoff),
    thresholdAudit: store.pruneThresholdAudit(cutoff),
  }));
}

/** One scheduled prune: logs what it removed; a failure is logged and retried at the next run. */
export function pruneAndLog(
  store: RetentionStore,
  deps: { readonly now: number; readonly retentionDays: number; readonly log: Logger },
): void {
  const { now, retentionDays, log } = deps;
  try {
    const removed = pruneOlderThan(store, now, retentionDays);
    log.info({ retentionDays, removed }, 'pruned rows older than the retention period');
  } catch (err) {
    log.error(
      { retentionDays, err: { message: err instanceof Error ? err.message : String(err) } },
      'pruning old rows failed; the state database keeps growing until the next run succeeds',
    );
  }
}

/** Prunes once now and then every RETENTION_PRUNE_EVERY_MS; the period is read at each run, so config edits apply. */
export function startRetention(
  deps: {
    readonly store: RetentionStore;
    readonly retentionDays: () => number;
    readonly now: () => number;
    readonly log: Logger;
  },
  timer: { every(ms: number, tick: () => void): { stop(): Promise<void> } },
): { stop(): Promise<void> } {
  const run = () => {
    pruneAndLog(deps.store, { now: deps.now(), retentionDays: deps.retentionDays(), log: deps.log });
  };
  run();
  return timer.every(RETENTION_PRUNE_EVERY_MS, run);
}
