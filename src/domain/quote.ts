/** One recorded price: a 1-minute bar close or a polled last price. Times are epoch milliseconds. */
export interface PricePoint {
  readonly time: number;
  readonly price: number;
}

/** A quote as a provider saw it, already parsed; prices may still be unusable (checked by isUsablePrice). */
export interface Quote {
  /** Config instrument id, e.g. HSI. */
  readonly symbol: string;
  /** Last price; providers pass through what they received so the core can reject it explicitly. */
  readonly price: number | null;
  /** Time of the last trade or bar, epoch ms. */
  readonly time: number;
  /** Previous trading day's close, if the provider knows it. */
  readonly previousClose: number | null;
  /** Today's 1-minute bars with null closes dropped, oldest first. */
  readonly bars: readonly PricePoint[];
  /** Name of the provider that produced it, e.g. yahoo. */
  readonly provider: string;
}

/** A price the rules may look at: finite and strictly positive. */
export function isUsablePrice(price: number | null | undefined): price is number {
  return typeof price === 'number' && Number.isFinite(price) && price > 0;
}
