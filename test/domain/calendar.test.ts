import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { marketSchema, type MarketConfig } from '../../src/config/schema.js';
import { createCalendar, isDayOff, type MarketStatus } from '../../src/domain/calendar/index.js';

const botYaml = parse(readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8')) as {
  markets: unknown;
};
const markets = z.record(z.string(), marketSchema).parse(botYaml.markets);

/** The markets of config/bot.yaml, with extra overrides for one market. */
function withOverrides(
  market: string,
  overrides: { date: string; closed?: boolean; halfDay?: boolean; reason: string }[],
) {
  const base = markets[market];
  if (base === undefined) throw new Error(`no ${market} in config/bot.yaml`);
  const config: MarketConfig = {
    ...base,
    overrides: overrides.map((o) => ({ closed: false, halfDay: false, ...o })),
  };
  return createCalendar({ ...markets, [market]: config });
}

/** Epoch ms of an ISO time with an explicit offset, e.g. '2025-01-28T12:30+08:00'. */
function t(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  return ms;
}

const calendar = createCalendar(markets);
const hkex = (iso: string): MarketStatus => calendar.status('HKEX', t(`${iso}+08:00`));
const tse = (iso: string): MarketStatus => calendar.status('TSE', t(`${iso}+09:00`));
const fx = (iso: string): MarketStatus => calendar.status('FX', t(iso));

describe('exchange holidays', () => {
  it('closes HKEX on the three days of Lunar New Year 2025 and reopens on the Monday after', () => {
    expect(hkex('2025-01-29T10:00')).toEqual({
      state: 'closed',
      tradingDay: '2025-01-29',
      nextOpen: t('2025-02-03T09:30+08:00'),
      closesAt: null,
      openedAt: null,
      reason: 'holiday: Lunar New Year’s Day',
    });
    expect(hkex('2025-01-30T10:00').reason).toBe('holiday: The second day of Lunar New Year');
    expect(hkex('2025-01-31T10:00').reason).toBe('holiday: The third day of Lunar New Year');
    expect(hkex('2025-01-31T10:00').nextOpen).toBe(t('2025-02-03T09:30+08:00'));
  });

  it('closes HKEX on Ching Ming and National Day', () => {
    expect(hkex('2025-04-04T11:00')).toMatchObject({
      state: 'closed',
      reason: 'holiday: Ching Ming Festival',
    });
    expect(hkex('2025-10-01T14:00')).toMatchObject({
      state: 'closed',
      reason: 'holiday: National Day',
      nextOpen: t('2025-10-02T09:30+08:00'),
    });
  });

  it('closes the TSE on Children’s Day and its substitute holiday the day after', () => {
    expect(tse('2025-05-05T10:00')).toMatchObject({ state: 'closed', reason: "holiday: Children's Day" });
    expect(tse('2025-05-06T10:00')).toEqual({
      state: 'closed',
      tradingDay: '2025-05-06',
      nextOpen: t('2025-05-07T09:00+09:00'),
      closesAt: null,
      openedAt: null,
      reason: 'holiday: Greenery Day (substitute day)',
    });
  });

  it('closes the TSE on Coming of Age Day', () => {
    expect(tse('2025-01-13T09:30')).toMatchObject({
      state: 'closed',
      reason: 'holiday: Coming of Age Day',
      nextOpen: t('2025-01-14T09:00+09:00'),
    });
  });

  it('keeps the TSE closed over its year-end holidays 12-31, 01-01, 01-02 and 01-03', () => {
    expect(tse('2025-12-30T15:30')).toMatchObject({ state: 'closed', reason: 'after close' });
    expect(tse('2025-12-30T15:30').nextOpen).toBe(t('2026-01-05T09:00+09:00'));
    expect(tse('2025-12-31T10:00')).toMatchObject({ state: 'closed', reason: 'holiday: exchange holiday' });
    expect(tse('2026-01-01T10:00')).toMatchObject({ state: 'closed', reason: "holiday: New Year's Day" });
    expect(tse('2026-01-02T10:00')).toMatchObject({ state: 'closed', reason: 'holiday: exchange holiday' });
    expect(tse('2025-01-03T10:00')).toMatchObject({
      state: 'closed',
      reason: 'holiday: exchange holiday',
      nextOpen: t('2025-01-06T09:00+09:00'),
    });
  });

  it('keeps the TSE open on days that date-holidays lists only as observances', () => {
    expect(tse('2025-12-25T10:00')).toMatchObject({ state: 'open', reason: 'open' });
  });

  it('finds the next HKEX open across Easter 2025: Good Friday, the weekend and Easter Monday', () => {
    expect(hkex('2025-04-17T16:10')).toEqual({
      state: 'closed',
      tradingDay: '2025-04-17',
      nextOpen: t('2025-04-22T09:30+08:00'),
      closesAt: null,
      openedAt: null,
      reason: 'after close',
    });
    expect(hkex('2025-04-18T10:00').reason).toBe('holiday: Good Friday');
    expect(hkex('2025-04-19T10:00').reason).toBe('weekend');
    expect(hkex('2025-04-21T10:00')).toMatchObject({
      reason: 'holiday: Easter Monday',
      nextOpen: t('2025-04-22T09:30+08:00'),
    });
  });
});

