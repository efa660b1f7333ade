import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Config, Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { createLogger } from '../../src/log.js';
import { createTickMemory, restoreState, runTick } from '../../src/scheduler/tick.js';
import type { TickDeps } from '../../src/scheduler/tick.js';
import type { AlertBatch, AlertSink } from '../../src/sinks/sink.js';
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
    expect(fetched.sort()).toEqual(['HSI', 'USDCNH']);
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
