import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runNews } from '../../src/cli/newsCli.js';
import { openStore } from '../../src/store/openStore.js';
import { captureIo } from '../support/cliIo.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';
import { useTempDirs } from '../support/tempDirs.js';

const FIXTURES = 'test/fixtures/news';
const OUTLETS = ['outlet-a', 'outlet-b', 'outlet-c'].flatMap((f) => ['--feed', `${FIXTURES}/${f}.rss.xml`]);
/** 05:30 UTC on 2 June 2025: every headline of the three outlets is within the 6-hour window. */
const AT = '2025-06-02T05:30:00Z';
const tempDir = useTempDirs('news-cli-');
const servers: QuoteServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface EventOut {
  id: string;
  t0: string;
  title: string;
  parties: string[];
  actor: string | null;
  target: string | null;
  concepts: string[];
  new: boolean;
  items: { source: string; title: string; publishedAt: string }[];
}

async function news(args: string[], config = 'config/bot.yaml') {
  const cap = captureIo();
  const code = await runNews(['--config', config, ...args], cap.io);
  const events =
    code === 0 && args.includes('--json')
      ? cap
          .stdout()
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as EventOut)
      : [];
  return { code, stdout: cap.stdout(), stderr: cap.stderr(), events };
}

const titled = (events: readonly EventOut[], title: string) => events.filter((e) => e.title === title);

describe('npm run news: story identity on saved feeds', () => {
  it('GIVEN one story from three outlets in different words THEN one event listing all three', async () => {
    const { code, events } = await news([...OUTLETS, '--at', AT, '--json']);
    expect(code).toBe(0);
    const [truce] = titled(events, 'China accuses US of violating Geneva trade truce');
    expect(truce?.items.map((i) => i.source)).toEqual(['outlet-a', 'outlet-b', 'outlet-c', 'outlet-a']);
    expect(truce).toMatchObject({ t0: '2025-06-02T01:10:00.000Z', parties: ['CN', 'US'] });
    expect(events.filter((e) => e.title.includes('truce'))).toHaveLength(2);
  });

  it('GIVEN actor and target swapped THEN two events', async () => {
    const { events } = await news([...OUTLETS, '--at', AT, '--json']);
    const china = titled(events, 'China accuses US of violating Geneva trade truce')[0];
    const us = titled(events, 'US accuses China of violating Geneva trade truce')[0];
    expect(china?.id).not.toBe(us?.id);
    // A story is told by the accuser (docs/story-identity.md): China against the US, and the reverse.
    expect([china?.actor, us?.actor]).toEqual(['CN', 'US']);
  });

  it('GIVEN opposite actions (raise/cut, impose/lift) THEN separate events', async () => {
    const { events } = await news([...OUTLETS, '--at', AT, '--json']);
    for (const title of [
      'US raises tariffs on Chinese goods to 84%',
      'US cuts tariffs on Chinese goods',
      'China imposes ban on exports of gallium and germanium to the US',
      'China lifts ban on exports of gallium and germanium to the US',
    ]) {
      expect(titled(events, title).map((e) => e.items.length)).toEqual([1]);
    }
  });

  it('GIVEN tariffs "to 84%" and "to 125%" THEN two events', async () => {
    const { events } = await news([...OUTLETS, '--at', AT, '--json']);
    const raises = events.filter((e) => e.title.startsWith('US raises tariffs'));
    expect(raises.map((e) => e.title)).toEqual([
      'US raises tariffs on Chinese goods to 84%',
      'US raises tariffs on Chinese goods to 125%',
    ]);
  });

  it('GIVEN a reworded update 4 hours later THEN it joins the event instead of opening one', async () => {
    const { events, stderr } = await news(['--feed', `${FIXTURES}/outlet-a.rss.xml`, '--at', AT, '--json']);
    const [truce] = titled(events, 'China accuses US of violating Geneva trade truce');
    expect(truce?.items.map((i) => [i.publishedAt, i.title])).toEqual([
      ['2025-06-02T01:10:00.000Z', 'China accuses US of violating Geneva trade truce'],
      [
        '2025-06-02T05:10:00.000Z',
        'UPDATE 2-China accuses US of violating Geneva truce, threatens countermeasures',
      ],
    ]);
    expect(events.some((e) => e.title.startsWith('UPDATE'))).toBe(false);
    expect(stderr).toContain('1 merged into known ones');
  });

  it('GIVEN a second run on the same state THEN nothing is new and no event is stored twice', async () => {
    const state = join(tempDir(), 'news.db');
    const first = await news([...OUTLETS, '--at', AT, '--state', state, '--json']);
    expect(first.events).toHaveLength(7);
    const again = await news([...OUTLETS, '--at', '2025-06-02T05:40:00Z', '--state', state, '--json']);
    expect(again.code).toBe(0);
    expect(again.events).toEqual([]);
    expect(again.stderr).toContain('0 new read');
    const store = openStore(state);
    expect(store.events(0)).toHaveLength(7);
    store.close();
  });

  it('GIVEN the same title re-issued 14 days later THEN a new event, not the old one', async () => {
    const state = join(tempDir(), 'news.db');
    const first = await news([
      '--feed',
      `${FIXTURES}/outlet-a.rss.xml`,
      '--at',
      AT,
      '--state',
      state,
      '--json',
    ]);
    const later = await news([
      '--feed',
      `${FIXTURES}/reissue/outlet-a.rss.xml`,
      '--at',
      '2025-06-16T01:30:00Z',
      '--state',
      state,
      '--json',
    ]);
    const title = 'China accuses US of violating Geneva trade truce';
    expect(later.events).toHaveLength(1);
    expect(later.events[0]).toMatchObject({ title, new: true, t0: '2025-06-16T01:10:00.000Z' });
    expect(later.events[0]?.id).not.toBe(titled(first.events, title)[0]?.id);
  });

  it('GIVEN text output THEN one line per event with id, T0, score, parties, concepts and merged items', async () => {
    const { stdout } = await news(['--feed', `${FIXTURES}/outlet-a.rss.xml`, '--at', AT]);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^news-[0-9a-f]{12} {2}2025-06-02 01:10Z {2}score \d+ {2}\[CN,US CN→US\] {2}\{.*truce.*\} {2}China accuses US of violating Geneva trade truce \(outlet-a\) {2}\+ merged: outlet-a 2025-06-02 05:10 "UPDATE 2-/,
    );
  });
});

