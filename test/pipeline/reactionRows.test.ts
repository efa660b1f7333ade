import { describe, expect, it } from 'vitest';
import { createConfigHolder } from '../../src/config/configHolder.js';
import { runtimeEvent } from '../../src/domain/events.js';
import { reactionRows } from '../../src/pipeline/reactionRows.js';
import { makeConfig } from '../support/testConfig.js';
import { useTempStores } from '../store/tempStore.js';

const MINUTE = 60_000;
const { open } = useTempStores();

describe('reactionRows', () => {
  const config = makeConfig();
  const hsi = config.instruments.find((i) => i.id === 'HSI');
  if (!hsi) throw new Error('the shipped config has no HSI');
  const holder = createConfigHolder(config);
  const monitor = {
    instruments: () => [hsi],
    latestQuote: () => undefined,
  };
  const t0 = Date.parse('2025-06-02T10:00:00+08:00');

  it('GIVEN a day of stored bars THEN the base is the bar that closed at T0 and the chart starts 30 minutes before T0', () => {
    const store = open(':memory:');
    const dayOpen = Date.parse('2025-06-02T09:30:00+08:00');
    const previousDay = Array.from({ length: 60 }, (_, i) => ({
      time: Date.parse('2025-05-30T15:00:00+08:00') + i * MINUTE,
      price: 23_000,
    }));
    const today = Array.from({ length: 120 }, (_, i) => ({ time: dayOpen + i * MINUTE, price: 23_100 + i }));
    store.appendBars('HSI', [...previousDay, ...today]);
    const [row] = reactionRows(
      { monitor, store, config: holder },
      runtimeEvent({ id: 'e', title: 't', time: t0 }, 120),
      t0 + 61 * MINUTE,
    );
    expect(row?.reaction.base).toEqual({ time: t0, price: 23_100 + 29 });
    expect(row?.points[0]?.time).toBe(t0 - 30 * MINUTE);
    expect(row?.points.at(-1)?.time).toBe(t0 + 60 * MINUTE);
  });

  it('GIVEN an event while HKEX is shut THEN the base is the last price before it, days earlier', () => {
    const store = open(':memory:');
    const friday = Date.parse('2025-05-30T15:59:00+08:00');
    const monday = Date.parse('2025-06-02T09:30:00+08:00');
    store.appendBars('HSI', [
      { time: friday, price: 23_000 },
      ...Array.from({ length: 90 }, (_, i) => ({ time: monday + i * MINUTE, price: 23_230 })),
    ]);
    const saturday = Date.parse('2025-05-31T12:00:00+08:00');
    const [row] = reactionRows(
      { monitor, store, config: holder },
      runtimeEvent({ id: 'e', title: 't', time: saturday }, 120),
      monday + 90 * MINUTE,
    );
    expect(row?.reaction.measuredFrom).toBe('open');
    expect(row?.reaction.base?.price).toBe(23_000);
    expect(row?.reaction.steps[0]?.changePct).toBeCloseTo(1, 9);
    expect(row?.points[0]?.time).toBe(monday);
  });
});
