/**
 * What a state database that stops taking writes means for the running bot. A poll whose results
 * cannot be recorded (disk full, I/O error, the file read-only or moved) is not retried: its alerts
 * are neither recorded nor sent (delivery goes through the outbox, in the same transaction). The
 * outage is logged once when it starts and once when it ends, not once per poll; after
 * `maxFailedPolls` such polls in a row the bot gives up (`exhausted`), so the process exits non-zero
 * and its supervisor restarts it: a restart reopens the file and, if it is still unwritable, fails
 * at start with a line that says what to fix.
 */
import type { Logger } from '../log.js';
import { describeWriteFailure, isWriteFailure } from '../store/writeFailure.js';

export interface StoreOutage {
  /** Runs one poll; a write failure is counted (and not rethrown), any other failure is rethrown. */
  poll(run: () => Promise<void>): Promise<void>;
  /** Resolves with a one-line reason once `maxFailedPolls` polls in a row could not be recorded. */
  readonly exhausted: Promise<string>;
}

export interface StoreOutageDeps {
  /** The store's view of its last transaction (null: it committed). */
  readonly writeFailure: () => string | null;
  readonly maxFailedPolls: () => number;
  readonly log: Pick<Logger, 'error' | 'warn'>;
}

export function watchStoreOutage(deps: StoreOutageDeps): StoreOutage {
  let failedPolls = 0;
  let giveUp!: (reason: string) => void;
  const exhausted = new Promise<string>((resolve) => (giveUp = resolve));
  const failed = (why: string) => {
    failedPolls += 1;
    const limit = deps.maxFailedPolls();
    if (failedPolls === 1) {
      deps.log.error(
        { err: { message: why }, exitAfterFailedPolls: limit },
        'the state database takes no writes: polls are not recorded and their alerts not sent; the bot exits if this lasts',
      );
    }
    if (failedPolls === limit) {
      giveUp(
        `the state database took no writes for ${limit} polls in a row (${why}); exiting so the supervisor restarts the bot. Free disk space or fix the file's permissions (STATE_DB)`,
      );
    }
  };
  return {
    async poll(run) {
      try {
        await run();
      } catch (err) {
        if (!isWriteFailure(err)) throw err;
        failed(describeWriteFailure(err));
        return;
      }
      // A poll that wrote nothing (every market closed) says nothing about the file.
      if (failedPolls > 0 && deps.writeFailure() === null) {
        deps.log.warn({ failedPolls }, 'the state database takes writes again');
        failedPolls = 0;
      }
    },
    exhausted,
  };
}
