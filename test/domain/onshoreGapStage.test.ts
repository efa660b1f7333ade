import { describe, expect, it } from 'vitest';
import type { AlertFacts } from '../../src/domain/alert.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import type { Engine } from '../../src/domain/engine.js';
import { engineFor, MINUTE, T0 } from '../support/engineHarness.js';
import { makeConfig } from '../support/testConfig.js';

type Data = any;

/** The shipped config, which watches the onshore rate beside USD/CNH, with `edit`. */
function withOnshore(edit?: (d: Data) => void) {
  return makeConfig((d: Data) => {
    edit?.(d);
  });
}

/** One poll as runTick has it: each quote observed, then the poll's alerts through the gap stage. */
function poll(engine: Engine, minute: number, cnh: number, cny = 7.195): AlertFacts[] {
  const time = T0 + minute * MINUTE;
  const alerts = [
    ...engine.observe({ symbol: 'USDCNY', price: cny, time, previousClose: 7.195 }, time).alerts,
    ...engine.observe({ symbol: 'USDCNH', price: cnh, time, previousClose: 7.203 }, time).alerts,
  ];
  return engine.withOnshoreGap(alerts);
}

describe('the onshore gap stage of the engine', () => {
  it('GIVEN 2 June 2025 (mainland shut) and CNH jumping through 7.20 THEN the level alert and the CNH alerts carry the spread and the holiday', () => {
    const config = withOnshore();
    const engine = engineFor(config, createCalendar(config.markets));
    const alerts = [7.1985, 7.1985, 7.2005, 7.2052].flatMap((cnh, i) => poll(engine, i, cnh));
    const gap = alerts.filter((a) => a.rule === 'onshoreGap');
    expect(gap.map((a) => a.id)).toEqual([
      `USDCNH:onshoreGap:widen:up:${T0 + 3 * MINUTE}`,
      `USDCNH:onshoreGap:level:100:up:${T0 + 3 * MINUTE}`,
    ]);
    const crossedUp = alerts.find((a) => a.rule === 'levelCross' && a.direction === 'up');
    expect(crossedUp?.onshore).toMatchObject({
      spreadPips: 102,
      mainlandTrades: false,
      mainlandStatus: 'closed: Dragon Boat Festival',
    });
    expect(engine.onshoreGap()?.context.spreadPips).toBe(102);
  });

  it('GIVEN a poll with no new CNH price THEN no second evaluation of the same reading', () => {
    const config = withOnshore((d) => (d.signals.onshoreGap.levelsPips = [50, 100]));
    const engine = engineFor(config, createCalendar(config.markets));
    poll(engine, 0, 7.2);
    expect(poll(engine, 1, 7.2051).filter((a) => a.rule === 'onshoreGap')).toHaveLength(2);
    expect(engine.withOnshoreGap([])).toEqual([]);
  });

  it('GIVEN the signal disabled, or no onshore instrument THEN alerts pass unchanged and no spread', () => {
    const withoutOnshore = makeConfig((d: Data) => {
      d.instruments = d.instruments.filter((i: { id: string }) => i.id !== 'USDCNY');
    });
    for (const config of [withOnshore((d) => (d.signals.onshoreGap.enabled = false)), withoutOnshore]) {
      const engine = engineFor(config, createCalendar(config.markets));
      const time = T0;
      engine.observe({ symbol: 'USDCNH', price: 7.2, time, previousClose: 7.203 }, time);
      const alert = { symbol: 'USDCNH' } as AlertFacts;
      expect(engine.withOnshoreGap([alert])).toEqual([alert]);
      expect(engine.onshoreGap()).toBeNull();
    }
  });
});
