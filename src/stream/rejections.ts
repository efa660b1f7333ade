import type { Logger } from '../log.js';
import { FRAME_REJECTIONS } from './pricingFrame.js';
import type { FrameRejection } from './pricingFrame.js';

/** Frames rejected since start, by reason (every reason present, 0 when none). */
export type RejectedFrames = Readonly<Record<FrameRejection, number>>;

export interface RejectionTally {
  record(reason: FrameRejection, detail: string): void;
  counts(): RejectedFrames;
}

/**
 * Counts rejected frames by reason and logs each reason once at warn, then at debug: a streamer
 * that changed its format, or floods garbage, must not flood the log.
 */
export function createRejectionTally(log: Logger): RejectionTally {
  const counts = Object.fromEntries(FRAME_REJECTIONS.map((r) => [r, 0])) as Record<FrameRejection, number>;
  return {
    record(reason, detail) {
      const level = counts[reason] === 0 ? 'warn' : 'debug';
      counts[reason] += 1;
      log[level]({ problem: reason, detail }, 'stream frame rejected');
    },
    counts: () => ({ ...counts }),
  };
}
