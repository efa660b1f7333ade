import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBot } from '../../src/app/index.js';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import type { NewsConfig } from '../../src/config/newsSchema.js';
import { ingestNews } from '../../src/news/ingestNews.js';
import { parseFeedXml } from '../../src/news/parseFeed.js';
import type { NewsItem } from '../../src/news/parseFeed.js';
import { manualScheduler, quoteBoard, testEnv } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { startQuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { useTempStores } from '../store/tempStore.js';

const { dbPath, open } = useTempStores();
const tempDir = useTempDirs('flood-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
const NOW = Date.parse('2025-06-02T05:30:00Z');
const MINUTE = 60_000;

function item(source: string, title: string, minutesAgo: number, link: string | null = null): NewsItem {
  return {
    source,
    title,
    link: link ?? `https://example.org/${encodeURIComponent(title)}`,
    publishedAt: NOW - minutesAgo * MINUTE,
  };
}

/** A real RSS 2.0 body of `count` distinct relevant stories (each its own tariff figure), `stepMs` apart. */
function floodFeed(count: number, newest: number, stepMs = MINUTE): string {
  const items = Array.from({ length: count }, (_, i) => {
    const date = new Date(newest - i * stepMs).toUTCString();
    return `<item><title>US raises tariffs on Chinese goods to ${i + 1}%</title><link>https://wire.example.org/n/${i}</link><guid>wire-${i}</guid><pubDate>${date}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Flood Wire</title><link>https://wire.example.org/</link><description>test</description>${items.join('')}</channel></rss>`;
}

const ingest = (
  items: readonly NewsItem[],
  store = open(dbPath()),
  news: NewsConfig = NEWS_DEFAULTS,
  now = NOW,
) => ingestNews(items, { store, news, now, log: silentLog });

describe('ingesting headlines', () => {
  it('GIVEN relevant and irrelevant headlines THEN only the relevant become events, with their concepts', async () => {
    const { added } = await ingest([
      item('mofcom', 'MOFCOM: US seriously violated the Geneva trade truce consensus', 20),
      item('wire', 'Hong Kong weather: hot with isolated showers', 10),
    ]);
    expect(added.map((e) => [e.source, e.origin, e.time])).toEqual([['mofcom', 'feed', NOW - 20 * MINUTE]]);
    expect(added[0]?.matchedTerms).toContain('truce');
    expect(added[0]?.id).toMatch(/^news-[0-9a-f]{12}$/);
  });

  it('GIVEN old news or hostile fields THEN old news is ignored and text and links are neutralised', async () => {
    const { added } = await ingest([
      item('wire', 'US and China extend trade truce by 90 days', 24 * 60),
      item(
        'evil',
        `<b>@everyone</b> China hits US with new tariffs and rare earth export controls ${'!'.repeat(400)}`,
        2,
        'javascript:alert(1)',
      ),
    ]);
    expect(added).toHaveLength(1);
    expect(added[0]?.title.startsWith('@everyone China hits US')).toBe(true);
    expect(added[0]?.title.length).toBeLessThanOrEqual(256);
    expect(added[0]?.link).toBeNull();
  });

  it('GIVEN items polled again after a restart THEN they are skipped as seen, relevant or not', async () => {
    const path = dbPath();
    const items = [
      item('mofcom', 'MOFCOM: US seriously violated the Geneva trade truce consensus', 20),
      item('wire', 'Hong Kong weather: hot with isolated showers', 10),
    ];
    expect((await ingest(items, open(path))).read).toBe(2);
    const again = await ingest(items, open(path), NEWS_DEFAULTS, NOW + MINUTE);
    expect([again.read, again.added.length, again.attached.length]).toEqual([0, 0, 0]);
  });

  it('GIVEN the same link re-issued with a date a window later THEN it is read again as a new event', async () => {
    const store = open(dbPath());
    const link = 'https://wire.example.org/truce';
    const title = 'China accuses US of violating Geneva trade truce';
    await ingest([item('wire', title, 10, link)], store);
    const later = NOW + 14 * 24 * 60 * MINUTE;
    const { added } = await ingest(
      [{ ...item('wire', title, 10, link), publishedAt: later - 10 * MINUTE }],
      store,
      NEWS_DEFAULTS,
      later,
    );
    expect(added.map((e) => e.time)).toEqual([later - 10 * MINUTE]);
    expect(store.events(0)).toHaveLength(2);
  });

  it('GIVEN a story from two outlets THEN one event whose items list both, first the earliest', async () => {
    const store = open(dbPath());
    const { added, attached } = await ingest(
      [
        item('gdelt', 'China Accuses US Of Violating Geneva Trade Truce', 5),
        item('wire', 'China accuses US of violating Geneva trade truce - Markets Wire', 17),
      ],
      store,
    );
    expect(added.map((e) => [e.source, e.time])).toEqual([['wire', NOW - 17 * MINUTE]]);
    expect(attached.map((a) => [a.eventId, a.item.source])).toEqual([[added[0]?.id, 'gdelt']]);
    expect(store.events(0)[0]?.items?.map((i) => i.source)).toEqual(['wire', 'gdelt']);
  });
});

describe('one event per story, one story per event', () => {
  it('GIVEN headlines differing in a denial, an act or an object THEN each opens its own event; outlets of one story join it', async () => {
    const store = open(dbPath());
    const titles = [
      ['wire', 'US will lift tariffs on Chinese goods'],
      ['other', 'US will not lift tariffs on Chinese goods, Bessent says'],
      ['wire', 'US pauses tariffs on Japanese cars'],
      ['other', 'US resumes tariffs on Japanese cars'],
      ['wire', 'US slaps 25% tariff on Japanese steel'],
      ['other', 'US slaps 25% tariff on Japanese cars'],
      ['wire', 'US and Japan reach trade deal'],
      ['other', 'Japan says no trade deal with US yet'],
      ['gdelt', 'China hits back at Trump, says US breached Geneva trade truce - Bloomberg'],
      ['wire', 'China accuses US of "serious" trade truce breach'],
      ['other', 'Beijing says Washington breached Geneva tariff truce, vows firm response'],
    ] as const;
    const { added, attached } = await ingest(
      titles.map(([source, title], i) => item(source, title, 40 - 3 * i)),
      store,
    );
    expect(added.map((e) => e.title)).toEqual(titles.slice(0, 9).map(([, title]) => title));
    const truce = added.at(-1)?.id;
    expect(attached.map((a) => [a.eventId, a.item.source])).toEqual([
      [truce, 'wire'],
      [truce, 'other'],
    ]);
  });
});

describe('removed events', () => {
  it('GIVEN an event removed by hand THEN later outlets of its story neither join nor reopen it', async () => {
    const store = open(dbPath());
    const { added } = await ingest(
      [item('wire', 'China accuses US of violating Geneva trade truce', 30)],
      store,
    );
    store.removeEvent(added[0]?.id ?? '');
    const later = await ingest(
      [item('other', 'Beijing says Washington breached Geneva tariff truce, vows firm response', 20)],
      store,
      NEWS_DEFAULTS,
      NOW + MINUTE,
    );
    expect([later.read, later.added.length, later.attached.length]).toEqual([1, 0, 0]);
    expect(store.events(0)).toEqual([]);
  });
});

describe('flood control', () => {
  it('GIVEN a 300-item feed THEN 50 are read, 6 get reports, and one summary tells the rest', async () => {
    const store = open(dbPath());
    const { items } = parseFeedXml('flood', floodFeed(300, NOW - MINUTE));
    const result = await ingest(items, store);
    expect(result.read).toBe(NEWS_DEFAULTS.caps.itemsPerSourcePerPoll);
    expect(result.added).toHaveLength(50);
    expect(store.reportedFeedEventsSince(NOW - 60 * MINUTE)).toBe(NEWS_DEFAULTS.caps.reportsPerHour);
    expect(store.quietEventIds(0).size).toBe(44);
    // The newest items are the ones read.
    expect(result.added.at(-1)?.title).toBe('US raises tariffs on Chinese goods to 1%');
    expect(result.summary).toContain(
      '250 new headlines not read this poll (over 50 per source): 250 from flood',
    );
    expect(result.summary).toContain('44 new trade-news events get no reaction report (over 6 per hour)');
    expect(result.summary).toContain('… and 39 more');
  });

  it('GIVEN the hourly report allowance used up THEN the next poll’s events are quiet too, and not the hour after', async () => {
    const store = open(dbPath());
    const news: NewsConfig = { ...NEWS_DEFAULTS, caps: { itemsPerSourcePerPoll: 50, reportsPerHour: 2 } };
    const first = parseFeedXml('a', floodFeed(3, NOW - MINUTE)).items;
    await ingest(first, store, news);
    const next = [item('b', 'China imposes ban on exports of gallium and germanium to the US', 1)];
    expect((await ingest(next, store, news, NOW + 5 * MINUTE)).added[0]?.quiet).toBe(true);
    const later = [
      {
        ...item('c', 'China lifts ban on exports of gallium and germanium to the US', 0),
        publishedAt: NOW + 69 * MINUTE,
      },
    ];
    expect((await ingest(later, store, news, NOW + 70 * MINUTE)).added[0]?.quiet).toBe(false);
  });

  it('GIVEN a large feed THEN ingestion yields to the event loop between slices', async () => {
    const news: NewsConfig = { ...NEWS_DEFAULTS, caps: { itemsPerSourcePerPoll: 5000, reportsPerHour: 6 } };
    const { items } = parseFeedXml('flood', floodFeed(400, NOW - MINUTE, 30_000));
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await ingest(items, open(dbPath()), news);
    spinning = false;
    expect(result.read).toBe(400);
    expect(turns).toBeGreaterThan(2);
  });
});

/** The whole bot (startBot) on a fake Discord, a quote board and a manual clock, its one feed served locally. */
async function botWithFeed(...replies: string[]) {
  const fake = await startFakeDiscord();
  cleanup.push(() => fake.close());
  const server = await startQuoteServer();
  cleanup.push(() => server.close());
  const clock = { now: Date.parse('2025-06-02T02:16:00Z') };
  server.route(
    '/wire.xml',
    ...replies.map((body) => ({ headers: { 'content-type': 'application/rss+xml' }, body })),
  );
  const dir = tempDir();
  const data = parse(readFileSync('config/bot.yaml', 'utf8'));
  data.discord.channelId = fake.guild.alertChannelId;
  data.news.feeds = [{ id: 'wire', url: `${server.baseUrl}/wire.xml` }];
  data.news.gdelt.enabled = false;
  writeFileSync(join(dir, 'bot.yaml'), stringify(data));
  const bot = await startBot({
    env: testEnv({
      CONFIG_PATH: join(dir, 'bot.yaml'),
      STATE_DB: join(dir, 'bot.db'),
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
    }),
    now: () => clock.now,
    log: silentLog,
    quotes: quoteBoard(clock).source,
    scheduler: manualScheduler(),
    version: '9.9.9',
  });
  cleanup.push(() => bot.stop());
  return { bot, fake, clock };
}

const rssOf = (items: readonly { title: string; guid: string; at: number }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.org/</link><description>test</description>${items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>https://wire.example.org/${i.guid}</link><guid>${i.guid}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

describe('news in the live bot', () => {
  it('GIVEN a 300-item feed THEN at most the hourly cap of reaction reports is posted, and one summary', async () => {
    const { bot, fake } = await botWithFeed(floodFeed(300, Date.parse('2025-06-02T02:15:00Z'), 10_000));
    await bot.newsTick();
    await bot.poll();
    await bot.newsTick();
    await bot.poll();
    await bot.discord?.delivery.drain();
    const reports = fake.messages.filter((m) => JSON.stringify(m.payload.embeds ?? []).includes('📰'));
    const summaries = fake.messages.filter((m) => String(m.payload.content).includes('News flood control'));
    expect(reports).toHaveLength(6);
    expect(summaries).toHaveLength(1);
    expect(String(summaries[0]?.payload.content)).toContain('250 new headlines not read this poll');
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN a reworded update of a reported story THEN the report gains an Update line naming it and its source', async () => {
    const t0 = Date.parse('2025-06-02T02:15:00Z');
    const first = { title: 'China accuses US of violating Geneva trade truce', guid: 'a1', at: t0 };
    const update = {
      title: 'UPDATE 1-China accuses US of violating Geneva truce, threatens countermeasures',
      guid: 'a2',
      at: t0 + 4 * MINUTE,
    };
    const { bot, fake, clock } = await botWithFeed(rssOf([first]), rssOf([update, first]));
    await bot.newsTick();
    await bot.poll();
    clock.now += 5 * MINUTE;
    await bot.newsTick();
    await bot.poll();
    const reports = fake.messages.filter((m) => JSON.stringify(m.payload.embeds ?? []).includes('📰'));
    expect(reports).toHaveLength(1);
    const edits = fake.edits.filter((e) => e.messageId === reports[0]?.id);
    const description = String(
      (edits.at(-1)?.payload.embeds as { description?: string }[] | undefined)?.[0]?.description,
    );
    expect(description).toContain(`Update: ${update.title} (wire)`);
  });
});
