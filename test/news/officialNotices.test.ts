import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBot } from '../../src/app/index.js';
import { fixtureText } from '../support/fixtures.js';
import { manualScheduler, quoteBoard, testEnv } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { startQuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('notices-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Tuesday 3 June 2025: 05:59:40 and 06:30 in New York (EDT, UTC-4). */
const BEFORE_THE_ISSUE = Date.parse('2025-06-03T09:59:40Z');
const SIX_THIRTY_EASTERN = Date.parse('2025-06-03T10:30:00Z');
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };

/** Yesterday's listing: the issue of 2 June only (the last item of the fixture). */
function yesterdaysListing(): string {
  const issue = fixtureText('news/federalregister-bis-issue.rss.xml');
  return issue.replace(
    /<item>\s*<title>(?:(?!<\/item>)[\s\S])*?Tue, 03 Jun 2025(?:(?!<\/item>)[\s\S])*?<\/item>/g,
    '',
  );
}

/**
 * The whole bot on a fake Discord and a quote board, with the shipped config whose Federal Register
 * BIS feed is served locally (the listing before the issue, then the issue) and no other source.
 */
async function botOnTheFederalRegister(clock: { now: number }) {
  const fake = await startFakeDiscord();
  cleanup.push(() => fake.close());
  const server = await startQuoteServer();
  cleanup.push(() => server.close());
  server.route(
    '/api/v1/documents.rss',
    { headers: RSS, body: yesterdaysListing() },
    { headers: RSS, body: fixtureText('news/federalregister-bis-issue.rss.xml') },
  );
  const dir = tempDir();
  const data = parse(readFileSync('config/bot.yaml', 'utf8'));
  data.discord.channelId = fake.guild.alertChannelId;
  const bis = data.news.feeds.find((f: { id: string }) => f.id === 'federal-register-bis');
  data.news.feeds = [{ ...bis, url: `${server.baseUrl}/api/v1/documents.rss` }];
  data.news.publicInspection.enabled = false;
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
  // Login runs beside monitoring; stopping before it completes would cut the gateway mid-handshake.
  await bot.discordReady;
  return { bot, fake, server };
}

describe('Federal Register notices: abstracts and midnight stamps', () => {
  it('GIVEN the issue first seen at 06:30 Eastern THEN reported events for the actions on China, at 06:30, and none for others', async () => {
    const clock = { now: BEFORE_THE_ISSUE };
    const { bot, fake } = await botOnTheFederalRegister(clock);
    await bot.newsTick();
    clock.now = SIX_THIRTY_EASTERN;
    await bot.newsTick();
    await bot.poll();
    await bot.discord?.delivery.drain();

    const events = bot.store.events(SIX_THIRTY_EASTERN - 24 * 3_600_000);
    expect(events.map((e) => [e.title.slice(0, 40), e.time, e.quiet])).toEqual([
      ['Additions to the Entity List', SIX_THIRTY_EASTERN, false],
      ['Implementation of Additional Export Cont', SIX_THIRTY_EASTERN, false],
    ]);
    expect(events[0]?.link).toContain('/2025-10012/');
    const reported = fake.messages
      .map((m) => (m.payload.embeds as { title?: string }[] | undefined)?.[0]?.title ?? '')
      .filter((t) => t.startsWith('📰'));
    expect(reported).toHaveLength(2);
    // The window tightens thresholds from the moment the notice was seen, not from midnight.
    expect(bot.monitor.events().filter((e) => e.time === SIX_THIRTY_EASTERN)).toHaveLength(2);
  });

  it('GIVEN a bot that first looks at 06:30 THEN the morning’s notices keep their midnight stamps and open nothing', async () => {
    const clock = { now: SIX_THIRTY_EASTERN };
    const { bot, server } = await botOnTheFederalRegister(clock);
    server.route('/api/v1/documents.rss', {
      headers: RSS,
      body: fixtureText('news/federalregister-bis-issue.rss.xml'),
    });
    await bot.newsTick();
    clock.now += 30_000;
    await bot.newsTick();
    expect(bot.store.events(SIX_THIRTY_EASTERN - 24 * 3_600_000)).toEqual([]);
  });
});
