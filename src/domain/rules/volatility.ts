import { SD } from 'technicalindicators';

/*
 * technicalindicators' SD yields a stale value whenever the window's mean is exactly 0 (it tests
 * `if (mean)`), which flat FX minutes produce. SD is shift-invariant, so returns are fed with a
 * constant offset that keeps the mean away from 0 without changing the result.
 */
const RETURN_OFFSET_BP = 10_000;

/** Streaming z-score of poll-to-poll returns against the SD of the previous `lookback` returns. */
export interface VolatilityTracker {
  /** Feeds a return in percent and gives its z-score against the returns before it (null while warming up). */
  next(returnPct: number): number | null;
}

export function createVolatilityTracker(lookback: number): VolatilityTracker {
  const sd = new SD({ period: lookback, values: [] });
  let previousSd: number | undefined;
  return {
    next(returnPct) {
      const z = previousSd !== undefined && previousSd > 0 ? (returnPct * 100) / previousSd : null;
      previousSd = sd.nextValue(returnPct * 100 + RETURN_OFFSET_BP);
      return z;
    },
  };
}
