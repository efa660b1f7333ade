import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { createConfigHolder } from '../../src/config/configHolder.js';
import { createMonitor } from '../../src/pipeline/monitor.js';
import type { AlertBatch } from '../../src/hub/messages.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';
import { MINUTE, PREV, T } from '../support/botHarness.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { alwaysOpenConfigData, toConfig } from '../support/testConfig.js';

const tempDir = useTempDirs('tick-stream-');
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** HSI alone, on a market that is always open. */
const config = toConfig(alwaysOpenConfigData());

/** A flat HSI at the previous close; `hold()` makes the next fetch wait until released. */
function gatedQuotes(clock: { now: number }) {
  let gate: Promise<void> | null = null;
  let release: () => void = () => undefined;
  return {
    hold() {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release() {
      release();
    },
    source: {
      name: 'gated',
      supports: () => true,
      async fetchQuote(instrument: Instrument): Promise<Quote> {
        if (gate) await gate;
        const bars = Array.from({ length: 30 }, (_, i) => ({
          time: clock.now - (30 - i) * MINUTE,
          price: PREV.HSI,
        }));
        return {
          symbol: instrument.id,
          price: PREV.HSI,
          time: clock.now,
          previousClose: PREV.HSI,
          bars,
          provider: 'yahoo',
        };
      },
    },
  };
}

function monitorWith(clock: { now: number }) {
  const quotes = gatedQuotes(clock);
  const store = openStore(join(tempDir(), 'state.db'));
  stores.push(store);
  const batches: AlertBatch[] = [];
  const sink = { deliver: (b: AlertBatch) => (batches.push(b), Promise.resolve()) };
  const monitor = createMonitor({
    config: createConfigHolder(config),
    store,
    quotes: quotes.source,
    sink,
    log: silentLog,
    now: () => clock.now,
  });
  return { monitor, quotes, store, batches };
}

const streamed = (price: number, time: number) => ({
  symbol: 'HSI',
  price,
  time,
  previousClose: null,
  provider: 'yahoo stream',
});

describe('streamed prices through the monitor', () => {
  it('GIVEN no poll yet THEN a streamed fall is not evaluated (polling warms up first)', async () => {
    const clock = { now: T };
    const { monitor, store } = monitorWith(clock);
    await monitor.streamed(streamed(PREV.HSI * 0.96, T));
    expect(store.recentAlerts(10)).toEqual([]);
    expect(monitor.latestQuote('HSI')).toBeUndefined();
  });

  it('GIVEN a warmed-up instrument THEN a streamed fall alerts with the stream as provider and the print time', async () => {
    const clock = { now: T };
    const { monitor, batches } = monitorWith(clock);
    await monitor.tick(T);
    clock.now = T + 7_000;
    await monitor.streamed(streamed(PREV.HSI * 0.97, T + 7_000));
    const alerts = batches.flatMap((b) => b.alerts);
    expect(alerts.map((a) => a.rule)).toContain('dayMove');
    expect(alerts.every((a) => a.time === T + 7_000)).toBe(true);
    expect(batches[0]?.providers).toEqual({ HSI: 'yahoo stream' });
    expect(monitor.latestQuote('HSI')).toMatchObject({
      price: PREV.HSI * 0.97,
      time: T + 7_000,
      provider: 'yahoo stream',
    });
  });

  it('GIVEN streamed prints held, implausible or stamped a day ahead THEN none alerts or shows as the latest quote', async () => {
    const clock = { now: T };
    const { monitor, batches } = monitorWith(clock);
    await monitor.tick(T);
    const wrong = [
      streamed(PREV.HSI * 1.25, T + 30_000), // beyond the sanity bound: held
      streamed(PREV.HSI * 1000, T + 31_000), // implausible
      streamed(PREV.HSI * 0.97, T + 24 * 60 * MINUTE), // a day ahead
    ];
    for (const print of wrong) {
      clock.now = Math.min(print.time, T + 40_000);
      await monitor.streamed(print);
    }
    expect(batches).toEqual([]);
    expect(monitor.latestQuote('HSI')).toMatchObject({ price: PREV.HSI, time: T });
    // The next poll is judged at its own time: the day-ahead print did not become the reference.
    clock.now = T + MINUTE;
    await monitor.tick(T + MINUTE);
    expect(monitor.latestQuote('HSI')).toMatchObject({ price: PREV.HSI, time: T + MINUTE });
    expect(monitor.screenCounts()).toEqual({ HSI: { invalid: 0, aheadOfClock: 1, implausible: 1, held: 1 } });
  });

  it('GIVEN prices streamed during a slow poll THEN they wait for it and only the latest per symbol is evaluated', async () => {
    const clock = { now: T };
    const { monitor, quotes, batches } = monitorWith(clock);
    await monitor.tick(T);
    clock.now = T + MINUTE;
    quotes.hold();
    const poll = monitor.tick(T + MINUTE);
    let evaluated = false;
    const first = monitor.streamed(streamed(PREV.HSI * 0.96, T + MINUTE + 1_000));
    const last = monitor.streamed(streamed(PREV.HSI * 1.001, T + MINUTE + 2_000));
    void last.then(() => (evaluated = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(evaluated).toBe(false);
    quotes.release();
    await Promise.all([poll, first, last]);
    // The 4 % fall was overtaken by the next price before the queue reached it: no alert from it.
    expect(batches).toEqual([]);
    expect(monitor.latestQuote('HSI')).toMatchObject({ price: PREV.HSI * 1.001, time: T + MINUTE + 2_000 });
  });
});
