/**
 * RSI(14) and Bollinger bands (20, 2) over an instrument's 1-minute bars, for /level: indicators
 * people read, computed with technicalindicators. Pure; the bars are the screened ones.
 *
 * The bars are taken as one series: a lunch break or an overnight gap is not bridged, it simply
 * joins the minutes before and after it, as a chart's x axis would.
 */
import { BollingerBands, RSI } from 'technicalindicators';
import type { PricePoint } from '../../domain/quote.js';

export const RSI_PERIOD = 14;
export const BOLLINGER_PERIOD = 20;
export const BOLLINGER_STD_DEV = 2;
/** RSI needs one price more than its period: it averages period changes. */
export const RSI_MIN_BARS = RSI_PERIOD + 1;

/** One bar's Bollinger bands. */
export interface BandPoint {
  readonly time: number;
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

export interface LevelIndicators {
  /** How many bars the indicators saw. */
  readonly bars: number;
  /** The last RSI(14), 0 to 100; null with fewer than RSI_MIN_BARS bars or no change at all. */
  readonly rsi: number | null;
  /** Bands from the BOLLINGER_PERIOD-th bar on; empty with fewer bars. */
  readonly bands: readonly BandPoint[];
}

/**
 * technicalindicators calls a window without a single change RSI 100 ("overbought"); no movement
 * is no momentum, so it gets no RSI.
 */
function lastRsi(prices: readonly number[]): number | null {
  if (prices.length < RSI_MIN_BARS) return null;
  const window = prices.slice(-RSI_MIN_BARS);
  if (window.every((p) => p === window[0])) return null;
  // The whole series, so Wilder's smoothing runs in as on any charting site.
  return RSI.calculate({ values: prices as number[], period: RSI_PERIOD }).at(-1) ?? null;
}

function bandsOf(points: readonly PricePoint[]): BandPoint[] {
  if (points.length < BOLLINGER_PERIOD) return [];
  const values = points.map((p) => p.price);
  const bands = BollingerBands.calculate({ values, period: BOLLINGER_PERIOD, stdDev: BOLLINGER_STD_DEV });
  // The first band belongs to the BOLLINGER_PERIOD-th bar.
  const offset = points.length - bands.length;
  return bands.map((b, i) => ({
    time: points[i + offset]?.time ?? 0,
    upper: b.upper,
    middle: b.middle,
    lower: b.lower,
  }));
}

export function levelIndicators(points: readonly PricePoint[]): LevelIndicators {
  return { bars: points.length, rsi: lastRsi(points.map((p) => p.price)), bands: bandsOf(points) };
}
