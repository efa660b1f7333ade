/** What the bot sends people, whatever the output: alert batches, notices and daily wraps. */
import type { Alert } from '../domain/alert.js';

/** The alerts of one poll; several instruments moving together arrive as one batch. */
export interface AlertBatch {
  /** When the poll ran, epoch ms. */
  readonly time: number;
  readonly alerts: readonly Alert[];
  /** The provider each instrument's quote came from, for display. */
  readonly providers: Readonly<Record<string, string>>;
}

/** Where alerts go: the console, Discord, a file. Implementations must not throw for a bad alert. */
export interface AlertSink {
  /**
   * Called inside the store transaction that records the alerts, so a durable sink (the Discord
   * outbox) keeps them atomically with the record: a crash can then neither lose nor double one.
   */
  stage?(batch: AlertBatch): void;
  /** Sends what was staged (or the batch itself, for sinks that do not stage). */
  deliver(batch: AlertBatch): Promise<void>;
}

/** A wrap ready to post: the text as of the close, and the moment it covers (for its chart). */
export interface WrapPost {
  readonly market: string;
  readonly tradingDay: string;
  readonly text: string;
  readonly until: number;
}
