import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, startTestBot, T } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import type { CommandInteractionSpec } from '../support/fakeDiscord/index.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('events-');
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});
const admin = { memberPermissions: String(PermissionFlagsBits.ManageGuild) };

async function bot(): Promise<Bot> {
  const b = await startTestBot(tempDir());
  bots.push(b);
  return b;
}

async function reply(b: Bot, spec: CommandInteractionSpec) {
  const interaction = b.fake.dispatchInteraction(b.fake.chatInputInteraction(spec));
  const r = await b.fake.waitFor(
    () => b.fake.interactionResponses.find((x) => x.interactionId === interaction.id),
    `answer to /${spec.name}`,
  );
  return r.payload.data as { content?: string; embeds?: { description?: string }[]; flags?: number };
}

const HEADLINE = 'China accuses US of "serious" trade truce breach, threatens firm response';

describe('/event and the reaction report', () => {
  it('GIVEN /event add THEN the event opens a window, names its terms, and a report is posted then edited', async () => {
    const b = await bot();
    const added = await reply(b, {
      name: 'event',
      subcommand: 'add',
      options: { title: HEADLINE, link: 'https://example.org/story' },
      ...admin,
    });
    expect(added.content).toMatch(/^Event ev-[0-9a-f]{8} at <t:\d+:f>/);
    expect(added.content).toMatch(/Matched terms: .*truce/);

    // Inside the event window a 0.6% fall crosses the halved first tier, and the alert names the event.
    b.board.set('HSI', 23_150);
    await b.poll();
    await b.reactions.advance();
    const alert = b.fake.messages.find((m) => JSON.stringify(m.payload).includes('on the day'));
    expect(JSON.stringify(alert?.payload)).toContain('trade truce breach');

    const report = b.fake.messages.find((m) =>
      (m.payload.embeds as { title: string }[])[0]?.title.startsWith('📰'),
    );
    expect(report).toBeDefined();
    expect((report?.payload.embeds as { url?: string }[])[0]?.url).toBe('https://example.org/story');

    for (const minutes of [1, 5, 15, 30, 60]) {
      b.clock.now = T + minutes * MINUTE;
      await b.poll();
      await b.reactions.advance();
    }
    const edits = b.fake.edits.filter((e) => e.messageId === report?.id);
    expect(edits.length).toBeGreaterThanOrEqual(4);
    const last = edits.at(-1);
    expect(last?.files[0]?.contentType).toBe('image/png');
    // The T+60 cell of HSI equals the move between the recorded bars at T0 and T0+60.
    const bars = b.store.recentBars('HSI', 0);
    const at = (t: number) => [...bars].reverse().find((p) => p.time <= t)?.price ?? NaN;
    const expected = (at(T + 60 * MINUTE) / at(T) - 1) * 100;
    const [embed] = last?.payload.embeds as { description: string }[];
    const hsiRow = /HSI +(\S+) +(\S+) +(\S+) +(\S+) +(\S+)/.exec(embed?.description ?? '');
    expect(hsiRow?.[5]).toBe(`${expected > 0 ? '+' : ''}${expected.toFixed(2)}%`);
    expect(JSON.stringify(last?.payload)).toContain('Final');
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN a restart mid-report THEN the same message keeps being edited, never a second one', async () => {
    const dir = tempDir();
    const fake = await startFakeDiscord();
    try {
      const first = await startTestBot(dir, { fake });
      await reply(first, { name: 'event', subcommand: 'add', options: { title: HEADLINE }, ...admin });
      await first.poll();
      await first.reactions.advance();
      await first.close();

      const second = await startTestBot(dir, { fake });
      second.clock.now = T + 15 * MINUTE;
      await second.poll();
      await second.reactions.advance();
      await second.close();
      const reports = fake.messages.filter((m) =>
        (m.payload.embeds as { title: string }[])[0]?.title.startsWith('📰'),
      );
      expect(reports).toHaveLength(1);
      expect(fake.edits.filter((e) => e.messageId === reports[0]?.id).length).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  });

  it.each([
    [{ title: HEADLINE, time: '2025-02-30T10:00Z' }, /not a valid date: February 2025 has 28 days/],
    [{ title: HEADLINE, time: '2025-04-31T10:00+08:00' }, /April 2025 has 30 days/],
    [{ title: HEADLINE, time: '2025-06-02T24:00Z' }, /time of day is out of range/],
    [{ title: '\u200b\u202e\u2066 \u0007' }, /the title is empty/],
    [{ title: HEADLINE, time: 'tomorrow' }, /not a time/],
    [{ title: HEADLINE, link: 'javascript:alert(1)' }, /http\(s\)/],
    [{ title: HEADLINE, time: '2020-01-01T00:00Z' }, /more than a day ago/],
  ])('GIVEN /event add %j THEN it is refused with a reason', async (options, error) => {
    const b = await bot();
    const answer = await reply(b, { name: 'event', subcommand: 'add', options, ...admin });
    expect(answer.content).toMatch(error);
    expect(b.monitor.events()).toHaveLength(0);
  });

  it('GIVEN a title with control, zero-width and bidi characters THEN they are stripped before it is stored', async () => {
    const b = await bot();
    const title = 'China\u200b curbs\u202e rare\u2066 earth\u2069\u0000 exports\u200d\n\tto Japan\ufeff';
    await reply(b, { name: 'event', subcommand: 'add', options: { title }, ...admin });
    expect(b.monitor.events().map((e) => e.title)).toEqual(['China curbs rare earth exports to Japan']);
  });

  it('GIVEN a headline with a masked link THEN the alert and the reaction report show it as written, not as a link', async () => {
    const b = await bot();
    const title = 'China curbs exports, see [official statement](https://evil.example/phish)';
    await reply(b, { name: 'event', subcommand: 'add', options: { title }, ...admin });
    b.board.set('HSI', 23_150);
    await b.poll();
    await b.reactions.advance();
    const inert = 'China curbs exports, see \\[official statement\\](https://evil.example/phish)';
    const alert = b.fake.messages.find((m) => JSON.stringify(m.payload).includes('on the day'));
    const fields = (alert?.payload.embeds as { fields: { name: string; value: string }[] }[])[0]?.fields;
    expect(fields?.find((f) => f.name === 'Trade-news event')?.value.startsWith(`${inert} · `)).toBe(true);
    const report = b.fake.messages.find((m) =>
      (m.payload.embeds as { title: string }[])[0]?.title.startsWith('📰'),
    );
    expect((report?.payload.embeds as { title: string }[])[0]?.title).toBe(`📰 ${inert}`);
  });

  it('GIVEN titles with masked links and headings THEN /event list shows them as plain text', async () => {
    const b = await bot();
    for (const title of [
      '[Tariffs lifted](https://evil.example) click',
      '# China bans exports \\[x](https://evil.example)',
    ]) {
      await reply(b, { name: 'event', subcommand: 'add', options: { title }, ...admin });
    }
    const listed = await reply(b, { name: 'event', subcommand: 'list' });
    const text = listed.embeds?.[0]?.description ?? '';
    expect(text).toContain('\\[Tariffs lifted\\](https://evil.example)');
    expect(text).toContain('\\# China bans exports \\\\\\[x\\](https://evil.example)');
    // No "[" is left that is not escaped by a single backslash: nothing renders as a link.
    expect(text.replace(/\\\\/g, '')).not.toMatch(/(^|[^\\])\[/);
  });

  it('GIVEN more events than fit THEN /event list shows the newest 20 and says how many more', async () => {
    const b = await bot();
    for (let i = 0; i < 23; i += 1) {
      const time = new Date(T - i * MINUTE).toISOString();
      await reply(b, {
        name: 'event',
        subcommand: 'add',
        options: { title: `Headline ${i}`, time },
        ...admin,
      });
    }
    const listed = await reply(b, { name: 'event', subcommand: 'list' });
    const lines = (listed.embeds?.[0]?.description ?? '').split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toContain('Headline 0');
    expect(lines[19]).toContain('Headline 19');
    expect(lines[20]).toBe('… and 3 more');
  });

  it('GIVEN /event add without permission THEN it is refused', async () => {
    const b = await bot();
    const answer = await reply(b, {
      name: 'event',
      subcommand: 'add',
      options: { title: HEADLINE },
      memberPermissions: '0',
    });
    expect(answer.content).toMatch(/^Only members with Manage Server/);
  });

  it('GIVEN /event list and /event remove THEN the list shows ids and removing one closes its window', async () => {
    const b = await bot();
    const added = await reply(b, {
      name: 'event',
      subcommand: 'add',
      options: { title: HEADLINE },
      ...admin,
    });
    const id = /ev-[0-9a-f]{8}/.exec(added.content ?? '')?.[0] ?? '';
    const listed = await reply(b, { name: 'event', subcommand: 'list' });
    expect(listed.embeds?.[0]?.description).toContain(id);
    const removed = await reply(b, { name: 'event', subcommand: 'remove', options: { id }, ...admin });
    expect(removed.content).toBe(`Event ${id} removed.`);
    expect(b.monitor.events()).toHaveLength(0);
    const again = await reply(b, { name: 'event', subcommand: 'remove', options: { id }, ...admin });
    expect(again.content).toMatch(/^Not removed: no event/);
  });
});
