import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, runCommand, startTestBot, T } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import type { CommandInteractionSpec, FakeDiscord, OptionValue } from '../support/fakeDiscord/index.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { createDiscordOutput } from '../../src/discord/discordOutput.js';
import { openStore } from '../../src/store/openStore.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('personal-');
const bots: Bot[] = [];
const fakes: FakeDiscord[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
  for (const f of fakes.splice(0)) await f.close();
});

const ALICE = { id: '811111111111111111', username: 'alice' };
const BOB = { id: '822222222222222222', username: 'bob' };
const ADMIN = { memberPermissions: String(PermissionFlagsBits.ManageGuild) };

async function bot(options: Parameters<typeof startTestBot>[1] = {}, dir = tempDir()): Promise<Bot> {
  const b = await startTestBot(dir, options);
  bots.push(b);
  return b;
}

/** The bot after its first poll at the previous closes, so each instrument has a current price. */
async function pricedBot(options: Parameters<typeof startTestBot>[1] = {}, dir?: string): Promise<Bot> {
  const b = await bot(options, dir);
  await b.poll();
  return b;
}

async function say(
  b: Bot,
  user: { id: string; username: string },
  subcommand: string,
  options: Record<string, OptionValue> = {},
  extra: Partial<CommandInteractionSpec> = {},
): Promise<string> {
  const answer = await runCommand(b, { name: 'alert', subcommand, options, user, ...extra });
  const data = answer.data as { content?: string; embeds?: { title?: string; description?: string }[] };
  return data.content ?? `${data.embeds?.[0]?.title ?? ''}\n${data.embeds?.[0]?.description ?? ''}`;
}

async function pollAt(b: Bot, minutes: number, hsi: number): Promise<void> {
  b.clock.now = T + minutes * MINUTE;
  b.board.set('HSI', hsi);
  await b.poll();
}

const messagesIn = (b: Bot, channelId: string | undefined) =>
  b.fake.messages.filter((m) => channelId !== undefined && m.channelId === channelId);

function embedText(payload: Record<string, unknown>): string {
  const [embed] = payload.embeds as { title: string; description: string }[];
  return `${embed?.title ?? ''}\n${embed?.description ?? ''}`;
}

