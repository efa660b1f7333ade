import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Config, Instrument } from '../../src/config/config.js';
import type { Engine } from '../../src/domain/engine.js';
import type { PricePoint, Quote } from '../../src/domain/quote.js';
import { createCrossMarket } from '../../src/domain/crossMarket.js';
import { createLogger } from '../../src/log.js';
import { createTickMemory, restoreState, runTick } from '../../src/pipeline/tick.js';
import type { TickDeps, TickMemory } from '../../src/pipeline/tick.js';
import type { AlertBatch, AlertSink } from '../../src/hub/messages.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';
import { engineFor, fakeCalendar, MINUTE, T0 } from '../support/engineHarness.js';
import { makeConfig } from '../support/testConfig.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('tick-');
const tempDb = () => join(tempDir(), 'bot.db');

/** Log lines captured as parsed JSON objects. */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ stream, level: 'debug' }), lines };
}

function recordingSink(fail = false) {
  const batches: AlertBatch[] = [];
  const sink = {
    deliver(batch: AlertBatch) {
      batches.push(batch);
      return fail ? Promise.reject(new Error('sink down')) : Promise.resolve();
    },
  } satisfies AlertSink;
  return { sink, batches };
}

/** Quotes served from a table of prices per symbol; a symbol mapped to an Error fails. */
function quotesFrom(
  table: Record<string, number | Error>,
  previousClose: Record<string, number>,
  time: number,
) {
  const fetched: string[] = [];
  return {
    fetched,
    quotes: {
      fetchQuote(inst: Instrument): Promise<Quote> {
        fetched.push(inst.id);
        const price = table[inst.id];
        if (price instanceof Error) return Promise.reject(price);
        return Promise.resolve({
          symbol: inst.id,
          price: price ?? null,
          time,
          previousClose: previousClose[inst.id] ?? null,
          // A flat last minute keeps the windowed rule quiet; these tests are about the day move.
          bars: [{ time: time - MINUTE, price: price ?? 1 }],
          provider: 'test',
        });
      },
    },
  };
}

const PREV = { HSI: 23_289.77, N225: 37_965.1, USDCNH: 7.203 };

function deps(
  config: Config,
  store: Store,
  quotes: TickDeps['quotes'],
  sink: AlertSink,
  log = captureLog().log,
) {
  const calendar = fakeCalendar();
  return {
    instruments: config.instruments,
    calendar,
    quotes,
    engine: engineFor(config, calendar),
    store,
    sink,
    log,
  };
}

/** Polls a minute apart with the cross-market signal on, after a flat first poll; the last poll's alert rules. */
async function crossMarketPolls(prices: readonly Record<string, number>[]): Promise<string[]> {
  const config = makeConfig();
  const store = openStore(tempDb());
  const flat = quotesFrom({ HSI: 23_289.77, N225: 37_965.1, USDCNH: 7.203 }, PREV, T0);
  const d = {
    ...deps(config, store, flat.quotes, recordingSink().sink),
    crossMarket: createCrossMarket(config.crossMarket),
  };
  const memory = createTickMemory();
  let result = await runTick(d, memory, T0);
  for (const [i, table] of prices.entries()) {
    const at = T0 + (i + 1) * MINUTE;
    result = await runTick({ ...d, quotes: quotesFrom(table, PREV, at).quotes }, memory, at);
  }
  store.close();
  return result.alerts.map((a) => a.rule);
}

