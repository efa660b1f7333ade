import { alertStore } from './alerts.js';
import type { AlertStore } from './alerts.js';
import { barStore } from './bars.js';
import type { BarStore } from './bars.js';
import { instrumentStateStore } from './instrumentState.js';
import type { InstrumentStateStore } from './instrumentState.js';
import { newsEventStore } from './newsEvents.js';
import type { NewsEventStore } from './newsEvents.js';
import { outboxStore } from './outbox.js';
import type { OutboxStore } from './outbox.js';
import { personalAlertStore } from './personalAlerts.js';
import type { PersonalAlertStore } from './personalAlerts.js';
import { reactionReportStore } from './reactionReports.js';
import type { ReactionReportStore } from './reactionReports.js';
import { silenceStore } from './silences.js';
import type { SilenceStore } from './silences.js';
import type { StoreDatabase } from './sqlDatabase.js';
import type { StoreProbe } from './storeProbe.js';
import { thresholdAuditStore } from './thresholdAudit.js';
import type { ThresholdAuditStore } from './thresholdAudit.js';
import { thresholdOverrideStore } from './thresholdOverrides.js';
import type { ThresholdOverrideStore } from './thresholdOverrides.js';
import { wrapMemoryStore } from './wrapMemory.js';
import type { WrapMemoryStore } from './wrapMemory.js';
import { describeWriteFailure, isWriteFailure } from './writeFailure.js';

export interface Store
  extends
    BarStore,
    AlertStore,
    InstrumentStateStore,
    OutboxStore,
    SilenceStore,
    ThresholdAuditStore,
    ThresholdOverrideStore,
    NewsEventStore,
    ReactionReportStore,
    PersonalAlertStore,
    WrapMemoryStore {
  /** The SQLite file (or ':memory:'), or the PostgreSQL database as a URL without its password. */
  readonly path: string;
  /** True when other replicas may use the same database (PostgreSQL); false for a SQLite file. */
  readonly shared: boolean;
  /** Runs fn in one transaction (a savepoint when nested); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  /**
   * Why the last transaction could not write (disk full, I/O error, file read-only or moved, the
   * database server unreachable or too slow), or null when it committed (or none has failed so far).
   */
  writeFailure(): string | null;
  /** A view for the health endpoint: the outbox's facts and whether a write would succeed now. */
  openProbe(): StoreProbe;
  close(): void;
}

/**
 * The store cannot be used: its message is one line naming the database and what to do, for the
 * composition root to print without a stack trace.
 */
export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

export interface StoreIdentity {
  readonly path: string;
  readonly shared: boolean;
  readonly openProbe: (store: Store) => StoreProbe;
}

/** The store's methods over an open database, whichever adapter it is. */
export function composeStore(db: StoreDatabase, identity: StoreIdentity): Store {
  let writeFailure: string | null = null;
  /**
   * Remembers whether the database took the transaction's writes, for /readyz and the outage count.
   * Only a transaction that wrote something ends an outage: one that wrote nothing commits even on a
   * full disk, and proves nothing.
   */
  const tracked = <T>(run: () => T): T => {
    const before = db.totalChanges();
    try {
      const result = run();
      if (db.totalChanges() !== before) writeFailure = null;
      return result;
    } catch (err) {
      if (isWriteFailure(err)) writeFailure = describeWriteFailure(err);
      throw err;
    }
  };
  const store: Store = {
    path: identity.path,
    shared: identity.shared,
    ...barStore(db),
    ...alertStore(db),
    ...instrumentStateStore(db),
    ...outboxStore(db),
    ...silenceStore(db),
    ...thresholdAuditStore(db),
    ...thresholdOverrideStore(db),
    ...newsEventStore(db),
    ...reactionReportStore(db),
    ...personalAlertStore(db),
    ...wrapMemoryStore(db),
    transaction: <T>(fn: () => T): T =>
      tracked(
        db.transaction((): T => {
          const result = fn();
          // A transaction would commit before an async fn finished; fail inside so it rolls back instead.
          if (typeof (result as { then?: unknown } | null)?.then === 'function') {
            throw new TypeError('Store.transaction needs a synchronous function; it returned a promise');
          }
          return result;
        }),
      ),
    writeFailure: () => writeFailure,
    openProbe: () => identity.openProbe(store),
    close: () => {
      db.close();
    },
  };
  return store;
}
