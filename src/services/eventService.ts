import { randomBytes } from 'node:crypto';
import type { NewsEvent } from '../domain/events.js';
import type { Logger } from '../log.js';
import type { Monitor } from '../pipeline/monitor.js';
import type { NewsEventStore, StoredEvent } from '../store/newsEvents.js';

const MAX_TITLE = 256;
const FUTURE_LIMIT_MS = 30 * 24 * 60 * 60_000;
const PAST_LIMIT_MS = 24 * 60 * 60_000;

/** What a headline scores under the configured terms; the news scorer fits. */
export type ScoreHeadline = (title: string) => { score: number; matched: readonly string[] };
/** Only http(s) links survive; anything else becomes null. */
export type SafeLink = (url: string) => string | null;

export type EventOutcome = { ok: true; event: StoredEvent } | { ok: false; error: string };

export interface EventService {
  /** Adds an event by hand: now, or at an ISO time (a scheduled call can be in the future). */
  add(input: { title: string; time: string | null; link: string | null }, actor: string): EventOutcome;
  remove(id: string): { ok: true; removed: string } | { ok: false; error: string };
  /** Events of the last day and the coming month, config and run-time alike. */
  list(): readonly NewsEvent[];
}

export interface EventServiceDeps {
  readonly store: NewsEventStore;
  readonly monitor: Pick<Monitor, 'events' | 'refreshEvents'>;
  readonly score: ScoreHeadline;
  readonly safeLink: SafeLink;
  readonly now: () => number;
  readonly log: Logger;
}

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Date.parse rolls impossible dates over (2025-02-30 becomes 2 March), so each field is checked
 * against the calendar first; the message says which one is wrong.
 */
function calendarProblem(fields: readonly (string | undefined)[]): string | null {
  const [year, month, day, hour, minute, second, zoneHours, zoneMinutes] = fields.map(Number);
  if (year === undefined || month === undefined || day === undefined) return 'it is not a date';
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    const monthName = new Date(Date.UTC(year, month - 1)).toLocaleString('en', {
      month: 'long',
      timeZone: 'UTC',
    });
    return `${monthName} ${year} has ${daysInMonth} days, so day ${day} does not exist`;
  }
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second || 0) > 59) return 'the time of day is out of range';
  if ((zoneHours || 0) > 14 || (zoneMinutes || 0) > 59) return 'the zone offset is out of range';
  return null;
}

function parseTime(text: string | null, now: number): number | string {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '' || trimmed.toLowerCase() === 'now') return now;
  const shown = `"${trimmed.slice(0, 40)}"`;
  const fields = ISO_WITH_ZONE.exec(trimmed);
  if (!fields) {
    return `${shown} is not a time; use ISO 8601 with a zone, e.g. 2025-06-02T10:00+08:00, or leave it empty for now`;
  }
  const problem = calendarProblem(fields.slice(1));
  if (problem !== null) return `${shown} is not a valid date: ${problem}`;
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return `${shown} is not a valid date`;
  if (time < now - PAST_LIMIT_MS)
    return 'that is more than a day ago; only recent or upcoming events open a window';
  if (time > now + FUTURE_LIMIT_MS) return 'that is more than 30 days ahead';
  return time;
}

/**
 * A title typed by a person is untrusted: invisible format characters (zero-width spaces and joiners,
 * bidi overrides that reverse the text around them) are removed outright, and control characters
 * and runs of whitespace become single spaces.
 */
export function cleanTitle(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
}

export function createEventService(deps: EventServiceDeps): EventService {
  return {
    add(input, actor) {
      const title = cleanTitle(input.title);
      if (title.length === 0) return { ok: false, error: 'the title is empty' };
      if (title.length > MAX_TITLE)
        return { ok: false, error: `the title is longer than ${MAX_TITLE} characters` };
      const now = deps.now();
      const time = parseTime(input.time, now);
      if (typeof time === 'string') return { ok: false, error: time };
      let link: string | null = null;
      if (input.link !== null && input.link.trim() !== '') {
        link = deps.safeLink(input.link.trim());
        if (link === null) return { ok: false, error: 'the link must be an http(s) URL' };
      }
      const { score, matched } = deps.score(title);
      const event: StoredEvent = {
        id: `ev-${randomBytes(4).toString('hex')}`,
        time,
        title,
        source: `added by ${actor}`,
        link,
        matchedTerms: [...matched],
        score,
        origin: 'command',
      };
      deps.store.addEvent(event, now);
      deps.monitor.refreshEvents(now);
      deps.log.info({ eventId: event.id, time: new Date(time).toISOString(), by: actor }, 'event added');
      return { ok: true, event };
    },
    remove(id) {
      if (!deps.store.removeEvent(id)) {
        const inConfig = deps.monitor.events().some((e) => e.id === id);
        return {
          ok: false,
          error: inConfig
            ? `${id} comes from the config file; remove it from events.list there`
            : `no event ${id.slice(0, 40)}; /event list shows the ids`,
        };
      }
      deps.monitor.refreshEvents(deps.now());
      return { ok: true, removed: id };
    },
    list() {
      const now = deps.now();
      return deps.monitor
        .events()
        .filter((e) => e.endsAt >= now - PAST_LIMIT_MS && e.time <= now + FUTURE_LIMIT_MS);
    },
  };
}
