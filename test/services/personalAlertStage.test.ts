import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import { createConfigHolder } from '../../src/config/configHolder.js';
import type { Quote } from '../../src/domain/quote.js';
import type { HubMessage } from '../../src/hub/messages.js';
import { createMonitor } from '../../src/pipeline/monitor.js';
import { createPersonalAlertStage } from '../../src/services/personalAlertStage.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';
import { MINUTE, PREV, T } from '../support/botHarness.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { alwaysOpenConfigData, toConfig } from '../support/testConfig.js';

const tempDir = useTempDirs('personal-stage-');
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** HSI flat at the previous close whenever it is polled. */
const flatQuotes = (clock: { now: number }) => ({
  name: 'flat',
  supports: () => true,
  fetchQuote: (instrument: Instrument): Promise<Quote> =>
    Promise.resolve({
      symbol: instrument.id,
      price: PREV.HSI,
      time: clock.now,
      previousClose: PREV.HSI,
      bars: Array.from({ length: 30 }, (_, i) => ({ time: clock.now - (30 - i) * MINUTE, price: PREV.HSI })),
      provider: 'yahoo',
    }),
});

function streamingMonitor() {
  const clock = { now: T };
  const store = openStore(join(tempDir(), 'state.db'));
  stores.push(store);
  const staged: HubMessage[] = [];
  const hub = { stage: (m: HubMessage) => void staged.push(m), deliver: () => Promise.resolve() };
  const monitor = createMonitor({
    config: createConfigHolder(toConfig(alwaysOpenConfigData())),
    store,
    quotes: flatQuotes(clock),
    sink: { deliver: () => Promise.resolve() },
    personal: createPersonalAlertStage({ store, hub, log: silentLog }),
    log: silentLog,
    now: () => clock.now,
  });
  return { clock, store, staged, monitor };
}

const streamed = (price: number, time: number) => ({
  symbol: 'HSI',
  price,
  time,
  previousClose: null,
  provider: 'yahoo stream',
});

describe('the personal-alert stage in the pipeline', () => {
  it('GIVEN streamed prices THEN an absurd print fires nothing and an accepted crossing fires once', async () => {
    const { clock, store, staged, monitor } = streamingMonitor();
    await monitor.tick(T);
    const condition = { kind: 'above', value: PREV.HSI * 1.003 } as const;
    store.addPersonalAlert(
      { memberId: '811111111111111111', symbol: 'HSI', condition, repeat: false, armed: true },
      T,
    );

    clock.now = T + 10_000;
    await monitor.streamed(streamed(PREV.HSI * 1000, clock.now));
    expect(staged).toEqual([]);

    clock.now = T + 20_000;
    await monitor.streamed(streamed(PREV.HSI * 1.004, clock.now));
    expect(staged).toMatchObject([{ kind: 'personal', firing: { key: 'pa-1-1', symbol: 'HSI' } }]);
    expect(store.allPersonalAlerts()).toEqual([]);

    clock.now = T + 30_000;
    await monitor.streamed(streamed(PREV.HSI * 1.005, clock.now));
    expect(staged).toHaveLength(1);
  });
});
