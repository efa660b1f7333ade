import type { NewsItem } from './feedItem.js';
import { itemKey } from './selectNewItems.js';

const HOUR_MS = 3_600_000;
/**
 * A day stamp this close to now is today's issue (or tomorrow's, listed the evening before); further
 * off it is an old document a feed lists again, and its stamp stays.
 */
const CURRENT_WITHIN_MS = 24 * HOUR_MS;
/** Sightings are remembered this long after their stamp: past any stamp that could still be current. */
const REMEMBERED_MS = 8 * 24 * HOUR_MS;

export interface FirstSight {
  /**
   * Gives each item whose stamp is only a day the moment it was first seen as its time, when that
   * moment means something: the source was looked at before without it (`baseline` false) and the
   * stamp is within a day of now. An item already there at the source's first look keeps its stamp,
   * since when it appeared is unknown: a restart must not pass the morning's notices off as news.
   * Later looks give the same item the same time.
   */
  resolve(items: readonly NewsItem[], look: { readonly now: number; readonly baseline: boolean }): NewsItem[];
}

/**
 * First sightings of one source's day-stamped items (the Federal Register's midnight stamps).
 * @param remembered when an item was first seen in an earlier process, if known (the CLI's --state).
 */
export function createFirstSight(remembered: (item: NewsItem) => number | null = () => null): FirstSight {
  const sightings = new Map<string, { readonly stamp: number; readonly firstSeen: number | null }>();
  return {
    resolve(items, { now, baseline }) {
      for (const [key, s] of sightings) if (s.stamp < now - REMEMBERED_MS) sightings.delete(key);
      return items.map((item) => {
        if (item.dayOnly !== true) return item;
        const key = itemKey(item);
        let sighting = sightings.get(key);
        if (!sighting) {
          const current = Math.abs(item.publishedAt - now) <= CURRENT_WITHIN_MS;
          const firstSeen = baseline || !current ? null : (remembered(item) ?? now);
          sighting = { stamp: item.publishedAt, firstSeen };
          sightings.set(key, sighting);
        }
        return sighting.firstSeen === null ? item : { ...item, publishedAt: sighting.firstSeen };
      });
    },
  };
}