describe('runTick', () => {
  it('GIVEN two instruments moving in the same poll THEN one grouped batch carries both', async () => {
    const store = openStore(tempDb());
    const { sink, batches } = recordingSink();
    const { quotes } = quotesFrom({ HSI: 23_000, N225: 37_400, USDCNH: 7.204 }, PREV, T0);
    const result = await runTick(deps(makeConfig(), store, quotes, sink), createTickMemory(), T0);
    store.close();
    expect(batches).toHaveLength(1);
    expect(new Set(batches[0]?.alerts.map((a) => a.symbol))).toEqual(new Set(['HSI', 'N225']));
    expect(result.alerts).toHaveLength(2);
  });

  it('GIVEN a restart THEN the same quote does not alert again and the saved state is restored', async () => {
    const config = makeConfig();
    const path = tempDb();
    const { quotes } = quotesFrom({ HSI: 23_000, N225: 37_965, USDCNH: 7.203 }, PREV, T0);

    const first = recordingSink();
    const store1 = openStore(path);
    await runTick(deps(config, store1, quotes, first.sink), createTickMemory(), T0);
    store1.close();

    const second = recordingSink();
    const store2 = openStore(path);
    const d2 = deps(config, store2, quotes, second.sink);
    restoreState(d2);
    await runTick(d2, createTickMemory(), T0 + MINUTE);
    const later = quotesFrom({ HSI: 22_800, N225: 37_965, USDCNH: 7.203 }, PREV, T0 + 2 * MINUTE);
    await runTick({ ...d2, quotes: later.quotes }, createTickMemory(), T0 + 2 * MINUTE);
    const recorded = store2.recentAlerts(10);
    store2.close();

    expect(first.batches.flatMap((b) => b.alerts.map((a) => `${a.rule}${a.severity}`))).toEqual(['dayMove1']);
    // After the restart tier 1 is not repeated; the escalation to tier 2 is new, and the window
    // rebuilt from stored bars still remembers the 23,000 from before the restart.
    expect(second.batches.flatMap((b) => b.alerts.map((a) => `${a.rule}${a.severity}`))).toEqual([
      'dayMove2',
      'windowMove1',
    ]);
    expect(second.batches[0]?.alerts[1]?.basePrice).toBe(23_000);
    expect(recorded).toHaveLength(3);
  });

  it('GIVEN the engine proposes an alert the store already holds THEN it is not delivered twice', async () => {
    const config = makeConfig();
    const store = openStore(tempDb());
    const { quotes } = quotesFrom({ HSI: 23_000 }, PREV, T0);
    const { sink, batches } = recordingSink();
    // A fresh engine with no saved state re-decides the same alert on the same quote.
    await runTick(deps(config, store, quotes, sink), createTickMemory(), T0);
    await runTick(deps(config, store, quotes, sink), createTickMemory(), T0);
    store.close();
    expect(batches).toHaveLength(1);
  });

  it('GIVEN one provider failure THEN the other instruments are still evaluated and the failure is logged', async () => {
    const store = openStore(tempDb());
    const { log, lines } = captureLog();
    const { quotes } = quotesFrom(
      { HSI: new Error('yahoo: timeout'), N225: 37_400, USDCNH: 7.203 },
      PREV,
      T0,
    );
    const { sink, batches } = recordingSink();
    const result = await runTick(deps(makeConfig(), store, quotes, sink, log), createTickMemory(), T0);
    store.close();
    expect(result.failed).toEqual(['HSI']);
    expect(batches[0]?.alerts.map((a) => a.symbol)).toEqual(['N225']);
    expect(
      lines.some((l) => l.symbol === 'HSI' && l.msg === 'quote fetch failed; will retry next poll'),
    ).toBe(true);
  });

  it('GIVEN the sink fails THEN the tick survives and the alert stays recorded', async () => {
    const store = openStore(tempDb());
    const { log, lines } = captureLog();
    const { quotes } = quotesFrom({ HSI: 23_000 }, PREV, T0);
    const { sink } = recordingSink(true);
    await expect(
      runTick(deps(makeConfig(), store, quotes, sink, log), createTickMemory(), T0),
    ).resolves.toBeDefined();
    expect(store.recentAlerts(5).map((a) => a.symbol)).toEqual(['HSI']);
    store.close();
    expect(lines.some((l) => String(l.msg).startsWith('alert delivery failed'))).toBe(true);
  });

  it('GIVEN both indices falling and the yuan rising in the same poll THEN one risk-off signal (the control)', async () => {
    const rules = await crossMarketPolls([{ HSI: 23_150, N225: 37_700, USDCNH: 7.215 }]);
    expect(rules).toContain('crossMarket');
  });

  it('GIVEN both indices falling while the yuan leg’s new print is held THEN no risk-off from the yuan’s earlier move', async () => {
    const rules = await crossMarketPolls([
      { HSI: 23_289.77, N225: 37_965.1, USDCNH: 7.215 },
      // The indices fall past 0.4 %; the yuan's print is ×1.25, not accepted, so the yuan is no leg now.
      { HSI: 23_150, N225: 37_700, USDCNH: 9.0 },
    ]);
    expect(rules).not.toContain('crossMarket');
  });

  it('GIVEN a closed market THEN its instrument is not even fetched', async () => {
    const store = openStore(tempDb());
    const config = makeConfig();
    const calendar = {
      status: (market: string, at: number) => fakeCalendar(() => market === 'TSE').status(market, at),
    };
    const { quotes, fetched } = quotesFrom({ HSI: 23_289, N225: 30_000, USDCNH: 7.2 }, PREV, T0);
    const { sink } = recordingSink();
    await runTick({ ...deps(config, store, quotes, sink), calendar }, createTickMemory(), T0);
    store.close();
    expect(fetched.sort()).toEqual(['HSI', 'USDCNH', 'USDCNY']);
  });

  it('GIVEN a tick THEN new bars and the instrument state are stored', async () => {
    const store = openStore(tempDb());
    const { quotes } = quotesFrom({ HSI: 23_000 }, PREV, T0);
    await runTick(deps(makeConfig(), store, quotes, recordingSink().sink), createTickMemory(), T0);
    expect(store.recentBars('HSI', 0)).toEqual([{ time: T0 - MINUTE, price: 23_000 }]);
    expect(store.loadInstrumentStates().states.get('HSI')).toMatchObject({ lastPrice: 23_000, lastTime: T0 });
    store.close();
  });

  it('GIVEN a silenced instrument THEN its alert is recorded but not delivered', async () => {
    const store = openStore(tempDb());
    store.silence('HSI', T0 + 60 * MINUTE, 'alice', T0 - MINUTE);
    const { quotes } = quotesFrom({ HSI: 23_000, N225: 37_400 }, PREV, T0);
    const { sink, batches } = recordingSink();
    await runTick(deps(makeConfig(), store, quotes, sink), createTickMemory(), T0);
    expect(batches.flatMap((b) => b.alerts.map((a) => a.symbol))).toEqual(['N225']);
    expect(
      store
        .recentAlerts(5)
        .map((a) => a.symbol)
        .sort(),
    ).toEqual(['HSI', 'N225']);
    store.close();
  });
});