describe('exchange sessions', () => {
  it('gives HKEX a lunch break from 12:00 to 13:00 and an afternoon until the 16:10 closing auction', () => {
    expect(hkex('2025-06-02T09:29')).toEqual({
      state: 'closed',
      tradingDay: '2025-06-02',
      nextOpen: t('2025-06-02T09:30+08:00'),
      closesAt: null,
      openedAt: null,
      reason: 'before open',
    });
    expect(hkex('2025-06-02T09:30')).toMatchObject({ state: 'open', closesAt: t('2025-06-02T12:00+08:00') });
    expect(hkex('2025-06-02T12:30')).toEqual({
      state: 'lunch',
      tradingDay: '2025-06-02',
      nextOpen: t('2025-06-02T13:00+08:00'),
      closesAt: t('2025-06-02T13:00+08:00'),
      openedAt: null,
      reason: 'lunch break',
    });
    expect(hkex('2025-06-02T16:09')).toEqual({
      state: 'open',
      tradingDay: '2025-06-02',
      nextOpen: null,
      closesAt: t('2025-06-02T16:10+08:00'),
      openedAt: t('2025-06-02T13:00+08:00'),
      reason: 'open',
    });
    expect(hkex('2025-06-02T16:10')).toMatchObject({
      state: 'closed',
      reason: 'after close',
      nextOpen: t('2025-06-03T09:30+08:00'),
    });
  });

  it('gives the TSE a lunch break from 11:30 to 12:30 and closes at 15:30', () => {
    expect(tse('2025-06-02T11:29')).toMatchObject({ state: 'open', closesAt: t('2025-06-02T11:30+09:00') });
    expect(tse('2025-06-02T12:00')).toEqual({
      state: 'lunch',
      tradingDay: '2025-06-02',
      nextOpen: t('2025-06-02T12:30+09:00'),
      closesAt: t('2025-06-02T12:30+09:00'),
      openedAt: null,
      reason: 'lunch break',
    });
    expect(tse('2025-06-02T15:29')).toMatchObject({ state: 'open', closesAt: t('2025-06-02T15:30+09:00') });
    expect(tse('2025-06-06T15:30')).toMatchObject({
      state: 'closed',
      reason: 'after close',
      nextOpen: t('2025-06-09T09:00+09:00'),
    });
  });

  it('uses the local date as the session id, even when UTC is still on the previous day', () => {
    expect(calendar.status('TSE', t('2025-06-02T00:30Z')).tradingDay).toBe('2025-06-02');
    expect(calendar.status('TSE', t('2025-06-01T23:59Z')).tradingDay).toBe('2025-06-02');
  });

  it('opens HKEX and the TSE at the same UTC hour in January and July, as Asia keeps no DST', () => {
    for (const month of ['01', '07']) {
      expect(calendar.status('HKEX', t(`2025-${month}-15T01:29Z`)).nextOpen).toBe(
        t(`2025-${month}-15T01:30Z`),
      );
      expect(calendar.status('HKEX', t(`2025-${month}-15T08:10Z`)).state).toBe('closed');
      expect(calendar.status('TSE', t(`2025-${month}-15T00:00Z`)).state).toBe('open');
      expect(calendar.status('TSE', t(`2025-${month}-15T06:29Z`)).closesAt).toBe(
        t(`2025-${month}-15T06:30Z`),
      );
    }
  });
});

