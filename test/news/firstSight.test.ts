import { describe, expect, it } from 'vitest';
import type { NewsItem } from '../../src/news/feedItem.js';
import { createFirstSight } from '../../src/news/firstSight.js';

const MIDNIGHT_EDT = Date.parse('2025-06-03T04:00:00Z');
const MINUTE = 60_000;

const notice = (n: number, stamp = MIDNIGHT_EDT): NewsItem => ({
  source: 'federal-register-bis',
  title: `Notice ${n}`,
  link: `https://www.federalregister.gov/documents/2025/06/03/2025-1001${n}/notice`,
  publishedAt: stamp,
  dayOnly: true,
});

describe('first sight of day-stamped items', () => {
  it('GIVEN a later look finds a new item THEN its time is that look; later looks keep it', () => {
    const sight = createFirstSight();
    const early = Date.parse('2025-06-03T09:59:30Z');
    expect(sight.resolve([], { now: early, baseline: true })).toEqual([]);
    const seen = Date.parse('2025-06-03T10:30:00Z');
    expect(sight.resolve([notice(1)], { now: seen, baseline: false })[0]?.publishedAt).toBe(seen);
    const again = sight.resolve([notice(1)], { now: seen + 20_000, baseline: false });
    expect(again[0]?.publishedAt).toBe(seen);
  });

  it('GIVEN the source’s first look THEN items keep their stamps, then and on later looks', () => {
    const sight = createFirstSight();
    const start = Date.parse('2025-06-03T19:00:00Z');
    expect(sight.resolve([notice(1)], { now: start, baseline: true })[0]?.publishedAt).toBe(MIDNIGHT_EDT);
    const later = sight.resolve([notice(1), notice(2)], { now: start + MINUTE, baseline: false });
    expect(later.map((i) => i.publishedAt)).toEqual([MIDNIGHT_EDT, start + MINUTE]);
  });

  it('GIVEN an old document listed again, or one with an exact time THEN its stamp stays', () => {
    const sight = createFirstSight();
    const now = Date.parse('2025-06-03T10:30:00Z');
    const old = notice(3, MIDNIGHT_EDT - 3 * 24 * 60 * MINUTE);
    const exact: NewsItem = { ...notice(4), publishedAt: now - 5 * MINUTE, dayOnly: false };
    const resolved = sight.resolve([old, exact], { now, baseline: false });
    expect(resolved.map((i) => i.publishedAt)).toEqual([old.publishedAt, exact.publishedAt]);
  });

  it('GIVEN a first sight remembered from an earlier run THEN that time, not this look', () => {
    const earlier = Date.parse('2025-06-03T10:30:00Z');
    const sight = createFirstSight(() => earlier);
    const resolved = sight.resolve([notice(5)], { now: earlier + 8 * 60 * MINUTE, baseline: false });
    expect(resolved[0]?.publishedAt).toBe(earlier);
  });
});
