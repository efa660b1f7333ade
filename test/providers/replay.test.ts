import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplayProvider } from '../../src/providers/replay.js';
import { FIXTURES_DIR, fixtureJson } from '../support/fixtures.js';
import { instrument, providerFailure, withSymbols } from '../support/providerKit.js';

const HSI = instrument('HSI');
const N225 = instrument('N225');
const USDCNH = instrument('USDCNH');
const minute = (iso: string) => Date.parse(iso);

let dir: string;
let clock = 0;

/** Copies fixtures under neutral names: the symbol must come from meta.symbol, not the file name. */
function copy(fixture: string, as: string): void {
  copyFileSync(join(FIXTURES_DIR, 'yahoo', fixture), join(dir, as));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'replay-test-'));
  copy('hsi-2025-06-02.json', 'a.json');
  copy('hsi-2025-06-03.json', 'b.json');
  copy('n225-2025-06-02.json', 'c.json');
  copy('cnh-2025-06-02.json', 'd.json');
  writeFileSync(join(dir, 'notes.txt'), 'not a chart');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const replay = () => createReplayProvider({ dir, now: () => clock });

describe('replay provider', () => {
  it('finds each symbol from meta.symbol and supports only recorded symbols', () => {
    const provider = replay();
    expect([HSI, N225, USDCNH].map((i) => provider.supports(i))).toEqual([true, true, true]);
    expect(provider.supports(withSymbols(HSI, { yahoo: '^XXX' }))).toBe(false);
  });

  it('returns the timeline of every recorded minute across symbols, sorted and without repeats', () => {
    const timeline = replay().timeline();
    expect(timeline[0]).toBe(minute('2025-06-02T00:00:00Z'));
    expect(timeline.at(-1)).toBe(minute('2025-06-03T01:37:00Z'));
    expect(timeline.every((t, i) => i === 0 || t > (timeline[i - 1] ?? 0))).toBe(true);
    // 14 + 7 HSI bars, 9 N225, 11 CNH; CNH shares 10 minutes with HSI on 2 June.
    expect(timeline).toHaveLength(14 + 7 + 9 + 11 - 10);
  });

  it('returns the quote as of the clock: bars up to now, the last one as price and time', async () => {
    clock = minute('2025-06-02T01:33:30Z');
    const quote = await replay().fetchQuote(HSI);
    expect(quote).toMatchObject({ symbol: 'HSI', provider: 'replay', time: minute('2025-06-02T01:33:00Z') });
    expect(quote.price).toBeCloseTo(23012.87, 2);
    expect(quote.bars).toHaveLength(4);
    expect(quote.previousClose).toBe(23289.77);
  });

  it("switches to the next day's bars and previous close once that day has started", async () => {
    clock = minute('2025-06-03T01:31:00Z');
    const quote = await replay().fetchQuote(HSI);
    expect(quote.bars.map((b) => b.time)).toEqual([
      minute('2025-06-03T01:30:00Z'),
      minute('2025-06-03T01:31:00Z'),
    ]);
    expect(quote.previousClose).toBe(23157.97);
  });

  it("keeps serving the last day's close between sessions", async () => {
    clock = minute('2025-06-02T12:00:00Z');
    const quote = await replay().fetchQuote(HSI);
    expect(quote.time).toBe(minute('2025-06-02T01:44:00Z'));
    expect(quote.bars).toHaveLength(14);
  });

  it('reports no data yet before the first recorded bar of a symbol', async () => {
    clock = minute('2025-06-02T01:00:00Z');
    const error = await providerFailure(replay().fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false, provider: 'replay' });
    expect(error.message).toContain('no data yet');
    expect((await replay().fetchQuote(N225)).provider).toBe('replay');
  });

  it('names the folder and the recorded symbols when asked for a symbol it does not have', async () => {
    const error = await providerFailure(replay().fetchQuote(withSymbols(HSI, { yahoo: '^XXX' })));
    expect(error.message).toContain(dir);
    expect(error.message).toContain('^HSI');
  });

  it('merges two recordings of the same day, without repeating a minute', async () => {
    const extra = structuredClone(fixtureJson('yahoo/hsi-2025-06-02.json')) as {
      chart: {
        result: Array<{ timestamp: number[]; indicators: { quote: Array<Record<string, unknown[]>> } }>;
      };
    };
    const result = extra.chart.result[0];
    if (!result) throw new Error('fixture without result');
    const quote = result.indicators.quote[0] ?? {};
    result.timestamp = [1748828640, 1748828700];
    for (const key of Object.keys(quote)) quote[key] = [23032.87, 23040.5];
    writeFileSync(join(dir, 'e.json'), JSON.stringify(extra));
    clock = minute('2025-06-02T02:00:00Z');
    const bars = (await replay().fetchQuote(HSI)).bars;
    expect(bars).toHaveLength(15);
    expect(new Set(bars.map((b) => b.time)).size).toBe(15);
    expect(bars.at(-1)).toEqual({ time: 1748828700_000, price: 23040.5 });
  });

  it('names a file that is not JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{"chart":{"result":[');
    expect(replay).toThrow(/broken\.json: cannot read it as JSON/);
  });

  it('names a file that is not a chart response, with the field at fault', () => {
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({ chart: { result: [{ meta: {} }], error: null } }),
    );
    expect(replay).toThrow(/other\.json: not a Yahoo chart response .*chart\.result\.0\.meta\.symbol/);
  });

  it('refuses a folder without chart files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'replay-empty-'));
    try {
      expect(() => createReplayProvider({ dir: empty, now: () => 0 })).toThrow(/has no \*\.json chart files/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
