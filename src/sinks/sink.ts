import type { Alert } from '../domain/alert.js';

/** The alerts of one poll; several instruments moving together arrive as one batch. */
export interface AlertBatch {
  /** When the poll ran, epoch ms. */
  readonly time: number;
  readonly alerts: readonly Alert[];
}

/** Where alerts go: the console, Discord, a file. Implementations must not throw for a bad alert. */
export interface AlertSink {
  deliver(batch: AlertBatch): Promise<void>;
}
