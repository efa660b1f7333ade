import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import { ingestNews } from '../../src/news/ingestNews.js';
import type { NewsItem } from '../../src/news/parseFeed.js';
import { silentLog } from '../support/silentLog.js';
import { useTempStores } from '../store/tempStore.js';

const { dbPath, open } = useTempStores();
const NOW = Date.parse('2025-06-02T02:20:00Z');

function item(
  source: string,
  title: string,
  minutesAgo: number,
  link: string | null = 'https://example.org/x',
): NewsItem {
  return { source, title, link, publishedAt: NOW - minutesAgo * 60_000 };
}

describe('ingesting headlines', () => {
  it('GIVEN relevant and irrelevant headlines THEN only the relevant become events, with their terms', () => {
    const store = open(dbPath());
    const added = ingestNews(
      [
        item('mofcom', 'MOFCOM: US seriously violated the Geneva trade truce consensus', 20),
        item('wire', 'Hong Kong weather: hot with isolated showers', 10),
      ],
      { store, news: NEWS_DEFAULTS, now: NOW, log: silentLog },
    );
    expect(added.map((e) => [e.source, e.matchedTerms, e.origin])).toEqual([
      ['mofcom', ['trade truce', 'MOFCOM'], 'feed'],
    ]);
    expect(added[0]?.time).toBe(NOW - 20 * 60_000);
  });

  it('GIVEN the same story from several feeds THEN one event, the earliest', () => {
    const store = open(dbPath());
    const added = ingestNews(
      [
        item('gdelt', 'China Accuses US Of Serious Trade Truce Breach , Threatens Firm Response', 5),
        item(
          'wire',
          'China accuses US of "serious" trade truce breach, threatens firm response - Markets Wire',
          17,
        ),
        item('wire', 'Yuan edges lower as rare earth row escalates between Beijing and Washington', 1),
      ],
      { store, news: NEWS_DEFAULTS, now: NOW, log: silentLog },
    );
    expect(added.map((e) => [e.source, e.time])).toEqual([
      ['wire', NOW - 17 * 60_000],
      ['wire', NOW - 60_000],
    ]);
  });

  it('GIVEN a story seen again after a restart THEN it is not a new event', () => {
    const path = dbPath();
    const headline = item('mofcom', 'MOFCOM: US seriously violated the Geneva trade truce consensus', 20);
    const first = open(path);
    expect(
      ingestNews([headline], { store: first, news: NEWS_DEFAULTS, now: NOW, log: silentLog }),
    ).toHaveLength(1);
    first.close();
    const second = open(path);
    expect(
      ingestNews([headline], { store: second, news: NEWS_DEFAULTS, now: NOW + 60_000, log: silentLog }),
    ).toEqual([]);
    expect(second.events(0)).toHaveLength(1);
  });

  it('GIVEN old news or hostile fields THEN old news is ignored and text and links are neutralised', () => {
    const store = open(dbPath());
    const added = ingestNews(
      [
        item('wire', 'Tariff truce: US and China extend trade truce', 24 * 60),
        item(
          'evil',
          `<b>@everyone</b> China hits US with new tariffs and rare earth export controls ${'!'.repeat(400)}`,
          2,
          'javascript:alert(1)',
        ),
      ],
      { store, news: NEWS_DEFAULTS, now: NOW, log: silentLog },
    );
    expect(added).toHaveLength(1);
    expect(added[0]?.title.startsWith('@everyone China hits US')).toBe(true);
    expect(added[0]?.title.length).toBeLessThanOrEqual(256);
    expect(added[0]?.link).toBeNull();
  });
});
