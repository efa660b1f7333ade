import { describe, expect, it } from 'vitest';
import type { StoryIdentity } from '../../src/domain/news/storyIdentity.js';
import type { StoredEvent } from '../../src/store/newsEvents.js';
import { storeKinds, useStores } from './tempStore.js';

const event: StoredEvent = {
  id: 'ev-1',
  time: 1_000,
  title: 'China accuses US of "serious" trade truce breach',
  source: 'mofcom',
  link: 'https://example.org/a',
  matchedTerms: ['trade truce', 'MOFCOM'],
  score: 7,
  origin: 'feed',
};

const identity: StoryIdentity = {
  parties: ['CN', 'US'],
  core: ['CN', 'US'],
  joint: false,
  actor: 'US',
  target: 'CN',
  polarity: 'escalate',
  act: 'accuse',
  negated: false,
  mode: 'act',
  objects: [],
  figures: [],
  concepts: ['truce'],
  lemmas: ['violate', 'truce'],
  asideConcepts: [],
  asideLemmas: [],
};

const member = (source: string, key: string, publishedAt: number) => ({
  source,
  key,
  title: `${source} headline`,
  link: null,
  publishedAt,
  identity,
});

describe.each(storeKinds)('%s store', (kind) => {
  const { fresh, location, open } = useStores(kind);

  describe('merged items, seen items and quiet events', () => {
    it('GIVEN items merged into an event THEN the event lists them oldest first, once each, across a restart', () => {
      const path = location();
      const first = open(path);
      first.addEvent(event, 5);
      expect(first.addEventItem('ev-1', member('mofcom', 'a', 1_000), 5)).toBe(true);
      expect(first.addEventItem('ev-1', member('wire', 'b', 3_000), 6)).toBe(true);
      expect(first.addEventItem('ev-1', member('gdelt', 'c', 2_000), 7)).toBe(true);
      first.close();
      const second = open(path);
      expect(second.addEventItem('ev-1', member('wire', 'b', 3_000), 8)).toBe(false);
      expect(second.events(0)[0]?.items?.map((i) => i.source)).toEqual(['mofcom', 'gdelt', 'wire']);
      second.removeEvent('ev-1');
      expect(second.storyMembers(0).map((m) => [m.eventId, m.eventTime, m.identity, m.removed])).toEqual([
        ['ev-1', 1_000, identity, true],
        ['ev-1', 1_000, identity, true],
        ['ev-1', 1_000, identity, true],
      ]);
    });

    it('GIVEN a seen item THEN its date is remembered across a restart until pruned', () => {
      const path = location();
      const first = open(path);
      expect(first.seenPublishedAt('wire', 'https://x/1')).toBeNull();
      first.markSeen('wire', 'https://x/1', 1_000, 50);
      first.close();
      const second = open(path);
      expect(second.seenPublishedAt('wire', 'https://x/1')).toBe(1_000);
      expect(second.seenPublishedAt('other', 'https://x/1')).toBeNull();
      second.pruneSeen(51);
      expect(second.seenPublishedAt('wire', 'https://x/1')).toBeNull();
    });

    it('GIVEN quiet and reported feed events THEN they are counted and listed apart', () => {
      const store = fresh();
      store.addEvent(event, 100);
      store.addEvent({ ...event, id: 'ev-2', quiet: true }, 100);
      store.addEvent({ ...event, id: 'ev-3', origin: 'command' }, 100);
      store.addEvent({ ...event, id: 'ev-4' }, 10);
      expect(store.reportedFeedEventsSince(50)).toBe(1);
      expect([...store.quietEventIds(0)]).toEqual(['ev-2']);
    });
  });

  describe('news events and reaction reports', () => {
    it('GIVEN an event seen again after a restart THEN it is not a new event', () => {
      const path = location();
      const first = open(path);
      expect(first.addEvent(event, 5)).toBe(true);
      first.close();
      const second = open(path);
      expect(second.addEvent({ ...event, title: 'changed' }, 6)).toBe(false);
      expect(second.events(0)).toEqual([{ ...event, quiet: false, items: [] }]);
    });

    it('GIVEN a removed event THEN it is no longer listed', () => {
      const store = fresh();
      store.addEvent(event, 5);
      expect(store.removeEvent('ev-1')).toBe(true);
      expect(store.removeEvent('ev-1')).toBe(false);
      expect(store.events(0)).toEqual([]);
    });

    it('GIVEN a scheduled report THEN its progress survives a restart and it is never scheduled twice', () => {
      const path = location();
      const first = open(path);
      expect(first.scheduleReport('ev-1')).toBe(true);
      expect(first.scheduleReport('ev-2')).toBe(true);
      expect(first.openReports()).toEqual([
        { eventId: 'ev-1', published: false, stepsDone: 0 },
        { eventId: 'ev-2', published: false, stepsDone: 0 },
      ]);
      first.markPublished('ev-1', 2, false);
      first.close();
      const second = open(path);
      expect(second.scheduleReport('ev-1')).toBe(false);
      expect(second.openReports()[0]).toEqual({ eventId: 'ev-1', published: true, stepsDone: 2 });
      second.markPublished('ev-1', 5, true);
      second.closeReport('ev-2');
      expect(second.openReports()).toEqual([]);
    });
  });
});
