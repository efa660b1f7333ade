import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import type { RenderChartPng } from '../../src/discord/alertMessage.js';
import { createDiscordOutput } from '../../src/discord/discordOutput.js';
import type { DiscordOutput } from '../../src/discord/discordOutput.js';
import type { HubMessage } from '../../src/hub/messages.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { makeConfig } from '../support/testConfig.js';

const T = Date.parse('2025-06-02T02:16:00Z');
const tempDir = useTempDirs('chart-follow-up-');
const open: { close(): Promise<void> | void }[] = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    symbol: 'HSI',
    name: 'Hang Seng Index',
    rule: 'dayMove',
    direction: 'down',
    severity: 1,
    price: 23_171.75,
    changePct: -2.1,
    dayChangePct: -2.1,
    basePrice: 23_669,
    thresholdPct: 2,
    time: T,
    sessionId: '2025-06-02',
    escalated: false,
    message: 'm',
    ...over,
  };
}

function alerts(...batch: Alert[]): HubMessage {
  return { kind: 'alerts', batch: { time: T, alerts: batch, providers: { HSI: 'yahoo' } } };
}

/** A real 4×2 PNG, as a rendered chart would be (its size is checked by the fake). */
function tinyPng(): Buffer {
  const png = new PNG({ width: 4, height: 2 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** A chart renderer that holds every render until the test releases (or fails) it. */
function gatedRenderer() {
  const waiting: { resolve(png: Buffer): void; reject(err: Error): void }[] = [];
  const render: RenderChartPng = () =>
    new Promise<Buffer>((resolve, reject) => waiting.push({ resolve, reject }));
  return {
    render,
    started: () => waiting.length,
    release: () => waiting.shift()?.resolve(tinyPng()),
    fail: () => waiting.shift()?.reject(new Error('chart worker stopped')),
  };
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  open.push(fake);
  return fake;
}

function storeAt(path: string): Store {
  const store = openStore(path);
  open.push(store);
  return store;
}

function output(
  fake: FakeDiscord,
  store: Store,
  renderChartPng: RenderChartPng,
  { mode = 'bot', now = T + 5_000 }: { mode?: 'bot' | 'webhook'; now?: number } = {},
): DiscordOutput {
  const config = makeConfig((d) => {
    d.discord = { channelId: fake.guild.alertChannelId };
  });
  const env =
    mode === 'bot'
      ? { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase }
      : { DISCORD_WEBHOOK_URL: fake.webhook.url };
  const made = createDiscordOutput({
    env,
    store,
    config: () => config,
    calendar: () => createCalendar(config.markets),
    now: () => now,
    log: silentLog,
    renderChartPng,
  });
  if (!made) throw new Error('no Discord output');
  return made;
}

async function send(out: DiscordOutput, message: HubMessage): Promise<void> {
  out.stage(message);
  await out.deliver(message);
}

/** The message as Discord now shows it, read through the API. */
async function fetchMessage(fake: FakeDiscord, id: string): Promise<APIMessage> {
  const url = `${fake.apiBase}/v10/channels/${fake.guild.alertChannelId}/messages/${id}`;
  const response = await fetch(url, { headers: { authorization: `Bot ${fake.token}` } });
  return (await response.json()) as APIMessage;
}

function leadImage(payload: Record<string, unknown>): string | undefined {
  return (payload.embeds as { image?: { url: string } }[] | undefined)?.[0]?.image?.url;
}

describe('alert charts follow their text', () => {
  it('GIVEN a chart still rendering THEN the text is posted, a newer alert too, and one PATCH adds each chart', async () => {
    const fake = await fakeDiscord();
    const gate = gatedRenderer();
    const out = output(fake, storeAt(':memory:'), gate.render);

    await send(out, alerts(alert('a1')));
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.files).toEqual([]);
    expect((fake.messages[0]?.payload.embeds as { title: string }[])[0]?.title).toBe(
      '▼ Hang Seng Index -2.10% on the day',
    );
    expect(leadImage(fake.messages[0]?.payload ?? {})).toBeUndefined();
    expect(gate.started()).toBe(1);

    // The first chart is still held: the next alert's text does not wait for it.
    await send(out, alerts(alert('a2', { price: 23_100 })));
    expect(fake.messages).toHaveLength(2);
    expect(fake.edits).toEqual([]);

    gate.release();
    gate.release();
    await out.settle();
    expect(fake.edits.map((e) => e.messageId)).toEqual(fake.messages.map((m) => m.id));
    const [edit] = fake.edits;
    expect(leadImage(edit?.payload ?? {})).toBe('attachment://chart-hsi.png');
    expect(edit?.files.map((f) => [f.name, f.contentType])).toEqual([['chart-hsi.png', 'image/png']]);
    const shown = await fetchMessage(fake, fake.messages[0]?.id ?? '');
    expect(shown?.attachments.map((a) => [a.filename, a.width, a.height])).toEqual([['chart-hsi.png', 4, 2]]);
    expect(shown?.embeds[0]?.image?.url).toBe(shown?.attachments[0]?.url);
    expect(fake.messages).toHaveLength(2);
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN the chart render fails THEN the text post stays as it is and nothing is queued or dead', async () => {
    const fake = await fakeDiscord();
    const gate = gatedRenderer();
    const store = storeAt(':memory:');
    const out = output(fake, store, gate.render);
    await send(out, alerts(alert('a1')));
    gate.fail();
    await out.settle();
    expect(fake.messages).toHaveLength(1);
    expect(fake.edits).toEqual([]);
    expect(store.pendingCount()).toBe(0);
    expect(store.deadLetterSummary().count).toBe(0);
  });

  it('GIVEN the message deleted before its chart THEN the 404 dead-letters the edit only, and alerts go on', async () => {
    const fake = await fakeDiscord();
    const gate = gatedRenderer();
    const store = storeAt(':memory:');
    const out = output(fake, store, gate.render);
    await send(out, alerts(alert('a1')));
    fake.failNext('PATCH', /\/channels\/\d+\/messages\/\d+$/, {
      status: 404,
      body: { message: 'Unknown Message', code: 10008 },
    });
    gate.release();
    await out.settle();
    expect(fake.edits).toEqual([]);
    expect(fake.messages).toHaveLength(1);
    expect(store.deadLetterSummary()).toMatchObject({
      count: 1,
      latest: { reason: expect.stringContaining('HTTP 404') as unknown },
    });
    expect(store.pendingCount()).toBe(0);

    await send(out, alerts(alert('a2', { price: 23_100 })));
    gate.release();
    await out.settle();
    expect(fake.messages).toHaveLength(2);
    expect(fake.edits.map((e) => e.messageId)).toEqual([fake.messages[1]?.id]);
  });

  it('GIVEN a restart between the post and its edit THEN the reopened outbox edits the message once', async () => {
    const fake = await fakeDiscord();
    const path = join(tempDir(), 'bot.db');
    const gate = gatedRenderer();
    const before = openStore(path);
    const out = output(fake, before, gate.render);
    await send(out, alerts(alert('a1')));
    fake.setDown(true);
    gate.release();
    await out.settle();
    expect(before.pendingCount()).toBe(1);
    expect(fake.edits).toEqual([]);
    before.close();
    fake.setDown(false);

    const after = storeAt(path);
    // Drained as the retry timer would, past the backoff; nothing is rendered again.
    const reopened = output(fake, after, () => Promise.reject(new Error('no render after the restart')), {
      now: T + 10 * 60_000,
    });
    await reopened.delivery.drain();
    await reopened.settle();
    expect(fake.messages).toHaveLength(1);
    expect(fake.edits.map((e) => e.messageId)).toEqual([fake.messages[0]?.id]);
    expect(fake.edits[0]?.files.map((f) => f.name)).toEqual(['chart-hsi.png']);
    // The text went out on time; the chart's late edit does not relabel it as delayed.
    const footers = (payload: Record<string, unknown> | undefined) =>
      (payload?.embeds as { footer?: unknown }[]).map((e) => e.footer);
    expect(footers(fake.edits[0]?.payload)).toEqual(footers(fake.messages[0]?.payload));
    expect(after.pendingCount()).toBe(0);
  });

  it('GIVEN Discord down when the alert is staged THEN the late post says so, and its chart edit says the same', async () => {
    const fake = await fakeDiscord();
    const gate = gatedRenderer();
    const store = storeAt(':memory:');
    fake.setDown(true);
    const early = output(fake, store, gate.render);
    await send(early, alerts(alert('a1')));
    gate.release();
    await early.settle();
    expect(store.pendingCount()).toBe(2);
    fake.setDown(false);

    // Ten minutes later, as the retry timer would drain, past the backoff.
    const late = output(fake, store, gate.render, { now: T + 10 * 60_000 });
    await late.delivery.drain();
    const footer = (payload: Record<string, unknown> | undefined) =>
      (payload?.embeds as { footer?: { text: string } }[])[0]?.footer?.text;
    expect(footer(fake.messages[0]?.payload)).toMatch(/^Delayed: delivered 10 min after the move/);
    expect(fake.edits.map((e) => footer(e.payload))).toEqual([footer(fake.messages[0]?.payload)]);
  });

  it('GIVEN webhook mode THEN the chart is added through the webhook’s message edit', async () => {
    const fake = await fakeDiscord();
    const gate = gatedRenderer();
    const out = output(fake, storeAt(':memory:'), gate.render, { mode: 'webhook' });
    await send(out, alerts(alert('a1')));
    expect(fake.messages.map((m) => [m.webhookId, m.files.length])).toEqual([[fake.webhook.id, 0]]);
    gate.release();
    await out.settle();
    expect(fake.edits.map((e) => [e.messageId, e.files.map((f) => f.name)])).toEqual([
      [fake.messages[0]?.id, ['chart-hsi.png']],
    ]);
    expect(fake.validationErrors).toEqual([]);
  });
});