describe('half-days', () => {
  it('trades only the morning on Christmas Eve 2025, then stays closed until after Boxing Day and the weekend', () => {
    expect(hkex('2025-12-24T10:00')).toEqual({
      state: 'open',
      tradingDay: '2025-12-24',
      nextOpen: null,
      closesAt: t('2025-12-24T12:10+08:00'),
      openedAt: t('2025-12-24T09:30+08:00'),
      reason: 'half-day: Christmas Eve',
    });
    expect(hkex('2025-12-24T12:10')).toEqual({
      state: 'closed',
      tradingDay: '2025-12-24',
      nextOpen: t('2025-12-29T09:30+08:00'),
      closesAt: null,
      openedAt: null,
      reason: 'after close (half-day: Christmas Eve)',
    });
  });

  it('trades only the morning on the eve of Lunar New Year (28 Jan 2025, 16 Feb 2026)', () => {
    expect(hkex('2025-01-28T12:05')).toMatchObject({
      state: 'open',
      closesAt: t('2025-01-28T12:10+08:00'),
      reason: "half-day: Lunar New Year's Eve",
    });
    expect(hkex('2025-01-28T14:00')).toMatchObject({
      state: 'closed',
      nextOpen: t('2025-02-03T09:30+08:00'),
    });
    expect(hkex('2026-02-16T11:00')).toMatchObject({ state: 'open', closesAt: t('2026-02-16T12:10+08:00') });
    expect(hkex('2026-02-16T13:30').state).toBe('closed');
    expect(hkex('2026-02-13T13:30').state).toBe('open');
  });

  it('takes the Lunar New Year date from date-holidays, so 2027’s eve is Friday 5 February', () => {
    // The new moon falls just before midnight in China; ICU's chinese calendar puts the new year on 7 Feb.
    expect(hkex('2027-02-05T13:30')).toMatchObject({
      state: 'closed',
      reason: "after close (half-day: Lunar New Year's Eve)",
      nextOpen: t('2027-02-10T09:30+08:00'),
    });
  });

  it('trades only the morning on New Year’s Eve', () => {
    expect(hkex('2025-12-31T14:00')).toMatchObject({
      state: 'closed',
      reason: "after close (half-day: New Year's Eve)",
      nextOpen: t('2026-01-02T09:30+08:00'),
    });
  });

  it('keeps a half-day that falls on a weekend closed and leaves the Friday before a full day', () => {
    expect(hkex('2022-12-24T10:00')).toMatchObject({ state: 'closed', reason: 'weekend' });
    expect(hkex('2022-12-23T15:00')).toMatchObject({ state: 'open', reason: 'open' });
    // Lunar New Year 2023 was on Sunday 22 January, so its eve was a Saturday.
    expect(hkex('2023-01-21T10:00')).toMatchObject({ state: 'closed', reason: 'weekend' });
    expect(hkex('2023-01-20T15:00')).toMatchObject({ state: 'open', reason: 'open' });
  });

  it('gives the TSE no half-days', () => {
    expect(tse('2025-12-24T14:00')).toMatchObject({ state: 'open', reason: 'open' });
  });
});

describe('overrides', () => {
  it('closes HKEX all day for a typhoon and reopens the next morning', () => {
    const typhoon = withOverrides('HKEX', [{ date: '2025-07-21', closed: true, reason: 'Typhoon signal 8' }]);
    expect(typhoon.status('HKEX', t('2025-07-21T10:00+08:00'))).toEqual({
      state: 'closed',
      tradingDay: '2025-07-21',
      nextOpen: t('2025-07-22T09:30+08:00'),
      closesAt: null,
      openedAt: null,
      reason: 'closed: Typhoon signal 8',
    });
    expect(typhoon.status('HKEX', t('2025-07-18T16:30+08:00')).nextOpen).toBe(t('2025-07-22T09:30+08:00'));
  });

  it('turns a regular HKEX day into a half-day', () => {
    const rainstorm = withOverrides('HKEX', [
      { date: '2025-07-22', halfDay: true, reason: 'Black rainstorm' },
    ]);
    expect(rainstorm.status('HKEX', t('2025-07-22T10:00+08:00'))).toMatchObject({
      state: 'open',
      closesAt: t('2025-07-22T12:10+08:00'),
      reason: 'half-day: Black rainstorm',
    });
    expect(rainstorm.status('HKEX', t('2025-07-22T13:30+08:00'))).toMatchObject({
      state: 'closed',
      nextOpen: t('2025-07-23T09:30+08:00'),
    });
  });

  it('reopens a public holiday as a regular day with an override that neither closes nor halves it', () => {
    const reopened = withOverrides('HKEX', [{ date: '2025-10-01', reason: 'trading on National Day' }]);
    expect(reopened.status('HKEX', t('2025-10-01T14:00+08:00'))).toMatchObject({
      state: 'open',
      closesAt: t('2025-10-01T16:10+08:00'),
    });
  });

  it('closes a whole FX trading day, from the 17:00 New York roll before it', () => {
    const christmas = withOverrides('FX', [{ date: '2025-12-25', closed: true, reason: 'Christmas' }]);
    expect(christmas.status('FX', t('2025-12-24T16:59-05:00'))).toMatchObject({
      state: 'open',
      tradingDay: '2025-12-24',
      closesAt: t('2025-12-24T17:00-05:00'),
    });
    expect(christmas.status('FX', t('2025-12-24T17:00-05:00'))).toEqual({
      state: 'closed',
      tradingDay: '2025-12-25',
      nextOpen: t('2025-12-25T17:00-05:00'),
      closesAt: null,
      openedAt: null,
      reason: 'closed: Christmas',
    });
  });
});

