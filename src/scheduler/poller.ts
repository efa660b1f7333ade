import { schedule, type Logger as CronLogger, type TaskContext } from 'node-cron';
import type { Logger } from '../log.js';

export interface Poller {
  /** Stops scheduling and waits for a running tick to finish. */
  stop(): Promise<void>;
}

export interface PollerOptions {
  readonly cron: string;
  readonly timezone: string;
  readonly tick: () => Promise<unknown>;
  readonly log: Logger;
}

/**
 * node-cron skips a run that starts more than `missedExecutionTolerance` (1 s by default) after its
 * time, e.g. after a long garbage collection or a busy event loop. A late poll is still worth more than
 * none, so any lateness is tolerated; a run is skipped only when the next one is already due, and
 * node-cron then reports it as missed.
 */
const LATE_RUN_TOLERANCE_MS = Number.MAX_SAFE_INTEGER;

/** node-cron's own messages (coloured lines on stderr by default) go into the JSON log instead. */
function cronLogger(log: Logger): CronLogger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info(message) {
      log.info({ source: 'node-cron' }, message);
    },
    warn(message) {
      log.warn({ source: 'node-cron' }, message);
    },
    error(message, err) {
      log.error({ source: 'node-cron', err }, text(message));
    },
    debug(message, err) {
      log.debug({ source: 'node-cron', err }, text(message));
    },
  };
}

const slotOf = (context: TaskContext) => context.date.toISOString();

/**
 * Runs `tick` on the cron schedule. A tick still running when the next is due makes that one skip;
 * a late tick runs late. Every skip is one JSON warning naming the slot and why.
 */
export function startPoller({ cron, timezone, tick, log }: PollerOptions): Poller {
  let running: Promise<unknown> | null = null;
  const task = schedule(
    cron,
    async () => {
      running = tick().catch((err: unknown) => {
        log.error({ err }, 'poll failed');
      });
      await running;
      running = null;
    },
    {
      timezone,
      name: 'poll',
      noOverlap: true,
      missedExecutionTolerance: LATE_RUN_TOLERANCE_MS,
      logger: cronLogger(log),
    },
  );
  task.on('execution:overlap', (context) => {
    log.warn(
      { slot: slotOf(context), reason: 'overlap' },
      'poll skipped: the previous poll is still running',
    );
  });
  task.on('execution:missed', (context) => {
    log.warn(
      { slot: slotOf(context), reason: 'missed' },
      'poll skipped: the process was busy until the next poll was due',
    );
  });
  return {
    async stop() {
      await task.stop();
      if (running) await running;
      await task.destroy();
    },
  };
}
