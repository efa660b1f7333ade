/**
 * Feed dates in the forms real sources use: RFC 822 (RSS), ISO 8601 (Atom, JSON APIs) and GDELT's
 * compact `20250602T013000Z`. A date without an offset is read in the feed's configured zone; an
 * abbreviation is read by a fixed table, except CST, which is China Standard Time for a feed whose
 * zone is Chinese and US Central otherwise (RFC 822's meaning). Anything else is unreadable: the
 * caller skips the item rather than guess a time hours off.
 */
import { Zone } from '../domain/calendar/zone.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Zones whose "CST" means China Standard Time (UTC+8), not US Central. */
const CHINA_STANDARD_TIME_ZONES = new Set([
  'Asia/Shanghai',
  'Asia/Chongqing',
  'Asia/Harbin',
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'PRC',
]);

// Only abbreviations with one meaning in the sources we read; CST is decided per feed below.
const ABBREVIATION_HOURS: Readonly<Record<string, number>> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  EST: -5,
  EDT: -4,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  JST: 9,
  KST: 9,
  HKT: 8,
  SGT: 8,
  BJT: 8,
  AWST: 8,
  AEST: 10,
  AEDT: 11,
  CET: 1,
  CEST: 2,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const GDELT_COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC_822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?$/i;

const zones = new Map<string, Zone>();
/** The calendar's zone arithmetic, one instance per feed zone (each holds a formatter). */
function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new Zone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** A wall-clock time in an IANA zone as epoch ms; the second pass settles DST edges. */
function zonedToEpoch(t: LocalTime, timeZone: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const zone = zoneOf(timeZone);
  return wall - zone.offsetAt(wall - zone.offsetAt(wall));
}

/** Rejects 31 June, 25:00 and the like instead of letting Date.UTC roll them over. */
function isRealTime(t: LocalTime): boolean {
  if (t.month < 1 || t.month > 12 || t.hour > 23 || t.minute > 59 || t.second > 60) return false;
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  return d.getUTCDate() === t.day && t.day >= 1;
}

/** Offset in ms for a zone token (`+0800`, `-04:00`, `Z`, `JST`, `CST`…); null when unknown. */
function zoneTokenOffsetMs(token: string, feedZone: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(token);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    return sign * (Number(numeric[2]) * HOUR_MS + Number(numeric[3] ?? 0) * 60_000);
  }
  const upper = token.toUpperCase();
  if (upper === 'CST') return (CHINA_STANDARD_TIME_ZONES.has(feedZone) ? 8 : -6) * HOUR_MS;
  const hours = ABBREVIATION_HOURS[upper];
  return hours === undefined ? null : hours * HOUR_MS;
}

function toEpoch(t: LocalTime, zoneToken: string | undefined, feedZone: string): number | null {
  if (!isRealTime(t)) return null;
  if (zoneToken === undefined || zoneToken === '') return zonedToEpoch(t, feedZone);
  const offset = zoneTokenOffsetMs(zoneToken, feedZone);
  if (offset === null) return null;
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond) - offset;
}

const num = (s: string | undefined): number => Number(s ?? 0);

function parseIso(m: RegExpExecArray, feedZone: string): number | null {
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const t = {
    year: num(m[1]),
    month: num(m[2]),
    day: num(m[3]),
    hour: num(m[4]),
    minute: num(m[5]),
    second: num(m[6]),
    millisecond: Number(fraction),
  };
  return toEpoch(t, m[8], feedZone);
}

function parseRfc822(m: RegExpExecArray, feedZone: string): number | null {
  const month = MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1;
  if (month === 0) return null;
  const rawYear = num(m[3]);
  // RFC 822 allows two-digit years; every feed we read is from this century.
  const year = (m[3] ?? '').length === 2 ? 2000 + rawYear : rawYear;
  const t = {
    year,
    month,
    day: num(m[1]),
    hour: num(m[4]),
    minute: num(m[5]),
    second: num(m[6]),
    millisecond: 0,
  };
  return toEpoch(t, m[7], feedZone);
}

/**
 * Epoch ms for a feed date, or null when it cannot be read with certainty.
 * @param feedZone IANA zone for dates written without an offset, and for what "CST" means.
 */
export function parseFeedDate(text: string, feedZone = 'UTC'): number | null {
  const s = text.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  const compact = GDELT_COMPACT.exec(s);
  if (compact) {
    const [, y, mo, d, h, mi, se] = compact;
    return toEpoch(
      {
        year: num(y),
        month: num(mo),
        day: num(d),
        hour: num(h),
        minute: num(mi),
        second: num(se),
        millisecond: 0,
      },
      'Z',
      feedZone,
    );
  }
  const iso = ISO_8601.exec(s);
  if (iso) return parseIso(iso, feedZone);
  const rfc = RFC_822.exec(s);
  if (rfc) return parseRfc822(rfc, feedZone);
  return null;
}

/** A clock time (`10:00`, GDELT's `T020000`) anywhere in a date. */
const CLOCK_TIME = /\d:\d{2}|T\d{6}/;

/**
 * True when a stamp gives a day, not a minute: no time of day is written, or it is exactly midnight
 * in the feed's zone. The Federal Register stamps every document 00:00 Eastern (`04:00:00 GMT`)
 * while its issue goes online around 6 a.m.; such a stamp says nothing about when it appeared.
 * @param at the stamp as parseFeedDate read it.
 */
export function isDayOnlyStamp(text: string, at: number, feedZone = 'UTC'): boolean {
  if (!CLOCK_TIME.test(text)) return true;
  const local = at + zoneOf(feedZone).offsetAt(at);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS === 0;
}
