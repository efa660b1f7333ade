/** Room for a 15-minute window of 1-minute bars; the ring doubles when a window holds more. */
const INITIAL_CAPACITY = 32;

/**
 * Prices of the last `windowMs`, oldest first, in a ring of two `Float64Array`s: one push and
 * amortised O(1) eviction per poll. Plain arrays used as a queue had to be compacted and regrown
 * (≈ 70 bytes of garbage per push); the ring allocates only when a window outgrows it.
 */
export class PriceWindow {
  private times = new Float64Array(INITIAL_CAPACITY);
  private prices = new Float64Array(INITIAL_CAPACITY);
  /** Slot of the oldest price, and how many prices the window holds. */
  private head = 0;
  private size = 0;

  constructor(private windowMs: number) {}

  push(time: number, price: number): void {
    if (this.size === this.times.length) this.grow();
    const mask = this.times.length - 1;
    const slot = (this.head + this.size) & mask;
    this.times[slot] = time;
    this.prices[slot] = price;
    this.size++;
    const cutoff = time - this.windowMs;
    while (this.size > 0 && (this.times[this.head] ?? Infinity) < cutoff) {
      this.head = (this.head + 1) & mask;
      this.size--;
    }
  }

  /** The first price still inside the window (the base of a windowed move), or null when empty. */
  firstPrice(): number | null {
    return this.size > 0 ? (this.prices[this.head] ?? null) : null;
  }

  firstTime(): number | null {
    return this.size > 0 ? (this.times[this.head] ?? null) : null;
  }

  /** A shorter window drops prices at the next push; a longer one cannot bring back what was dropped. */
  resize(windowMs: number): void {
    this.windowMs = windowMs;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Twice the room, the prices unrolled oldest first (capacities stay powers of two for the mask). */
  private grow(): void {
    const capacity = this.times.length;
    const times = new Float64Array(capacity * 2);
    const prices = new Float64Array(capacity * 2);
    for (let i = 0; i < this.size; i++) {
      const slot = (this.head + i) & (capacity - 1);
      times[i] = this.times[slot] ?? 0;
      prices[i] = this.prices[slot] ?? 0;
    }
    this.times = times;
    this.prices = prices;
    this.head = 0;
  }
}
