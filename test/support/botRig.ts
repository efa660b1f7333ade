import type { Instrument } from '../../src/config/config.js';
import { readEnv } from '../../src/config/env.js';
import type { Env } from '../../src/config/env.js';
import type { Quote } from '../../src/domain/quote.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';

/**
 * What a bot under test is driven with (its clock's start, a quote board, a scheduler that runs
 * nothing by itself, an environment), apart from botHarness.ts so that the memory bench can drive
 * the bot without loading the fake Discord into the process it measures.
 */

/** Monday 2 June 2025, 10:16 in Hong Kong: HKEX, TSE and FX are all open. */
export const T = Date.parse('2025-06-02T02:16:00Z');
export const MINUTE = 60_000;
export const PREV = { HSI: 23_289.77, N225: 37_965.1, USDCNH: 7.203, USDCNY: 7.195 } as const;

/** Quotes the test sets per instrument; each fetch returns the current one at the harness clock. */
export function quoteBoard(clock: { now: number }) {
  const prices = new Map<string, number>();
  return {
    set(symbol: keyof typeof PREV, price: number) {
      prices.set(symbol, price);
    },
    source: {
      name: 'board',
      supports: () => true,
      fetchQuote(instrument: Instrument): Promise<Quote> {
        const prev = PREV[instrument.id as keyof typeof PREV];
        const price = prices.get(instrument.id) ?? prev;
        const bars = Array.from({ length: 40 }, (_, i) => ({
          time: clock.now - (40 - i) * MINUTE,
          price: prev + ((price - prev) * i) / 40,
        }));
        return Promise.resolve({
          symbol: instrument.id,
          price,
          time: clock.now,
          previousClose: prev,
          bars,
          provider: 'yahoo',
        });
      },
    },
  };
}

/** A scheduler that runs nothing by itself: tests call the bot's poll() and newsTick(). */
export function manualScheduler(): Scheduler & { readonly crons: string[] } {
  const crons: string[] = [];
  const idle = { stop: () => Promise.resolve() };
  return {
    crons,
    cron(job) {
      crons.push(job.cron);
      return idle;
    },
    every: () => idle,
  };
}

/** A parsed environment from the given variables (the defaults fill the rest). */
export function testEnv(vars: Record<string, string>): Env {
  const result = readEnv(vars);
  if (!result.ok) throw new Error(`bad test environment: ${result.problems.join('; ')}`);
  return result.env;
}
