/** What the stream benches share: the config that streams from the local fake, and a quote source in memory. */
import type { Config, Instrument } from '../src/config/config.js';
import type { Quote } from '../src/domain/quote.js';
import { alwaysOpenConfigData, toConfig } from '../test/support/testConfig.js';

export const PREVIOUS_CLOSE: Record<string, number> = {
  HSI: 23_289.77,
  N225: 37_965.1,
  USDCNH: 7.203,
  USDCNY: 7.195,
};

/** The shipped config with every instrument on an always-open market, streaming from the fake. */
export function benchConfig(streamUrl: string): Config {
  const data = alwaysOpenConfigData('all');
  data.streaming = { url: streamUrl };
  return toConfig(data);
}

/** A quote source in memory: a random walk around the previous close with an hour of bars. */
export function walkingQuotes() {
  const prices = new Map<string, number>();
  const next = (id: string) => {
    const price = (prices.get(id) ?? PREVIOUS_CLOSE[id] ?? 1) * (1 + (Math.random() - 0.5) * 0.002);
    prices.set(id, price);
    return price;
  };
  return {
    next,
    source: {
      name: 'bench',
      supports: () => true,
      fetchQuote(instrument: Instrument): Promise<Quote> {
        const now = Math.floor(Date.now() / 60_000) * 60_000;
        const previousClose = PREVIOUS_CLOSE[instrument.id] ?? 1;
        const bars = Array.from({ length: 60 }, (_, i) => ({
          time: now - (60 - i) * 60_000,
          price: previousClose,
        }));
        return Promise.resolve({
          symbol: instrument.id,
          price: next(instrument.id),
          time: now,
          previousClose,
          bars,
          provider: 'bench',
        });
      },
    },
  };
}
