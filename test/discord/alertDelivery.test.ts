import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordLoginError, startDiscordClient } from '../../src/discord/client.js';
import { createDiscordOutput } from '../../src/discord/discordOutput.js';
import { openStore } from '../../src/store/openStore.js';
import { MINUTE, startBot } from '../support/botHarness.js';
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

async function bot(options: Parameters<typeof startBot>[1] = {}): Promise<Bot> {
  const b = await startBot(tempDir(), options);
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

  it('GIVEN a 2% fall THEN one message with an embed and a real PNG chart, pinging nobody', async () => {
    const b = await bot();
    b.board.set('HSI', 22_824);
    await b.poll();
    expect(b.fake.messages).toHaveLength(1);
    const [message] = b.fake.messages;
    expect(message?.channelId).toBe(b.fake.guild.alertChannelId);
    expect(message?.payload.allowed_mentions).toEqual({ parse: [] });
    expect(message?.payload.enforce_nonce).toBe(true);
    expect(typeof message?.nonce).toBe('string');
    const embeds = message?.payload.embeds as { title: string }[];
    expect(embeds[0]?.title).toBe('▼ Hang Seng Index -2.00% on the day');
    expect(embeds[1]?.title).toMatch(/^▼ Hang Seng Index -0\.\d\d% in 15 min$/);
    const png = message?.files[0];
    expect(png?.contentType).toBe('image/png');
    const image = PNG.sync.read(png?.data ?? Buffer.alloc(0));
    expect([image.width, image.height]).toEqual([800, 400]);
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
    const first = await startBot(tempDir(), { fake, dbPath });
    fake.setDown(true);
    first.board.set('HSI', 22_824);
    await first.poll();
    const staged = first.store.nextDue(Number.MAX_SAFE_INTEGER);
    await first.close();
    fake.setDown(false);

    const second = await bot({ fake, dbPath });
    second.clock.now += 15 * MINUTE;
    await second.output.delivery.drain();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.nonce).toBe(staged?.nonce);
  });

  it('GIVEN a gateway disconnect THEN the client resumes and keeps answering', async () => {
    const b = await bot();
    b.fake.disconnectGateway(4000);
    await b.fake.waitFor(() => b.fake.resumes === 1, 5_000, 'resume');
    b.fake.dispatchInteraction(b.fake.chatInputInteraction({ name: 'status' }));
    const reply = await b.fake.waitFor(() => b.fake.interactionResponses[0], 5_000, 'reply');
    expect(reply.type).toBe(4);
  });

  it('GIVEN webhook-only mode THEN alerts are posted through the webhook', async () => {
    const fake = await fakeDiscord();
    const store = openStore(':memory:');
    const b = await bot({ fake });
    const output = createDiscordOutput({
      env: { DISCORD_WEBHOOK_URL: fake.webhook.url },
      store,
      config: () => b.monitor.config(),
      calendar: () => b.monitor.calendar(),
      now: () => b.clock.now,
      log: silentLog,
    });
    const alert = { ...b.monitor.config().instruments[0], time: b.clock.now };
    output?.notice(`webhook check for ${alert.id ?? ''}`);
    await output?.delivery.drain();
    store.close();
    expect(fake.messages.map((m) => [m.webhookId, m.payload.content])).toEqual([
      [fake.webhook.id, 'webhook check for HSI'],
    ]);
    expect(fake.validationErrors).toEqual([]);
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
