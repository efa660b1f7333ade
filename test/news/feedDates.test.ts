import { describe, expect, it } from 'vitest';
import { isKnownTimeZone } from '../../src/domain/calendar/zone.js';
import { isDayOnlyStamp, parseFeedDate } from '../../src/news/feedDates.js';

const at = (iso: string): number => Date.parse(iso);

describe('parseFeedDate', () => {
  it.each([
    ['RFC 822 in GMT', 'Mon, 02 Jun 2025 02:00:00 GMT', '2025-06-02T02:00:00Z'],
    ['RFC 822 with a numeric offset', 'Mon, 02 Jun 2025 10:00:00 +0800', '2025-06-02T02:00:00Z'],
    ['RFC 822 with a colon offset', 'Mon, 02 Jun 2025 10:00:00 +08:00', '2025-06-02T02:00:00Z'],
    ['RFC 822 without weekday or seconds', '2 Jun 2025 02:00 UT', '2025-06-02T02:00:00Z'],
    ['RFC 822 with a two-digit year', 'Mon, 02 Jun 25 02:00:00 Z', '2025-06-02T02:00:00Z'],
    ['RFC 822 with a full month name', 'Monday, 02 June 2025 02:00:00 UTC', '2025-06-02T02:00:00Z'],
    ['JST', 'Mon, 02 Jun 2025 11:00:00 JST', '2025-06-02T02:00:00Z'],
    ['HKT', 'Mon, 02 Jun 2025 10:00:00 HKT', '2025-06-02T02:00:00Z'],
    ['KST', 'Mon, 02 Jun 2025 11:00:00 KST', '2025-06-02T02:00:00Z'],
    ['SGT', 'Mon, 02 Jun 2025 10:00:00 SGT', '2025-06-02T02:00:00Z'],
    ['EST', 'Mon, 13 Jan 2025 21:00:00 EST', '2025-01-14T02:00:00Z'],
    ['EDT', 'Sun, 01 Jun 2025 22:00:00 EDT', '2025-06-02T02:00:00Z'],
    ['ISO 8601 with Z', '2025-06-02T02:00:00Z', '2025-06-02T02:00:00Z'],
    ['ISO 8601 with an offset and fraction', '2025-06-02T10:00:00.250+08:00', '2025-06-02T02:00:00.250Z'],
    ["GDELT's compact form", '20250602T020000Z', '2025-06-02T02:00:00Z'],
  ])('GIVEN %s THEN the instant it names', (_label, text, expected) => {
    expect(parseFeedDate(text)).toBe(at(expected));
  });

  it('GIVEN CST from a feed in a Chinese zone THEN China Standard Time (UTC+8)', () => {
    expect(parseFeedDate('Mon, 02 Jun 2025 10:00:00 CST', 'Asia/Shanghai')).toBe(at('2025-06-02T02:00:00Z'));
    expect(parseFeedDate('Mon, 02 Jun 2025 10:00:00 CST', 'Asia/Hong_Kong')).toBe(at('2025-06-02T02:00:00Z'));
  });

  it('GIVEN CST from any other feed THEN US Central (UTC-6), as RFC 822 defines it', () => {
    expect(parseFeedDate('Mon, 02 Jun 2025 10:00:00 CST')).toBe(at('2025-06-02T16:00:00Z'));
    expect(parseFeedDate('Mon, 02 Jun 2025 10:00:00 CST', 'America/Chicago')).toBe(
      at('2025-06-02T16:00:00Z'),
    );
  });

  it('GIVEN a date without an offset THEN it is read in the feed zone, daylight saving included', () => {
    expect(parseFeedDate('2025-06-02 10:00:00', 'Asia/Shanghai')).toBe(at('2025-06-02T02:00:00Z'));
    expect(parseFeedDate('2025-06-02T11:00:00', 'Asia/Tokyo')).toBe(at('2025-06-02T02:00:00Z'));
    expect(parseFeedDate('2025-06-02T10:00:00', 'America/New_York')).toBe(at('2025-06-02T14:00:00Z'));
    expect(parseFeedDate('2025-01-13T10:00:00', 'America/New_York')).toBe(at('2025-01-13T15:00:00Z'));
    expect(parseFeedDate('Mon, 02 Jun 2025 10:00:00', 'Asia/Tokyo')).toBe(at('2025-06-02T01:00:00Z'));
    expect(parseFeedDate('2025-06-02')).toBe(at('2025-06-02T00:00:00Z'));
  });

  it.each([
    ['free text', 'yesterday afternoon'],
    ['an unknown abbreviation', 'Mon, 02 Jun 2025 10:00:00 XYZ'],
    ['an impossible day', '2025-06-31T10:00:00Z'],
    ['an impossible hour', 'Mon, 02 Jun 2025 25:00:00 GMT'],
    ['an unknown month', 'Mon, 02 Jux 2025 10:00:00 GMT'],
    ['nothing', '   '],
  ])('GIVEN %s THEN null, so the item is skipped rather than misdated', (_label, text) => {
    expect(parseFeedDate(text, 'Asia/Shanghai')).toBeNull();
  });

  it('GIVEN zone names THEN only IANA zones the runtime knows are accepted', () => {
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Asia/Beijing')).toBe(false);
  });
});

describe('isDayOnlyStamp', () => {
  it.each([
    ['a date alone', '2025-06-03', 'UTC', true],
    [
      "the Federal Register's midnight Eastern in GMT (summer)",
      'Tue, 03 Jun 2025 04:00:00 GMT',
      'America/New_York',
      true,
    ],
    [
      "the Federal Register's midnight Eastern in GMT (winter)",
      'Wed, 15 Jan 2025 05:00:00 GMT',
      'America/New_York',
      true,
    ],
    ['a bare midnight in the feed zone', '2025-06-03T00:00:00', 'Asia/Tokyo', true],
    ['a minute in the day', 'Tue, 03 Jun 2025 04:01:00 GMT', 'America/New_York', false],
    ['midnight in UTC but not in the feed zone', 'Tue, 03 Jun 2025 00:00:00 GMT', 'America/New_York', false],
    ["GDELT's compact form at midnight UTC, read as UTC", '20250603T000000Z', 'UTC', true],
    ['a filing time', '2025-06-02T08:45:00.000-04:00', 'America/New_York', false],
  ])('GIVEN %s THEN day-only is %s', (_label, text, zone, expected) => {
    const stamp = parseFeedDate(text, zone);
    expect(stamp).not.toBeNull();
    expect(isDayOnlyStamp(text, stamp ?? 0, zone)).toBe(expected);
  });
});
