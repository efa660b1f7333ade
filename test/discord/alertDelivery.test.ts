import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordLoginError, startDiscordClient } from '../../src/discord/client.js';
import { createDiscordOutput } from '../../src/discord/discordOutput.js';
import { openStore } from '../../src/store/openStore.js';
import { MINUTE, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('bot-');
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function bot(options: Parameters<typeof startTestBot>[1] = {}): Promise<Bot> {
  const b = await startTestBot(tempDir(), options);
  open.push(b);
  return b;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  open.push(fake);
  return fake;
}

function distinctColours(png: Buffer): number {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4 * 7) colours.add(image.data.readUInt32BE(i));
  return colours.size;
}

/** A snowflake that names no channel: Discord answers 404 Unknown Channel (10003), as for a deleted one. */
const DELETED_CHANNEL = '123456789012345678';
const MISSING_ACCESS = { status: 403, body: { message: 'Missing Access', code: 50001 } };

function generalChannel(b: Bot): string {
  const channel = b.fake.guild.channels.find(
    (c) => c.id !== b.fake.guild.alertChannelId && c.type === ChannelType.GuildText,
  );
  if (!channel) throw new Error('the fake guild needs a second text channel');
  return channel.id;
}

function enqueueNotice(b: Bot, target: string, text: string): void {
  b.store.enqueue(
    { nonce: randomBytes(12).toString('hex'), target, payload: { notice: text }, eventTime: b.clock.now },
    b.clock.now,
  );
}

function contentsIn(b: Bot, channelId: string): unknown[] {
  return b.fake.messages.filter((m) => m.channelId === channelId).map((m) => m.payload.content);
}