/** One HSI quote at `time` carrying the given bars (the last bar's price is the quote's price). */
function barsQuote(bars: readonly PricePoint[], time: number) {
  return {
    fetchQuote(inst: Instrument): Promise<Quote> {
      const last = bars.at(-1)?.price ?? PREV.HSI;
      return Promise.resolve({
        symbol: inst.id,
        price: inst.id === 'HSI' ? last : null,
        time,
        previousClose: PREV[inst.id as keyof typeof PREV],
        bars: inst.id === 'HSI' ? bars : [],
        provider: 'test',
      });
    },
  };
}

/** A quiet HSI series, one bar a minute ending a minute before `end`, with `change` applied at chosen minutes. */
function hsiBars(count: number, end: number, change: Record<number, number> = {}): PricePoint[] {
  return Array.from({ length: count }, (_, i) => ({
    time: end - (count - i) * MINUTE,
    price: (change[i] ?? 1) * (23_000 + (i % 3) * 5),
  }));
}

/** The engine, with every warm-up input recorded. */
function recordingWarmUp(engine: Engine) {
  const warmed: PricePoint[][] = [];
  const wrapped: Engine = {
    ...engine,
    warmUp(symbol, points, previousClose) {
      if (symbol === 'HSI') warmed.push([...points]);
      engine.warmUp(symbol, points, previousClose);
    },
  };
  return { engine: wrapped, warmed };
}

