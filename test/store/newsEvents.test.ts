import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/store/newsEvents.js';
import { useTempStores } from './tempStore.js';

const { dbPath, open } = useTempStores();

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

describe('news events and reaction reports', () => {
  it('GIVEN an event seen again after a restart THEN it is not a new event', () => {
    const path = dbPath();
    const first = open(path);
    expect(first.addEvent(event, 5)).toBe(true);
    first.close();
    const second = open(path);
    expect(second.addEvent({ ...event, title: 'changed' }, 6)).toBe(false);
    expect(second.events(0)).toEqual([event]);
  });

  it('GIVEN a removed event THEN it is no longer listed', () => {
    const store = open(dbPath());
    store.addEvent(event, 5);
    expect(store.removeEvent('ev-1')).toBe(true);
    expect(store.removeEvent('ev-1')).toBe(false);
    expect(store.events(0)).toEqual([]);
  });

  it('GIVEN a scheduled report THEN its progress survives a restart and it is never scheduled twice', () => {
    const path = dbPath();
    const first = open(path);
    expect(first.scheduleReport('ev-1', 'chan', 'nonce-1')).toBe(true);
    first.markPosted('ev-1', 'msg-1');
    first.markStep('ev-1', 2, false);
    first.close();
    const second = open(path);
    expect(second.scheduleReport('ev-1', 'chan', 'nonce-2')).toBe(false);
    expect(second.openReports()).toEqual([
      {
        eventId: 'ev-1',
        target: 'chan',
        nonce: 'nonce-1',
        messageId: 'msg-1',
        stepsDone: 2,
        nextAttemptAt: 0,
      },
    ]);
    second.markStep('ev-1', 5, true);
    expect(second.openReports()).toEqual([]);
  });
});
