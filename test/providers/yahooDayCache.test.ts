import { describe, expect, it } from 'vitest';
import { parseYahooChartDay, type YahooChartDay } from '../../src/providers/yahooChart.js';
import {
  createDayCache,
  FULL_DAY_AFTER_GAP_MS,
  LATE_BAR_OVERLAP_MS,
  mergeBars,
} from '../../src/providers/yahooDayCache.js';
import { parseYahooSpark } from '../../src/providers/yahooSpark.js';
import { fixtureJson } from '../support/fixtures.js';

const MINUTE = 60_000;
const HSI_DAY = parseYahooChartDay(fixtureJson('yahoo/hsi-2025-06-02.json'));
const LAST_BAR = 1748828640_000;
const NOW = 1748828670_000;

function sinceAnswer(): YahooChartDay {
  const days = parseYahooSpark(fixtureJson('yahoo/spark-2025-06-02-since.json'), ['^HSI'], {
    provider: 'yahoo',
    symbol: '^HSI',
  });
  return days.get('^HSI') as YahooChartDay;
}

describe('mergeBars', () => {
  const cached = [
    { time: 1 * MINUTE, price: 10 },
    { time: 2 * MINUTE, price: 11 },
    { time: 4 * MINUTE, price: 13 },
  ];
  const bounds = { startMs: 0, endMs: 10 * MINUTE };

  it('GIVEN a late bar, a revised bar and a new one THEN they slot in by time and the newer answer wins', () => {
    const merged = mergeBars(
      cached,
      [
        { time: 3 * MINUTE, price: 12 },
        { time: 4 * MINUTE, price: 13.5 },
        { time: 5 * MINUTE, price: 14 },
      ],
      bounds,
    );
    expect(merged).toEqual([
      { time: 1 * MINUTE, price: 10 },
      { time: 2 * MINUTE, price: 11 },
      { time: 3 * MINUTE, price: 12 },
      { time: 4 * MINUTE, price: 13.5 },
      { time: 5 * MINUTE, price: 14 },
    ]);
  });

  it('GIVEN bars outside the session THEN they are dropped and the cached bars stay', () => {
    expect(mergeBars(cached, [{ time: 11 * MINUTE, price: 99 }], bounds)).toBe(cached);
  });
});

describe('day cache', () => {
  it('GIVEN nothing cached (first fetch or after a restart) THEN the whole day is asked for', () => {
    expect(createDayCache().plan('^HSI', NOW)).toEqual({ kind: 'fullDay' });
  });

  it('GIVEN a cached day THEN only bars from the overlap before the newest one are asked for', () => {
    const cache = createDayCache();
    cache.record('^HSI', { kind: 'fullDay' }, HSI_DAY, NOW);
    expect(cache.plan('^HSI', NOW + MINUTE)).toEqual({
      kind: 'since',
      period1: (LAST_BAR - LATE_BAR_OVERLAP_MS) / 1000,
    });
  });

  it('GIVEN missed polls shorter than the gap THEN new bars are still asked from the newest cached one', () => {
    const cache = createDayCache();
    cache.record('^HSI', { kind: 'fullDay' }, HSI_DAY, NOW);
    expect(cache.plan('^HSI', NOW + FULL_DAY_AFTER_GAP_MS)).toMatchObject({ kind: 'since' });
    expect(cache.plan('^HSI', NOW + FULL_DAY_AFTER_GAP_MS + 1)).toEqual({ kind: 'fullDay' });
  });

  it('GIVEN the session has ended THEN the next fetch asks for the whole (new) day', () => {
    const cache = createDayCache();
    const sessionEnd = (HSI_DAY.meta.currentTradingPeriod?.regular.end ?? 0) * 1000;
    // Fetched a minute before the close, so only the session's end can call for a whole day.
    cache.record('^HSI', { kind: 'fullDay' }, HSI_DAY, sessionEnd - MINUTE);
    expect(cache.plan('^HSI', sessionEnd)).toMatchObject({ kind: 'since' });
    expect(cache.plan('^HSI', sessionEnd + 1)).toEqual({ kind: 'fullDay' });
  });

  it("GIVEN a new-bars answer THEN bars merge, the session's previous close stays and the meta is the new one", () => {
    const cache = createDayCache();
    cache.record('^HSI', { kind: 'fullDay' }, HSI_DAY, NOW);
    const answer = sinceAnswer();
    const day = cache.record('^HSI', { kind: 'since', period1: 1748828160 }, answer, NOW + MINUTE);
    expect(day.previousClose).toBe(HSI_DAY.previousClose);
    expect(answer.previousClose).not.toBe(HSI_DAY.previousClose);
    expect(day.meta.regularMarketTime).toBe(1748828725);
    expect(day.bars.map((b) => b.time)).toEqual(
      [...HSI_DAY.bars.map((b) => b.time), 1748828220_000, 1748828700_000].sort((a, b) => a - b),
    );
    expect(day.bars.find((b) => b.time === 1748828220_000)?.price).toBe(23012.4);
    expect(day.bars.find((b) => b.time === LAST_BAR)?.price).toBe(23034.2);
  });

  it('GIVEN the next session is fetched whole THEN the old session is gone', () => {
    const cache = createDayCache();
    cache.record('^HSI', { kind: 'fullDay' }, HSI_DAY, NOW);
    const next = parseYahooChartDay(fixtureJson('yahoo/hsi-2025-06-03.json'));
    const day = cache.record('^HSI', { kind: 'fullDay' }, next, 1748914700_000);
    expect(day.bars[0]?.time).toBe(1748914200_000);
    expect(day.previousClose).toBe(23157.97);
  });
});
