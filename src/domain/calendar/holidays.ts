import Holidays from 'date-holidays';
import { dayNumber, isoDate } from './civil.js';

/**
 * Public holidays of one country by local date ('YYYY-MM-DD' → English name), from date-holidays.
 * Only type 'public' closes an exchange: JP's 'bank' days (12-31, 01-02, 01-03) are the TSE's
 * own closures and come from config `recurringClosures`; 'observance' days (JP Christmas) trade.
 * Substitute holidays (JP 振替休日, HK "the day following …") are listed as 'public' days.
 *
 * Memoised for the whole process: date-holidays computes HK's lunar holidays astronomically,
 * which costs 60–200 ms per country and year, and the answer never changes.
 */
const sources = new Map<string, Holidays>();
const years = new Map<string, ReadonlyMap<string, string>>();

export class PublicHolidays {
  private readonly source: Holidays;

  constructor(readonly country: string) {
    this.source = sourceFor(country);
  }

  /** Name of the public holiday on a local date, if any. */
  nameOn(day: number): string | undefined {
    const date = isoDate(day);
    return this.year(Number(date.slice(0, 4))).get(date);
  }

  private year(year: number): ReadonlyMap<string, string> {
    const key = `${this.country}:${year}`;
    let names = years.get(key);
    if (names === undefined) {
      const map = new Map<string, string>();
      for (const h of this.source.getHolidays(year)) {
        const date = h.date.slice(0, 10);
        if (h.type === 'public' && !map.has(date)) map.set(date, h.name);
      }
      names = map;
      years.set(key, names);
    }
    return names;
  }
}

function sourceFor(country: string): Holidays {
  let source = sources.get(country);
  if (source === undefined) {
    if (!(country.toUpperCase() in new Holidays().getCountries())) {
      throw new Error(`date-holidays knows no country "${country}" (e.g. HK, JP)`);
    }
    source = new Holidays(country, { languages: ['en'] });
    sources.set(country, source);
  }
  return source;
}

const lunarNewYears = new Map<number, number>();
let lunarCalendar: Holidays | undefined;

/**
 * Day number of the first day of the Lunar New Year in a Gregorian year, from date-holidays' own
 * rule so it agrees with its HK holidays (ICU's 'chinese' calendar gives 7 Feb 2027 and 2 Feb
 * 2030, a day off, when the new moon falls near midnight in China). HK omits the day itself when
 * it is a Sunday, hence a calendar with just this rule.
 */
export function lunarNewYear(year: number): number {
  let found = lunarNewYears.get(year);
  if (found === undefined) {
    if (lunarCalendar === undefined) {
      lunarCalendar = new Holidays();
      lunarCalendar.setHoliday('chinese 01-0-01', { name: 'Lunar New Year', type: 'public' });
    }
    const date = lunarCalendar.getHolidays(year)[0]?.date;
    if (date === undefined) throw new Error(`date-holidays gave no Lunar New Year in ${year}`);
    found = dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
    lunarNewYears.set(year, found);
  }
  return found;
}
