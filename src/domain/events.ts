import type { EventRef } from './alert.js';

const MINUTE_MS = 60_000;

/** A trade-news event with its tightened-threshold window resolved to epoch ms. */
export interface NewsEvent extends EventRef {
  readonly startsAt: number;
  readonly endsAt: number;
}

/** A run-time event (a feed headline or /event add): its window opens at T0. */
export function runtimeEvent(
  event: { id: string; title: string; time: number; link?: string | null | undefined },
  windowMinutes: number,
): NewsEvent {
  return {
    id: event.id,
    title: event.title,
    time: event.time,
    link: event.link ?? undefined,
    startsAt: event.time,
    endsAt: event.time + windowMinutes * MINUTE_MS,
  };
}

/** A scheduled event as configured: T0 as ISO 8601 with a zone, and its window around T0. */
export interface ScheduledEventSpec {
  readonly id: string;
  readonly time: string;
  readonly title: string;
  readonly link?: string | undefined;
  /** The window opens this long before T0. */
  readonly beforeMinutes: number;
  /** The window's length after T0; the default applies when absent. */
  readonly windowMinutes?: number | undefined;
}

export function toNewsEvents(list: readonly ScheduledEventSpec[], defaultWindowMinutes: number): NewsEvent[] {
  return list
    .map((ev) => {
      const time = Date.parse(ev.time);
      return {
        id: ev.id,
        title: ev.title,
        time,
        link: ev.link,
        startsAt: time - ev.beforeMinutes * MINUTE_MS,
        endsAt: time + (ev.windowMinutes ?? defaultWindowMinutes) * MINUTE_MS,
      };
    })
    .sort((a, b) => a.time - b.time);
}

/** The latest event whose window contains `at`, so alerts name the freshest news. */
export function activeEvent(events: readonly NewsEvent[], at: number): NewsEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i];
    if (ev && ev.startsAt <= at && at < ev.endsAt) return ev;
  }
  return null;
}