describe('runTick: only screened prices are stored', () => {
  const SPIKE_MINUTE = 20;

  it('GIVEN a bar stamped a day ahead of the clock THEN it is neither stored nor the quote /level shows', async () => {
    const store = openStore(tempDb());
    const memory = createTickMemory();
    const ahead = { time: T0 + 24 * 60 * MINUTE, price: 23_004 };
    const d = deps(
      makeConfig(),
      store,
      barsQuote([...hsiBars(10, T0), ahead], ahead.time),
      recordingSink().sink,
    );
    await runTick(d, memory, T0);
    expect(store.recentBars('HSI', 0).map((p) => p.time)).not.toContain(ahead.time);
    expect(memory.latest.get('HSI')).toMatchObject({ time: T0 - MINUTE });
    // The next poll, on time, is judged and stored as usual.
    const next = hsiBars(1, T0 + MINUTE);
    await runTick({ ...d, quotes: barsQuote(next, T0 + MINUTE) }, memory, T0 + MINUTE);
    expect(memory.latest.get('HSI')).toMatchObject({ time: T0 + MINUTE, price: next[0]?.price });
    expect(store.recentBars('HSI', 0).at(-1)).toEqual(next[0]);
    store.close();
  });

  it('GIVEN a lone −25% tick among the bars THEN it is not stored, so charts and reactions never see it', async () => {
    const store = openStore(tempDb());
    const bars = hsiBars(40, T0, { [SPIKE_MINUTE]: 0.75 });
    const d = deps(makeConfig(), store, barsQuote(bars, T0), recordingSink().sink);
    await runTick(d, createTickMemory(), T0);
    const stored = store.recentBars('HSI', 0);
    store.close();
    expect(stored).toHaveLength(39);
    expect(stored.map((p) => p.time)).not.toContain(bars[SPIKE_MINUTE]?.time);
    expect(Math.min(...stored.map((p) => p.price))).toBeGreaterThan(22_000);
  });

  it('GIVEN a restart after a lone spike THEN warm-up sees neither the stored bars nor the quote’s spike', async () => {
    const path = tempDb();
    const bars = hsiBars(40, T0, { [SPIKE_MINUTE]: 0.75 });
    const store1 = openStore(path);
    await runTick(
      deps(makeConfig(), store1, barsQuote(bars, T0), recordingSink().sink),
      createTickMemory(),
      T0,
    );
    store1.close();

    const store2 = openStore(path);
    const later = [...bars, ...hsiBars(5, T0 + 5 * MINUTE)];
    const d2 = deps(makeConfig(), store2, barsQuote(later, T0 + 5 * MINUTE), recordingSink().sink);
    restoreState(d2);
    const { engine, warmed } = recordingWarmUp(d2.engine);
    await runTick({ ...d2, engine }, createTickMemory(), T0 + 5 * MINUTE);
    store2.close();
    expect(warmed).toHaveLength(1);
    expect(warmed[0]?.length).toBe(later.length - 1); // every bar but the spike
    expect(Math.min(...(warmed[0] ?? []).map((p) => p.price))).toBeGreaterThan(22_000);
  });

  it('GIVEN a bad tick stored before bars were screened THEN warm-up still leaves it out', async () => {
    const store = openStore(tempDb());
    const legacy = hsiBars(40, T0, { [SPIKE_MINUTE]: 0.75 });
    store.appendBars('HSI', legacy);
    const d = deps(
      makeConfig(),
      store,
      barsQuote(hsiBars(3, T0 + 3 * MINUTE), T0 + 3 * MINUTE),
      recordingSink().sink,
    );
    const { engine, warmed } = recordingWarmUp(d.engine);
    await runTick({ ...d, engine }, createTickMemory(), T0 + 3 * MINUTE);
    store.close();
    expect(warmed[0]?.length).toBe(legacy.length - 1 + 3);
    expect(Math.min(...(warmed[0] ?? []).map((p) => p.price))).toBeGreaterThan(22_000);
  });

  it('GIVEN a spike as the newest bar THEN it waits: dropped when the next bar returns, stored when it confirms', async () => {
    const store = openStore(tempDb());
    const memory = createTickMemory();
    const d = deps(makeConfig(), store, barsQuote([], T0), recordingSink().sink);
    const quiet = hsiBars(10, T0);
    const spike = { time: T0, price: 17_000 };
    await runTick({ ...d, quotes: barsQuote([...quiet, spike], T0 + MINUTE) }, memory, T0 + MINUTE);
    expect(store.recentBars('HSI', 0).map((p) => p.price)).not.toContain(17_000);

    const back = { time: T0 + MINUTE, price: 23_010 };
    await runTick(
      { ...d, quotes: barsQuote([...quiet, spike, back], T0 + 2 * MINUTE) },
      memory,
      T0 + 2 * MINUTE,
    );
    expect(store.recentBars('HSI', 0).map((p) => p.price)).not.toContain(17_000);
    expect(store.recentBars('HSI', 0).at(-1)).toEqual(back);

    // A genuine −26% crash: two bars beyond the bound, the confirming one is stored.
    const crash = [
      { time: T0 + 2 * MINUTE, price: 17_000 },
      { time: T0 + 3 * MINUTE, price: 16_900 },
    ];
    const series = [...quiet, spike, back, ...crash];
    await runTick({ ...d, quotes: barsQuote(series, T0 + 4 * MINUTE) }, memory, T0 + 4 * MINUTE);
    const stored = store.recentBars('HSI', 0);
    store.close();
    expect(stored.at(-1)).toEqual({ time: T0 + 3 * MINUTE, price: 16_900 });
    expect(stored.map((p) => p.time)).not.toContain(T0 + 2 * MINUTE);
  });
});

/**
 * HSI one quote a minute from T0 (minute m at T0 + m minutes, its bars every earlier minute);
 * the other instruments and the minutes in `failing` fail to fetch.
 */