describe('/alert: personal alerts through the fake Discord', () => {
  it('GIVEN an alert above a level THEN the crossing is sent once by DM, pinging nobody, and the alert is removed', async () => {
    const b = await pricedBot();
    expect(await say(b, ALICE, 'add', { symbol: 'hsi', condition: 'above', value: '23,400' })).toMatch(
      /^Alert #1: HSI above 23,400\. You get it by DM/,
    );
    await pollAt(b, 1, 23_350);
    expect(b.fake.dmChannelId(ALICE.id)).toBeUndefined();

    await pollAt(b, 2, 23_450);
    const dms = messagesIn(b, b.fake.dmChannelId(ALICE.id));
    expect(dms).toHaveLength(1);
    expect(embedText(dms[0]?.payload ?? {})).toMatch(
      /HSI is above 23,400: 23,450\.00 \(\+0\.69% from the previous close\)/,
    );
    expect(dms[0]?.payload.allowed_mentions).toEqual({ parse: [] });
    expect(dms[0]?.nonce).toBe('pa-1-1');

    await pollAt(b, 3, 23_300);
    await pollAt(b, 4, 23_460);
    expect(messagesIn(b, b.fake.dmChannelId(ALICE.id))).toHaveLength(1);
    expect(await say(b, ALICE, 'list')).toContain('No personal alerts');
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN a print the screen holds or rejects THEN no personal alert fires on it', async () => {
    const b = await pricedBot();
    await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '23400' });
    await pollAt(b, 1, 32_000); // +37 % in a minute: beyond the sanity bound, never accepted as it stands
    await pollAt(b, 2, 23_300); // back: the spike is discarded
    expect(b.fake.dmChannelId(ALICE.id)).toBeUndefined();
    expect(await say(b, ALICE, 'list')).toContain('HSI above 23,400');
  });

  it('GIVEN a repeating alert THEN it fires once per crossing and re-arms only after the price is back across', async () => {
    const b = await pricedBot();
    await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'below', value: '23200', repeat: true });
    await pollAt(b, 1, 23_150);
    await pollAt(b, 2, 23_100);
    expect(messagesIn(b, b.fake.dmChannelId(ALICE.id))).toHaveLength(1);
    await pollAt(b, 3, 23_250);
    await pollAt(b, 4, 23_190);
    const dms = messagesIn(b, b.fake.dmChannelId(ALICE.id));
    expect(dms.map((m) => m.nonce)).toEqual(['pa-1-1', 'pa-1-2']);
    expect(await say(b, ALICE, 'list')).toMatch(/#1` HSI below 23,200, repeats/);
  });

  it('GIVEN a move alert THEN it fires when the day change from the previous close reaches the size', async () => {
    const b = await pricedBot();
    await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'move', value: '0.5%' });
    await pollAt(b, 1, 23_200); // −0.38 %
    expect(b.fake.dmChannelId(ALICE.id)).toBeUndefined();
    await pollAt(b, 2, 23_160); // −0.56 %
    const [dm] = messagesIn(b, b.fake.dmChannelId(ALICE.id));
    expect(embedText(dm?.payload ?? {})).toMatch(
      /HSI moved 0\.5% or more from the previous close: 23,160\.00 \(-0\.56%/,
    );
  });

  it('GIVEN closed DMs THEN the alert is posted in the alert channel with one mention, allowed for that member only', async () => {
    const b = await pricedBot();
    b.fake.closeDms(ALICE.id);
    await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '23400' });
    await pollAt(b, 1, 23_450);
    const dm = b.fake.dmChannelId(ALICE.id);
    expect(dm).toBeDefined();
    expect(messagesIn(b, dm)).toHaveLength(0);
    const mentions = messagesIn(b, b.fake.guild.alertChannelId).filter((m) =>
      String(m.payload.content ?? '').includes(`<@${ALICE.id}>`),
    );
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.payload.content).toBe(
      `<@${ALICE.id}>, your alert (your DMs are closed to this bot):`,
    );
    expect(mentions[0]?.payload.allowed_mentions).toEqual({ parse: [], users: [ALICE.id] });
    expect(embedText(mentions[0]?.payload ?? {})).toContain('HSI is above 23,400');
    // Every other message the bot sent keeps mentions off.
    const others = b.fake.messages.filter((m) => m !== mentions[0]);
    for (const m of others) expect(m.payload.allowed_mentions).toEqual({ parse: [] });
    expect(b.store.deadLetterSummary().count).toBe(0);
  });

  it('GIVEN the limit THEN a member gets a polite refusal, and other members are not limited by it', async () => {
    const b = await pricedBot();
    const max = b.config.current().personalAlerts.maxPerMember;
    for (let i = 0; i < max; i++)
      expect(
        await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: String(23_300 + i) }),
      ).toMatch(/^Alert #/);
    expect(await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '24000' })).toBe(
      `Not added: You have ${max} alerts, the most allowed (${max}); /alert remove one first.`,
    );
    expect(await say(b, BOB, 'add', { symbol: 'HSI', condition: 'above', value: '24000' })).toMatch(
      /^Alert #/,
    );
  });

  it('GIVEN bad options THEN each is refused in one line that says what to do', async () => {
    const b = await pricedBot();
    const add = (symbol: string, condition: string, value: string) =>
      say(b, ALICE, 'add', { symbol, condition, value });
    expect(await add('HSJ', 'above', '23400')).toBe(
      'Not added: Unknown instrument "HSJ". Did you mean HSI? Known: HSI, N225, USDCNH, USDCNY.',
    );
    expect(await add('HSI', 'above', '0')).toBe('Not added: A price must be more than zero.');
    expect(await add('HSI', 'below', '-5')).toBe('Not added: A price must be more than zero.');
    expect(await add('HSI', 'above', '2330')).toBe(
      'Not added: HSI is at 23,289.77; 2,330 is more than 2× away from it, so it looks like a typo.',
    );
    expect(await add('HSI', 'above', 'lots')).toBe(
      'Not added: "lots" is not a number; write e.g. 20000, 7.15 or 2.',
    );
    expect(await add('HSI', 'move', '0')).toBe(
      'Not added: A move must be more than 0 %, e.g. 2 for 2 % either way.',
    );
    expect(await add('HSI', 'move', '35')).toBe(
      'Not added: A move of 35 % is more than 20 % in a day; check it.',
    );
    expect(await say(b, ALICE, 'list')).toContain('No personal alerts');
  });

  it('GIVEN an alert already met when set THEN it waits for the price to go back across', async () => {
    const b = await pricedBot();
    expect(await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '23000' })).toContain(
      'It already holds, so it fires at the next crossing',
    );
    await pollAt(b, 1, 23_300);
    expect(b.fake.dmChannelId(ALICE.id)).toBeUndefined();
    await pollAt(b, 2, 22_990);
    await pollAt(b, 3, 23_010);
    expect(messagesIn(b, b.fake.dmChannelId(ALICE.id))).toHaveLength(1);
  });

  it('GIVEN a restart THEN a fired alert is not sent again and an armed one still fires', async () => {
    const fake = await startFakeDiscord();
    fakes.push(fake);
    const dir = tempDir();
    const dbPath = join(dir, 'state.db');
    const first = await pricedBot({ fake, dbPath }, dir);
    await say(first, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '23400', repeat: true });
    await say(first, BOB, 'add', { symbol: 'HSI', condition: 'above', value: '23500' });
    await pollAt(first, 1, 23_450);
    expect(messagesIn(first, fake.dmChannelId(ALICE.id))).toHaveLength(1);
    await first.close();
    bots.splice(bots.indexOf(first), 1);

    const second = await bot({ fake, dbPath }, dir);
    await pollAt(second, 2, 23_460);
    expect(messagesIn(second, fake.dmChannelId(ALICE.id))).toHaveLength(1);
    expect(fake.dmChannelId(BOB.id)).toBeUndefined();
    await pollAt(second, 3, 23_520);
    expect(messagesIn(second, fake.dmChannelId(BOB.id))).toHaveLength(1);
    expect(messagesIn(second, fake.dmChannelId(ALICE.id))).toHaveLength(1);
  });

  it('GIVEN an admin THEN /alert list all shows every member and /alert clear removes one member’s; others may not', async () => {
    const b = await pricedBot();
    await say(b, ALICE, 'add', { symbol: 'HSI', condition: 'above', value: '23400' });
    await say(b, ALICE, 'add', { symbol: 'USDCNH', condition: 'below', value: '7.15' });
    await say(b, BOB, 'add', { symbol: 'N225', condition: 'move', value: '2' });
    expect(await say(b, BOB, 'list', { all: true })).toMatch(/^Only members with Manage Server/);
    expect(
      await say(b, BOB, 'clear', {
        member: { user: { ...ALICE, discriminator: '0', global_name: null, avatar: null } },
      }),
    ).toMatch(/^Only members with Manage Server/);
    const all = await say(b, BOB, 'list', { all: true }, ADMIN);
    expect(all).toContain('(3)');
    expect(all).toContain(`<@${ALICE.id}> USDCNH below 7.15`);
    expect(all).toContain(`<@${BOB.id}> N225 moves 2% either way`);
    expect(await say(b, BOB, 'remove', { id: 1 })).toBe(
      'Not removed: You have no alert #1; /alert list shows your ids.',
    );
    const user = { ...ALICE, discriminator: '0', global_name: null, avatar: null };
    expect(await say(b, BOB, 'clear', { member: { user } }, ADMIN)).toBe(
      `2 personal alerts of <@${ALICE.id}> removed.`,
    );
    expect(await say(b, ALICE, 'list')).toContain('No personal alerts');
    expect(await say(b, BOB, 'list')).toContain('N225 moves 2%');
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN webhook-only mode (no DMs) THEN a firing is the one allowed mention through the webhook', async () => {
    const b = await bot();
    const store = openStore(':memory:');
    const output = createDiscordOutput({
      env: { DISCORD_WEBHOOK_URL: b.fake.webhook.url },
      store,
      config: () => b.config.current(),
      calendar: () => b.config.calendar(),
      now: () => b.clock.now,
      log: silentLog,
    });
    const firing = {
      key: 'pa-4-1',
      alertId: 4,
      memberId: ALICE.id,
      symbol: 'HSI',
      condition: { kind: 'below', value: 23_000 },
      repeat: false,
      price: 22_990,
      time: b.clock.now,
      changePct: -1.29,
    } as const;
    output?.stage({ kind: 'personal', firing });
    await output?.delivery.drain();
    store.close();
    const sent = b.fake.messages.filter((m) => m.webhookId === b.fake.webhook.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload.content).toBe(`<@${ALICE.id}>, your alert:`);
    expect(sent[0]?.payload.allowed_mentions).toEqual({ parse: [], users: [ALICE.id] });
    expect(embedText(sent[0]?.payload ?? {})).toContain(
      'HSI is below 23,000: 22,990.00 (-1.29% from the previous close)',
    );
    expect(b.fake.validationErrors).toEqual([]);
  });
});
