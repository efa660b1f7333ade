import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { createCloseWatch, LOOK_REMEMBERED_MS } from '../../src/wrap/closeWatch.js';
import { makeConfig } from '../support/testConfig.js';

const calendar = createCalendar(makeConfig().markets);
const at = (iso: string) => Date.parse(iso);

/** The days the watch reports at each instant, in order. */
function endedAcross(markets: string[], instants: string[]) {
  const watch = createCloseWatch();
  return instants.flatMap((iso) =>
    watch
      .ended(calendar, markets, at(iso))
      .map((d) => [iso, d.market, d.tradingDay, new Date(d.until).toISOString()]),
  );
}

describe('the close watch', () => {
  it('GIVEN HKEX through its lunch break to its close THEN one ended day, at the close, not at lunch', () => {
    expect(
      endedAcross(
        ['HKEX'],
        [
          '2025-06-03T02:00:00Z', // 10:00 HKT, trading
          '2025-06-03T04:30:00Z', // lunch
          '2025-06-03T06:00:00Z', // afternoon
          '2025-06-03T08:15:00Z', // 16:15 HKT, closed
          '2025-06-03T09:00:00Z', // still closed: nothing again
        ],
      ),
    ).toEqual([['2025-06-03T08:15:00Z', 'HKEX', '2025-06-03', '2025-06-03T08:15:00.000Z']]);
  });

  it('GIVEN FX trading through its 17:00 New York roll THEN the day ends at the last check before it', () => {
    expect(
      endedAcross(
        ['FX'],
        ['2025-06-03T20:58:00Z', '2025-06-03T20:59:00Z', '2025-06-03T21:00:00Z', '2025-06-03T21:01:00Z'],
      ),
    ).toEqual([['2025-06-03T21:00:00Z', 'FX', '2025-06-03', '2025-06-03T20:59:00.000Z']]);
  });

  it('GIVEN a start after the close THEN nothing: the day was not seen trading', () => {
    expect(endedAcross(['HKEX'], ['2025-06-03T08:15:00Z', '2025-06-03T09:00:00Z'])).toEqual([]);
  });

  it('GIVEN the looks of an earlier watch THEN a new watch ends the day it saw trading, unless the look is too old', () => {
    const looks = new Map<string, { tradingDay: string; trading: boolean; at: number }>();
    const memory = {
      load: () => looks,
      save: (m: string, l: { tradingDay: string; trading: boolean; at: number }) => void looks.set(m, l),
    };
    createCloseWatch(memory).ended(calendar, ['HKEX'], at('2025-06-03T06:00:00Z'));
    expect(looks.get('HKEX')).toEqual({
      tradingDay: '2025-06-03',
      trading: true,
      at: at('2025-06-03T06:00:00Z'),
    });

    const next = createCloseWatch(memory).ended(calendar, ['HKEX'], at('2025-06-03T08:15:00Z'));
    expect(next.map((d) => [d.market, d.tradingDay])).toEqual([['HKEX', '2025-06-03']]);

    looks.set('HKEX', { tradingDay: '2025-06-03', trading: true, at: at('2025-06-03T02:00:00Z') });
    const stale = createCloseWatch(memory).ended(
      calendar,
      ['HKEX'],
      at('2025-06-03T09:00:00Z') + LOOK_REMEMBERED_MS,
    );
    expect(stale).toEqual([]);
  });
});
