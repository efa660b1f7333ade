/**
 * Prices of the last `windowMs`, oldest first, in growable parallel arrays used as a queue:
 * one push and amortised O(1) eviction per poll, no allocation per call.
 */
export class PriceWindow {
  private times: number[] = [];
  private prices: number[] = [];
  private head = 0;

  constructor(private windowMs: number) {}

  push(time: number, price: number): void {
    this.times.push(time);
    this.prices.push(price);
    const cutoff = time - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? Infinity) < cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) this.compact();
  }

  /** The first price still inside the window (the base of a windowed move), or null when empty. */
  firstPrice(): number | null {
    return this.head < this.prices.length ? (this.prices[this.head] ?? null) : null;
  }

  firstTime(): number | null {
    return this.head < this.times.length ? (this.times[this.head] ?? null) : null;
  }

  /** A shorter window drops prices at the next push; a longer one cannot bring back what was dropped. */
  resize(windowMs: number): void {
    this.windowMs = windowMs;
  }

  clear(): void {
    this.times = [];
    this.prices = [];
    this.head = 0;
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.prices = this.prices.slice(this.head);
    this.head = 0;
  }
}
