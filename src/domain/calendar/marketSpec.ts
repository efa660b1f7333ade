/*
 * What the calendar needs to know about a market. Declared here so the domain owns its vocabulary;
 * the config's validated market entries satisfy these types as they are.
 */

/** A time of day as HH:MM in the market's time zone. */
export type Hhmm = string;

export type Weekday = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/** One trading session: an interval of a trading day, e.g. HKEX's morning 09:30–12:00. */
export interface SessionSpec {
  readonly open: Hhmm;
  readonly close: Hhmm;
}

/** A one-off change to one local date (a typhoon closure, an extra half-day). */
export interface DayOverride {
  /** Local date YYYY-MM-DD. */
  readonly date: string;
  readonly closed: boolean;
  readonly halfDay: boolean;
  readonly reason: string;
}

/** An exchange: sessions on weekdays that are not holidays; the trading day is the local date. */
export interface ExchangeMarketSpec {
  readonly type: 'exchange';
  /** IANA time zone the sessions are written in. */
  readonly timezone: string;
  /** date-holidays country code whose public holidays close the market, e.g. HK. */
  readonly holidays?: string | undefined;
  /** Regular sessions; the gaps between them are lunch. */
  readonly sessions: readonly SessionSpec[];
  readonly halfDaySessions: readonly SessionSpec[];
  /** Recurring half-days as MM-DD. */
  readonly halfDays: readonly string[];
  readonly halfDayOnLunarNewYearEve: boolean;
  /** Exchange holidays that are not public holidays, as MM-DD. */
  readonly recurringClosures: readonly string[];
  readonly overrides: readonly DayOverride[];
}

/** A market open around the clock inside a weekly window (FX). */
export interface ContinuousMarketSpec {
  readonly type: 'continuous';
  readonly timezone: string;
  readonly opens: { readonly day: Weekday; readonly time: Hhmm };
  readonly closes: { readonly day: Weekday; readonly time: Hhmm };
  /** Local time when one trading day ends and the next begins (FX: 17:00 New York). */
  readonly dayRollsAt: Hhmm;
  /** Any override closes the whole day: continuous markets have no half-day sessions. */
  readonly overrides: readonly Pick<DayOverride, 'date' | 'reason'>[];
}

export type MarketSpec = ExchangeMarketSpec | ContinuousMarketSpec;
