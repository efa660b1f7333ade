/**
 * Population standard deviation of the last `period` values (as technicalindicators' SD computes
 * it), in O(1) per value and without allocating after construction.
 *
 * Why running sums with a periodic exact recompute rather than Welford with removal: both are O(1),
 * but Welford's M2 carries its rounding error for the whole life of the tracker (a year of minutes
 * is 180,000 updates per instrument) and never returns to exactly 0, while here the error is
 * bounded by one recompute period and the recompute is the oracle's own two-pass formula.
 *
 * The sums are of `value - reference`, where the reference is the window's mean at the last
 * recompute: subtracting it first keeps the squares small, so a price level of 40,000 with moves
 * of 0.001 does not lose its variance to cancellation in sumSquares − sum²/n.
 */
export class RollingStdDev {
  private readonly window: Float64Array;
  /** Where the next value goes; once the window is full, also where the oldest value is. */
  private next = 0;
  private count = 0;
  private reference = 0;
  private sum = 0;
  private sumSquares = 0;
  private sinceRecompute = 0;
  /** How many of the latest values are identical: a full window of them has an SD of exactly 0. */
  private equalRun = 0;
  private latest = Number.NaN;

  constructor(private readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`period must be a whole number of values, at least 1; got ${period}`);
    this.window = new Float64Array(period);
  }

  /** Adds a value and gives the SD of the last `period` values, or null until that many were seen. */
  push(value: number): number | null {
    this.equalRun = value === this.latest ? this.equalRun + 1 : 1;
    this.latest = value;
    if (this.count === this.period) {
      const leaving = (this.window[this.next] ?? 0) - this.reference;
      this.sum -= leaving;
      this.sumSquares -= leaving * leaving;
    } else {
      this.count++;
    }
    this.window[this.next] = value;
    // A compare, not `%`: an integer division on every value cost more than the rest of the push.
    if (++this.next === this.period) this.next = 0;
    const entering = value - this.reference;
    this.sum += entering;
    this.sumSquares += entering * entering;
    if (++this.sinceRecompute >= this.period) this.recompute();
    return this.count === this.period ? this.current() : null;
  }

  private current(): number {
    if (this.equalRun >= this.period) return 0;
    const n = this.period;
    // Rounding can leave a hair below zero when every value is nearly the same.
    return Math.sqrt(Math.max(0, (this.sumSquares - (this.sum * this.sum) / n) / n));
  }

  /** Exact two-pass sums about the current mean, which becomes the new reference. */
  private recompute(): void {
    let total = 0;
    for (let i = 0; i < this.count; i++) total += this.window[i] ?? 0;
    this.reference = total / this.count;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < this.count; i++) {
      const deviation = (this.window[i] ?? 0) - this.reference;
      sum += deviation;
      sumSquares += deviation * deviation;
    }
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.sinceRecompute = 0;
  }
}