async function statusFields(b: Bot): Promise<Record<string, string>> {
  const interaction = b.fake.dispatchInteraction(b.fake.chatInputInteraction({ name: 'status' }));
  const reply = await b.fake.waitFor(
    () => b.fake.interactionResponses.find((r) => r.interactionId === interaction.id),
    'answer to /status',
  );
  const { embeds } = reply.payload.data as { embeds: { fields: { name: string; value: string }[] }[] };
  return Object.fromEntries((embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

describe('Discord alerts', () => {
  it('GIVEN a valid token THEN the bot logs in with only the Guilds intent', async () => {
    const b = await bot();
    expect(b.client.isReady()).toBe(true);
    expect(b.fake.identifies).toBe(1);
    expect(b.fake.identifyPayloads[0]?.intents).toBe(1);
  });

  it('GIVEN a bad token THEN login fails with a message that says what to do', async () => {
    const fake = await fakeDiscord();
    const commands = {} as Parameters<typeof startDiscordClient>[0]['commands'];
    const attempt = startDiscordClient({
      token: 'not-the-token',
      apiUrl: fake.apiBase,
      commands,
      log: silentLog,
    });
    await expect(attempt).rejects.toBeInstanceOf(DiscordLoginError);
    await expect(attempt).rejects.toThrow(/Check DISCORD_TOKEN/);
  });

  it('GIVEN a 2% fall THEN one message with an embed, then an edit adds a real PNG chart, pinging nobody', async () => {
    const b = await bot();
    b.board.set('HSI', 22_824);
    await b.poll();
    expect(b.fake.messages).toHaveLength(1);
    expect(b.fake.messages[0]?.files).toEqual([]);
    const edit = await b.fake.waitFor(() => b.fake.edits[0], 'the chart edit');
    expect(edit.messageId).toBe(b.fake.messages[0]?.id);
    expect((edit.payload.embeds as { image?: { url: string } }[])[0]?.image?.url).toBe(
      'attachment://chart-hsi.png',
    );
    const [message] = b.fake.messages;
    expect(message?.channelId).toBe(b.fake.guild.alertChannelId);
    expect(message?.payload.allowed_mentions).toEqual({ parse: [] });
    expect(message?.payload.enforce_nonce).toBe(true);
    expect(typeof message?.nonce).toBe('string');
    const embeds = message?.payload.embeds as { title: string }[];
    expect(embeds[0]?.title).toBe('▼ Hang Seng Index -2.00% on the day');
    expect(embeds[1]?.title).toMatch(/^▼ Hang Seng Index -0\.\d\d% in 15 min$/);
    const png = edit.files[0];
    expect(png?.contentType).toBe('image/png');
    const image = PNG.sync.read(png?.data ?? Buffer.alloc(0));
    expect([image.width, image.height]).toEqual([800, 480]);
    expect(distinctColours(png?.data ?? Buffer.alloc(0))).toBeGreaterThan(20);
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN several instruments moving in one poll THEN one grouped message', async () => {
    const b = await bot();
    b.board.set('HSI', 23_000);
    b.board.set('N225', 37_500);
    await b.poll();
    expect(b.fake.messages).toHaveLength(1);
    const [embed] = b.fake.messages[0]?.payload.embeds as { title: string; fields: { name: string }[] }[];
    expect(embed?.title).toMatch(/moved together/);
    expect(embed?.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['▼ Hang Seng Index', '▼ Nikkei 225']),
    );
  });

  it('GIVEN a 429 on send THEN discord.js waits and the alert is posted once', async () => {
    const b = await bot();
    b.fake.failNext('POST', /\/channels\/\d+\/messages$/, {
      status: 429,
      headers: { 'retry-after': '0.2' },
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    });
    b.board.set('HSI', 22_824);
    await b.poll();
    expect(b.fake.messages).toHaveLength(1);
    expect(b.store.pendingCount()).toBe(0);
  });

  it('GIVEN 5xx errors THEN the alert stays queued and goes out later, marked as delayed', async () => {
    const b = await bot();
    b.fake.failNext('POST', /\/channels\/\d+\/messages$/, { status: 503, body: { message: 'upstream' } }, 2);
    b.board.set('HSI', 22_824);
    await b.poll();
    expect(b.fake.messages).toHaveLength(0);
    expect(b.store.pendingCount()).toBe(1);
    b.clock.now += 10 * MINUTE;
    await b.output.delivery.drain();
    expect(b.fake.messages).toHaveLength(1);
    const embeds = b.fake.messages[0]?.payload.embeds as { footer?: { text: string } }[];
    expect(embeds[0]?.footer?.text).toMatch(/^Delayed: delivered 10 min after the move/);
  });

  it('GIVEN a lost response after Discord created the message THEN the retry does not post twice', async () => {
    const b = await bot();
    b.fake.failNext('POST', /\/channels\/\d+\/messages$/, 'drop', 2);
    b.board.set('HSI', 22_824);
    await b.poll();
    b.clock.now += MINUTE;
    await b.output.delivery.drain();
    expect(b.store.pendingCount()).toBe(0);
    expect(b.fake.messages).toHaveLength(1);
    const sends = b.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(sends.length).toBeGreaterThan(1);
  });

  it('GIVEN Discord down across a restart THEN the queued alert goes out once afterwards with its nonce', async () => {
    const fake = await fakeDiscord();
    const dbPath = join(tempDir(), 'bot.db');
    const first = await startTestBot(tempDir(), { fake, dbPath });
    fake.setDown(true);
    first.board.set('HSI', 22_824);
    await first.poll();
    const [staged] = first.store.dueHeads(Number.MAX_SAFE_INTEGER);
    await first.close();
    fake.setDown(false);

    const second = await bot({ fake, dbPath });
    second.clock.now += 15 * MINUTE;
    await second.output.delivery.drain();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.nonce).toBe(staged?.nonce);
  });

  it('GIVEN one deleted channel among several THEN the others receive in order and the dead letter shows in /status', async () => {
    const b = await bot();
    const [first, second] = [b.fake.guild.alertChannelId, generalChannel(b)];
    const alive = [first, second];
    const targets = [first, DELETED_CHANNEL, second];
    for (const round of [1, 2, 3])
      for (const target of targets) enqueueNotice(b, target, `${round} to ${target}`);

    expect(await b.output.delivery.drain()).toBe(6);
    for (const channel of alive)
      expect(contentsIn(b, channel)).toEqual([1, 2, 3].map((round) => `${round} to ${channel}`));
    expect(b.store.pendingCount()).toBe(0);
    const dead = b.store.deadLetterSummary();
    expect(dead.count).toBe(3);
    expect(dead.latest).toMatchObject({
      target: DELETED_CHANNEL,
      reason: expect.stringMatching(/404.*10003/),
    });
    // Refused for good: each dead letter was tried once, never again.
    const deadPosts = b.fake.requests.filter((r) => r.path.includes(`/channels/${DELETED_CHANNEL}/`));
    expect(deadPosts).toHaveLength(3);

    const fields = await statusFields(b);
    expect(fields['Dead letters']).toMatch(
      new RegExp(`^3 · latest <t:\\d+:R> to <#${DELETED_CHANNEL}>: HTTP 404`),
    );
  });

  it('GIVEN Missing Access on one channel and an outage on another THEN a third still receives, and the outage catches up in order', async () => {
    const fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: 'market-alerts' }, { name: 'general' }, { name: 'trade' }] }],
    });
    open.push(fake);
    const b = await bot({ fake });
    const [forbidden, down, fine] = b.fake.guild.channels.map((c) => c.id);
    if (!forbidden || !down || !fine) throw new Error('the fake guild needs three channels');
    b.fake.failNext('POST', new RegExp(`/channels/${forbidden}/messages$`), MISSING_ACCESS);
    const outage = { status: 503, body: { message: 'upstream' } };
    b.fake.failNext('POST', new RegExp(`/channels/${down}/messages$`), outage, 2);
    for (const round of [1, 2])
      for (const target of [forbidden, down, fine]) enqueueNotice(b, target, `${round} to ${target}`);

    expect(await b.output.delivery.drain()).toBe(3);
    expect(contentsIn(b, fine)).toEqual([`1 to ${fine}`, `2 to ${fine}`]);
    // Refused for good: moved aside, and the channel's next message still went out.
    expect(contentsIn(b, forbidden)).toEqual([`2 to ${forbidden}`]);
    expect(contentsIn(b, down)).toEqual([]);
    expect(b.store.deadLetterSummary()).toMatchObject({ count: 1, latest: { target: forbidden } });
    expect(b.store.deadLetterSummary().latest?.reason).toMatch(/403.*50001/);

    // Two failures back off in turn; ten minutes is past each wait.
    b.clock.now += 10 * MINUTE;
    await b.output.delivery.drain();
    b.clock.now += 10 * MINUTE;
    await b.output.delivery.drain();
    expect(contentsIn(b, down)).toEqual([`1 to ${down}`, `2 to ${down}`]);
    expect(b.store.pendingCount()).toBe(0);
  });

  it('GIVEN a gateway disconnect THEN the client resumes and keeps answering', async () => {
    const b = await bot();
    b.fake.disconnectGateway(4000);
    await b.fake.waitFor(() => b.fake.resumes === 1, 'resume');
    b.fake.dispatchInteraction(b.fake.chatInputInteraction({ name: 'status' }));
    const reply = await b.fake.waitFor(() => b.fake.interactionResponses[0], 'reply');
    expect(reply.type).toBe(4);
  });

  it('GIVEN webhook-only mode THEN alerts are posted through the webhook', async () => {
    const fake = await fakeDiscord();
    const store = openStore(':memory:');
    const b = await bot({ fake });
    const output = createDiscordOutput({
      env: { DISCORD_WEBHOOK_URL: fake.webhook.url },
      store,
      config: () => b.config.current(),
      calendar: () => b.config.calendar(),
      now: () => b.clock.now,
      log: silentLog,
    });
    const alert = { ...b.config.current().instruments[0], time: b.clock.now };
    output?.stage({ kind: 'notice', text: `webhook check for ${alert.id ?? ''}` });
    await output?.delivery.drain();
    store.close();
    expect(fake.messages.map((m) => [m.webhookId, m.payload.content])).toEqual([
      [fake.webhook.id, 'webhook check for HSI'],
    ]);
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN a deleted webhook THEN the message becomes a dead letter instead of being retried for ever', async () => {
    const fake = await fakeDiscord();
    const store = openStore(':memory:');
    const b = await bot({ fake });
    const output = createDiscordOutput({
      env: { DISCORD_WEBHOOK_URL: `${fake.apiBase}/webhooks/123456789012345678/deleted-token` },
      store,
      config: () => b.config.current(),
      calendar: () => b.config.calendar(),
      now: () => b.clock.now,
      log: silentLog,
    });
    output?.stage({ kind: 'notice', text: 'to a webhook that is gone' });
    await output?.delivery.drain();
    const dead = store.deadLetterSummary();
    store.close();
    expect(dead).toMatchObject({ count: 1, latest: { target: 'webhook' } });
    expect(dead.latest?.reason).toMatch(/404.*10015/);
    expect(fake.messages).toEqual([]);
  });

  it('GIVEN indices falling while the yuan weakens THEN a risk-off signal that holds back the windowed alerts it covers', async () => {
    const b = await bot();
    b.board.set('HSI', 23_000);
    b.board.set('N225', 37_300);
    b.board.set('USDCNH', 7.23);
    await b.poll();
    const titles = b.fake.messages.flatMap((m) =>
      (m.payload.embeds as { title: string }[]).map((e) => e.title),
    );
    expect(titles[0]).toBe('▼ Asia risk-off: indices and the yuan moved together');
    const rules = b.store.recentAlerts(20).map((a) => `${a.symbol}:${a.rule}`);
    expect(rules).toContain('ASIA:crossMarket');
    expect(rules.filter((r) => r.endsWith(':windowMove'))).toEqual([]);
    expect(rules).toContain('HSI:dayMove');
  });
});
