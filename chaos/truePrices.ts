import type { InstrumentTruth } from './truth.js';

/*
 * Questions about one instrument's true path, asked by the judge. Prices match within a relative
 * 1e-6: a streamed price is the float32 of the true one (about 6e-8 off), while every planted bad
 * price is at least 0.3 % away from any true one.
 */

const PRICE_TOLERANCE = 1e-6;

export const samePrice = (a: number, b: number): boolean =>
  Math.abs(a - b) <= PRICE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));

/** The move from `base` to `price`, in percent, worked out here rather than by the bot's code. */
export const pctMove = (price: number, base: number): number => (price / base - 1) * 100;

interface Span {
  readonly price: number;
  readonly from: number;
  readonly to: number;
}

/** Each true price with the time it held: the previous close until the first step, the last step for ever. */
export function spans(truth: InstrumentTruth): Span[] {
  const { steps, previousClose } = truth;
  const first = steps[0]?.from ?? Infinity;
  const held = [{ price: previousClose, from: -Infinity, to: first }];
  steps.forEach((step, i) => {
    held.push({ price: step.price, from: step.from, to: steps[i + 1]?.from ?? Infinity });
  });
  return held;
}

/** The true prices that held at some moment of [from, to]. */
export function pricesDuring(truth: InstrumentTruth, from: number, to: number): number[] {
  return spans(truth)
    .filter((s) => s.from <= to && s.to > from)
    .map((s) => s.price);
}

/** Whether `price` was a true price at some moment of [from, to]. */
export function heldDuring(truth: InstrumentTruth, price: number, from: number, to: number): boolean {
  return pricesDuring(truth, from, to).some((p) => samePrice(p, price));
}

export type Side = 'up' | 'down';

/** The side of a level with its band, as the README states it: inside the band the side is kept. */
export function sideOf(price: number, level: number, band: number, previous: Side | null): Side | null {
  if (price >= level + band) return 'up';
  if (price <= level - band) return 'down';
  return previous;
}

/** Whether the true path was on a side other than `side` of `level` at some moment of [from, to]. */
export function awayFromSide(
  truth: InstrumentTruth,
  level: number,
  band: number,
  side: Side,
  window: { readonly from: number; readonly to: number },
): boolean {
  let current: Side | null = null;
  for (const span of spans(truth)) {
    current = sideOf(span.price, level, band, current);
    const overlaps = span.from <= window.to && span.to > window.from;
    if (overlaps && current !== null && current !== side) return true;
  }
  return false;
}
