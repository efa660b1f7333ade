import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instrument } from '../config/config.js';
import type { PricePoint, Quote } from '../domain/quote.js';
import { providerError, type ProviderError } from '../http/errors.js';
import type { QuoteSource } from './quoteSource.js';
import { parseYahooChartDay, type YahooChartDay } from './yahooChart.js';

export interface ReplayProviderOptions {
  /** Folder of saved Yahoo chart responses (*.json), any number of days and symbols. */
  readonly dir: string;
  readonly now: () => number;
}

export interface ReplayProvider extends QuoteSource {
  /** Every recorded bar time across all symbols, sorted and unique: one poll per recorded minute. */
  timeline(): number[];
}

interface ReplayDay {
  readonly day: number;
  readonly previousClose: number | null;
  readonly bars: readonly PricePoint[];
}

const DAY_SECONDS = 86_400;

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

function loadFile(path: string): YahooChartDay {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`replay data ${path}: cannot read it as JSON (${reason(err)})`, { cause: err });
  }
  try {
    return parseYahooChartDay(body, { provider: 'replay', symbol: path });
  } catch (err) {
    throw new Error(`replay data ${path}: not a Yahoo chart response (${reason(err)})`, { cause: err });
  }
}

/** Local calendar day of the file's first bar, from the exchange offset Yahoo put in the file. */
function dayOf(chart: YahooChartDay, firstBar: PricePoint): number {
  return Math.floor((firstBar.time / 1000 + (chart.meta.gmtoffset ?? 0)) / DAY_SECONDS);
}

interface DayDraft {
  previousClose: number | null;
  readonly bars: Map<number, number>;
}

const byKey = <T>([a]: [number, T], [b]: [number, T]) => a - b;

/** Files of one symbol and day merge; a later file's bar wins on an equal time. */
function groupDays(charts: readonly YahooChartDay[]): Map<string, ReplayDay[]> {
  const drafts = new Map<string, Map<number, DayDraft>>();
  for (const chart of charts) {
    const first = chart.bars[0];
    if (!first) continue;
    const days = drafts.get(chart.yahooSymbol) ?? new Map<number, DayDraft>();
    drafts.set(chart.yahooSymbol, days);
    const day = dayOf(chart, first);
    const draft = days.get(day) ?? { previousClose: null, bars: new Map<number, number>() };
    days.set(day, draft);
    draft.previousClose ??= chart.previousClose;
    for (const bar of chart.bars) draft.bars.set(bar.time, bar.price);
  }
  const toDay = ([day, draft]: [number, DayDraft]): ReplayDay => ({
    day,
    previousClose: draft.previousClose,
    bars: [...draft.bars].sort(byKey).map(([time, price]) => ({ time, price })),
  });
  return new Map([...drafts].map(([symbol, days]) => [symbol, [...days].sort(byKey).map(toDay)]));
}

/** Index of the last bar at or before `time`, or -1. */
function lastAtOrBefore(bars: readonly PricePoint[], time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid]?.time ?? Infinity) <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Serves saved Yahoo chart responses as quotes as of an injected clock. Files are read once, up front. */
export function createReplayProvider({ dir, now }: ReplayProviderOptions): ReplayProvider {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new Error(`replay data folder ${dir} cannot be read (${reason(err)})`, { cause: err });
  }
  if (names.length === 0) throw new Error(`replay data folder ${dir} has no *.json chart files`);
  const bySymbol = groupDays(names.map((n) => loadFile(join(dir, n))));
  const timeline = [...new Set([...bySymbol.values()].flat().flatMap((d) => d.bars.map((b) => b.time)))].sort(
    (a, b) => a - b,
  );
  const name = 'replay';

  function notFound(symbol: string, message: string): ProviderError {
    return providerError({ provider: name, symbol }, 'NOT_FOUND', false, message);
  }

  return {
    name,
    supports: (instrument: Instrument) => bySymbol.has(instrument.symbols.yahoo),
    timeline: () => [...timeline],
    fetchQuote(instrument: Instrument): Promise<Quote> {
      const symbol = instrument.symbols.yahoo;
      const days = bySymbol.get(symbol);
      if (!days) {
        return Promise.reject(
          notFound(
            symbol,
            `no recorded data for "${symbol}" in ${dir} (have: ${[...bySymbol.keys()].join(', ')})`,
          ),
        );
      }
      const t = now();
      for (const day of days.toReversed()) {
        const index = lastAtOrBefore(day.bars, t);
        const last = day.bars[index];
        if (!last) continue;
        return Promise.resolve({
          symbol: instrument.id,
          price: last.price,
          time: last.time,
          previousClose: day.previousClose,
          bars: day.bars.slice(0, index + 1),
          provider: name,
        });
      }
      return Promise.reject(
        notFound(
          symbol,
          `no data yet for "${symbol}" at ${new Date(t).toISOString()} (recording starts later)`,
        ),
      );
    },
  };
}
