import { fixtureJson } from '../test/support/fixtures.js';
import type { InstrumentPath } from './pricePath.js';

const MINUTE_S = 60;
/** Minutes of 1-minute bars in each answer, as Yahoo's range=1d gives the session so far. */
const HISTORY_MINUTES = 90;

interface ChartTemplate {
  readonly meta: Record<string, unknown>;
  readonly previousClose: number;
}

/** The recorded response's meta, kept as Yahoo sent it apart from the fields the fake sets per answer. */
export function chartTemplate(path: InstrumentPath): ChartTemplate {
  const body = fixtureJson(path.fixture) as { chart: { result: { meta: Record<string, unknown> }[] } };
  const meta = body.chart.result[0]?.meta;
  if (!meta) throw new Error(`chaos: fixture ${path.fixture} has no chart.result[0].meta`);
  const close = meta.chartPreviousClose ?? meta.previousClose;
  if (typeof close !== 'number') throw new Error(`chaos: fixture ${path.fixture} has no previous close`);
  return { meta, previousClose: close };
}

export interface ChartAnswer {
  /** Epoch seconds of regularMarketTime and of the last bar. */
  readonly timeS: number;
  readonly price: number;
  /** The close of each minute that the fake has already served, by the minute's start (epoch s). */
  readonly history: ReadonlyMap<number, number>;
}

/** A v8 chart body: 1-minute bars up to `timeS`, the live bar closing at `price`. */
export function chartBody(template: ChartTemplate, answer: ChartAnswer): unknown {
  const currentMinute = answer.timeS - (answer.timeS % MINUTE_S);
  const timestamps: number[] = [];
  const closes: number[] = [];
  let close = template.previousClose;
  for (let m = currentMinute - HISTORY_MINUTES * MINUTE_S; m < currentMinute; m += MINUTE_S) {
    close = answer.history.get(m) ?? close;
    timestamps.push(m);
    closes.push(close);
  }
  timestamps.push(currentMinute);
  closes.push(answer.price);
  const meta = { ...template.meta, regularMarketTime: answer.timeS, regularMarketPrice: answer.price };
  return {
    chart: {
      result: [
        {
          meta,
          timestamp: timestamps,
          indicators: {
            quote: [{ open: closes, high: closes, low: closes, close: closes, volume: closes.map(() => 0) }],
          },
        },
      ],
      error: null,
    },
  };
}