describe('FX', () => {
  it('closes Friday 17:00 and reopens Sunday 17:00 New York across the March 2025 DST change', () => {
    expect(fx('2025-03-07T16:59-05:00')).toEqual({
      state: 'open',
      tradingDay: '2025-03-07',
      nextOpen: null,
      closesAt: t('2025-03-07T22:00Z'),
      openedAt: t('2025-03-06T17:00-05:00'),
      reason: 'open',
    });
    expect(fx('2025-03-07T17:00-05:00')).toEqual({
      state: 'closed',
      tradingDay: '2025-03-08',
      nextOpen: t('2025-03-09T21:00Z'),
      closesAt: null,
      openedAt: null,
      reason: 'weekend',
    });
    expect(fx('2025-03-09T16:59-04:00')).toMatchObject({ state: 'closed', tradingDay: '2025-03-09' });
    expect(fx('2025-03-09T17:00-04:00')).toEqual({
      state: 'open',
      tradingDay: '2025-03-10',
      nextOpen: null,
      closesAt: t('2025-03-14T21:00Z'),
      openedAt: t('2025-03-09T17:00-04:00'),
      reason: 'open',
    });
  });

  it('closes at 21:00 UTC in summer and opens at 22:00 UTC after the November DST change', () => {
    expect(fx('2025-10-31T20:59Z').state).toBe('open');
    expect(fx('2025-10-31T21:00Z')).toMatchObject({ state: 'closed', nextOpen: t('2025-11-02T22:00Z') });
    expect(fx('2025-11-02T21:59Z').state).toBe('closed');
    expect(fx('2025-11-02T22:00Z')).toMatchObject({ state: 'open', closesAt: t('2025-11-07T22:00Z') });
  });

  it('rolls the session id at 17:00 New York while staying open', () => {
    expect(fx('2025-06-03T16:59-04:00')).toMatchObject({ state: 'open', tradingDay: '2025-06-03' });
    expect(fx('2025-06-03T17:00-04:00')).toMatchObject({
      state: 'open',
      tradingDay: '2025-06-04',
      closesAt: t('2025-06-06T17:00-04:00'),
    });
  });
});

describe('the calendar', () => {
  it('throws for an unknown market, naming it and the configured ones', () => {
    expect(() => calendar.status('NYSE', t('2025-06-02T10:00Z'))).toThrow(
      'unknown market "NYSE"; configured markets: HKEX, TSE, FX',
    );
  });

  it('rejects a holiday country that date-holidays does not know', () => {
    const hkexConfig = markets.HKEX;
    if (hkexConfig?.type !== 'exchange') throw new Error('HKEX must be an exchange');
    expect(() => createCalendar({ X: { ...hkexConfig, holidays: 'XX' } })).toThrow(
      'date-holidays knows no country "XX"',
    );
  });

  it('answers the same whether it is asked minute by minute or out of order', () => {
    // Four weeks around the US DST change of 9 March 2025, every 30 minutes.
    const start = t('2025-02-24T00:00Z');
    const times = Array.from({ length: 28 * 48 }, (_, i) => start + i * 30 * 60_000);
    // 97 is coprime with the count, so this visits every time once, jumping days back and forth.
    const scrambled = times.map((_, i) => times[(i * 97) % times.length] ?? 0);
    for (const market of ['HKEX', 'TSE', 'FX']) {
      const inOrder = createCalendar(markets);
      const outOfOrder = createCalendar(markets);
      const expected = new Map(times.map((at) => [at, inOrder.status(market, at)]));
      for (const at of scrambled) expect(outOfOrder.status(market, at)).toEqual(expected.get(at));
    }
  });
});

describe('the onshore yuan market (CFETS) and isDayOff', () => {
  const cfets = (iso: string): MarketStatus => calendar.status('CFETS', t(`${iso}+08:00`));

  it('GIVEN the Dragon Boat Festival day in lieu, 2 June 2025 THEN closed all day for it, a day off', () => {
    const status = cfets('2025-06-02T10:00');
    expect(status).toMatchObject({ state: 'closed', reason: 'closed: Dragon Boat Festival' });
    expect(isDayOff(status)).toBe(true);
    expect(cfets('2025-06-03T10:00').state).toBe('open');
  });

  it('GIVEN the night after a trading day, or the morning before one THEN closed but no day off', () => {
    expect(isDayOff(cfets('2025-06-03T18:00'))).toBe(false);
    expect(isDayOff(cfets('2025-06-03T08:00'))).toBe(false);
    expect(cfets('2025-06-03T16:29').state).toBe('open');
  });

  it('GIVEN a weekend, and an exchange holiday from date-holidays THEN a day off', () => {
    expect(isDayOff(cfets('2025-06-07T12:00'))).toBe(true);
    expect(isDayOff(hkex('2025-01-29T12:00'))).toBe(true);
    expect(isDayOff(hkex('2025-12-24T14:00'))).toBe(false); // half-day: after its close
  });
});