describe('npm run news: inputs and errors', () => {
  it('GIVEN a feed URL THEN it is fetched through the bot’s own source code', async () => {
    const server = await startQuoteServer();
    servers.push(server);
    const rss = readFileSync(`${FIXTURES}/outlet-c.rss.xml`, 'utf8');
    server.route('/rss/trade.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss });
    const { code, events } = await news(['--feed', `${server.baseUrl}/rss/trade.xml`, '--at', AT, '--json']);
    expect(code).toBe(0);
    expect(events.map((e) => e.title)).toEqual([
      "China's commerce ministry says US seriously violated trade truce consensus reached in Geneva",
      'China lifts ban on exports of gallium and germanium to the US',
    ]);
    expect(events[0]?.items[0]?.source).toMatch(/^127\.0\.0\.1:\d+\/rss\/trade\.xml$/);
  });

  it('GIVEN a URL that answers an HTML error page THEN one line and exit 1', async () => {
    const server = await startQuoteServer();
    servers.push(server);
    server.route('/feed', {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>oops</html>',
    });
    const { code, stderr } = await news(['--feed', `${server.baseUrl}/feed`, '--at', AT]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^cannot fetch http:\/\/127\.0\.0\.1:\d+\/feed: .*HTML page/);
  });

  it('GIVEN a GDELT response file or server THEN its articles are read as the gdelt source', async () => {
    const at = '2025-06-02T03:00:00Z';
    const saved = await news(['--gdelt', `${FIXTURES}/gdelt-artlist.json`, '--at', at, '--json']);
    expect(saved.code).toBe(0);
    expect(saved.events.map((e) => [e.title, e.items[0]?.source])).toEqual([
      ['China Accuses US Of Serious Trade Truce Breach, Threatens Firm Response', 'gdelt'],
      ['Yuan edges lower as rare earth row escalates between Beijing and Washington', 'gdelt'],
    ]);
    const server = await startQuoteServer();
    servers.push(server);
    server.route('/api/v2/doc/doc', { body: readFileSync(`${FIXTURES}/gdelt-artlist.json`, 'utf8') });
    const fetched = await news(['--gdelt', server.baseUrl, '--at', at, '--json']);
    expect(fetched.events.map((e) => e.title)).toEqual(saved.events.map((e) => e.title));
  });

  it('GIVEN no inputs, a bad --at or an unknown option THEN usage and exit 2', async () => {
    for (const args of [[], ['--feed', 'x.xml', '--at', '2025-06-02T05:30'], ['--feeds', 'x']]) {
      const { code, stderr } = await news(args);
      expect(code).toBe(2);
      expect(stderr).toContain('usage: npm run news');
    }
  });

  it('GIVEN a missing or malformed file THEN one line naming it and exit 1', async () => {
    const missing = await news(['--feed', 'no/such.xml']);
    expect([missing.code, missing.stderr]).toEqual([1, 'cannot read no/such.xml (ENOENT); check the path\n']);
    const broken = await news(['--feed', `${FIXTURES}/broken.rss.xml`]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^test\/fixtures\/news\/broken\.rss\.xml: .+\n$/);
  });
});

describe('npm run news: each feed read as the bot reads it', () => {
  /** A Chinese wire writing dates without an offset (Beijing time), and the shipped config plus a feed for it. */
  function chineseWire() {
    const dir = tempDir();
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>China imposes export controls on rare earths to the US</title><link>https://wire.example.cn/1</link>
      <pubDate>2025-06-02 10:00:00</pubDate></item></channel></rss>`;
    writeFileSync(join(dir, 'cn-wire.rss.xml'), rss);
    writeFileSync(join(dir, 'saved-copy.xml'), rss);
    const data = parse(readFileSync('config/bot.yaml', 'utf8'));
    data.news.feeds.push({
      id: 'cn-wire',
      url: 'https://wire.example.cn/rss.xml',
      timeZone: 'Asia/Shanghai',
    });
    writeFileSync(join(dir, 'bot.yaml'), stringify(data));
    return { dir, config: join(dir, 'bot.yaml') };
  }

  it("GIVEN a saved copy of a configured feed THEN its dates are read in that feed's time zone", async () => {
    const { dir, config } = chineseWire();
    const byName = await news(['--feed', join(dir, 'cn-wire.rss.xml'), '--at', AT, '--json'], config);
    expect(byName.code).toBe(0);
    expect(byName.events.map((e) => [e.t0, e.items[0]?.source])).toEqual([
      ['2025-06-02T02:00:00.000Z', 'cn-wire'],
    ]);
    const named = await news(
      ['--feed', `cn-wire=${join(dir, 'saved-copy.xml')}`, '--at', AT, '--json'],
      config,
    );
    expect(named.events.map((e) => e.t0)).toEqual(['2025-06-02T02:00:00.000Z']);
    expect(named.stderr).not.toContain('not a feed of news.feeds');
  });

  it('GIVEN a file of no configured feed THEN UTC, said in one line; an unknown feed id THEN exit 1', async () => {
    const { dir, config } = chineseWire();
    const later = '2025-06-02T10:30:00Z';
    const unknown = await news(['--feed', join(dir, 'saved-copy.xml'), '--at', later, '--json'], config);
    expect(unknown.events.map((e) => e.t0)).toEqual(['2025-06-02T10:00:00.000Z']);
    expect(unknown.stderr).toContain(
      'saved-copy.xml: not a feed of news.feeds, so dates without an offset are read as UTC',
    );
    const wrongId = await news(['--feed', `no-such-feed=${join(dir, 'saved-copy.xml')}`, '--at', AT], config);
    expect([wrongId.code, wrongId.stderr]).toEqual([
      1,
      'no feed "no-such-feed" in news.feeds of the config; use one of its ids or give the file alone\n',
    ]);
  });

  it('GIVEN the Federal Register issue read at 06:30 Eastern THEN the actions on China, first seen then and reported', async () => {
    const issue = `federal-register-bis=${FIXTURES}/federalregister-bis-issue.rss.xml`;
    const { code, events } = await news(['--feed', issue, '--at', '2025-06-03T06:30:00-04:00', '--json']);
    expect(code).toBe(0);
    expect(
      events.map((e) => [e.title.slice(0, 40), e.t0, (e as EventOut & { report: boolean }).report]),
    ).toEqual([
      ['Additions to the Entity List', '2025-06-03T10:30:00.000Z', true],
      ['Implementation of Additional Export Cont', '2025-06-03T10:30:00.000Z', true],
    ]);
    expect(events[0]?.parties).toContain('CN');
  });

  it('GIVEN the public-inspection desk saved THEN its filings are read as the desk source', async () => {
    const { code, events } = await news([
      '--public-inspection',
      `${FIXTURES}/federalregister-public-inspection.json`,
      '--at',
      '2025-06-02T17:00:00-04:00',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(events.map((e) => [e.t0, e.items[0]?.source])).toContainEqual([
      '2025-06-02T20:15:00.000Z',
      'federal-register-public-inspection',
    ]);
  });
});