function minuteQuotes(priceAt: (minute: number) => number, failing: ReadonlySet<number> = new Set()) {
  const clock = { minute: 0 };
  const quotes = {
    fetchQuote(inst: Instrument): Promise<Quote> {
      const { minute } = clock;
      if (inst.id !== 'HSI' || failing.has(minute)) return Promise.reject(new Error('yahoo: 503'));
      return Promise.resolve({
        symbol: 'HSI',
        price: priceAt(minute),
        time: T0 + minute * MINUTE,
        previousClose: PREV.HSI,
        bars: Array.from({ length: minute }, (_, m) => ({ time: T0 + m * MINUTE, price: priceAt(m) })),
        provider: 'test',
      });
    },
  };
  return { clock, quotes };
}

/** Runs a tick at each minute and returns the volatility alerts' z-scores, by minute. */
async function volatilityAlerts(
  d: TickDeps,
  memory: TickMemory,
  clock: { minute: number },
  minutes: number[],
) {
  const found: Record<number, number | null> = {};
  for (const minute of minutes) {
    clock.minute = minute;
    const { alerts } = await runTick(d, memory, T0 + minute * MINUTE);
    for (const a of alerts) if (a.rule === 'volatility') found[minute] = a.zScore ?? null;
  }
  return found;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('runTick: volatility scores a return over the minutes it spans', () => {
  // ±0.1% a minute for an hour: the SD of one-minute returns is 0.1% (index volatility: z ≥ 4, ≥ 0.3%).
  const quiet = (minute: number) => PREV.HSI * (minute % 2 === 1 ? 1.001 : 1);
  const LAST_QUIET = 59;
  const after = (movePct: number, at: number) => (minute: number) =>
    minute < at ? quiet(Math.min(minute, LAST_QUIET)) : quiet(LAST_QUIET) * (1 + movePct / 100);

  async function run(priceAt: (minute: number) => number, minutes: number[], failing?: Set<number>) {
    const store = openStore(tempDb());
    const { clock, quotes } = minuteQuotes(priceAt, failing);
    const d = deps(makeConfig(), store, quotes, recordingSink().sink);
    const found = await volatilityAlerts(d, createTickMemory(), clock, minutes);
    store.close();
    return found;
  }

  it('GIVEN a +0.5% move in one minute THEN it alerts (z ≈ 5): the control for the gap cases', async () => {
    const found = await run(after(0.5, 60), range(0, 60));
    expect(Object.keys(found)).toEqual(['60']);
    expect(found[60]).toBeGreaterThan(4.5);
  });

  it('GIVEN eight skipped cron ticks THEN a +0.9% move over 9 minutes is z ≈ 3, not 9: no alert', async () => {
    expect(await run(after(0.9, 68), [...range(0, LAST_QUIET), 68])).toEqual({});
  });

  it('GIVEN a skipped tick THEN a large move across it still alerts, scored per √minute', async () => {
    const found = await run(after(1.5, 68), [...range(0, LAST_QUIET), 68]);
    expect(found[68]).toBeGreaterThan(4.5);
    expect(found[68]).toBeLessThan(5.5);
  });

  it('GIVEN eight failed polls THEN the +0.9% return over 9 minutes does not alert', async () => {
    expect(await run(after(0.9, 60), range(0, 68), new Set(range(60, 67)))).toEqual({});
  });

  it('GIVEN a 9-minute restart THEN the first return is the last minute’s, not the 9 minutes’ (+0.9%)', async () => {
    // While the bot is down the price drifts up 0.1% a minute; the bars record it.
    const drift = (minute: number) =>
      minute <= LAST_QUIET ? quiet(minute) : quiet(LAST_QUIET) * 1.001 ** (minute - LAST_QUIET);
    const path = tempDb();
    const first = minuteQuotes(drift);
    const store1 = openStore(path);
    const d1 = deps(makeConfig(), store1, first.quotes, recordingSink().sink);
    await volatilityAlerts(d1, createTickMemory(), first.clock, range(0, LAST_QUIET));
    store1.close();

    const second = minuteQuotes(drift);
    const store2 = openStore(path);
    const d2 = deps(makeConfig(), store2, second.quotes, recordingSink().sink);
    restoreState(d2);
    const found = await volatilityAlerts(d2, createTickMemory(), second.clock, [68, 69]);
    store2.close();
    expect(found).toEqual({});
  });
});
