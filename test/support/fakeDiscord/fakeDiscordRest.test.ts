import {
  AttachmentBuilder,
  EmbedBuilder,
  REST,
  RESTEvents,
  Routes,
  SlashCommandBuilder,
  WebhookClient,
  type APIMessage,
  type Client,
  type TextChannel,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { rateLimited, type FakeDiscord } from './index.js';
import { useFakeDiscord } from './testKit.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const { start, login } = useFakeDiscord();

async function setUp(): Promise<{ on: FakeDiscord; bot: Client<true> }> {
  const on = await start();
  return { on, bot: await login(on) };
}

const alertChannel = (on: FakeDiscord, bot: Client<true>): TextChannel =>
  bot.channels.cache.get(on.guild.alertChannelId) as TextChannel;

describe('fake Discord REST', () => {
  it('records an embed with a PNG sent through client.rest (multipart) and channel.send', async () => {
    const { on, bot } = await setUp();
    const embed = new EmbedBuilder()
      .setTitle('N225 −2.1%')
      .setColor(0xcc0000)
      .setImage('attachment://chart.png');
    const raw = (await bot.rest.post(Routes.channelMessages(on.guild.alertChannelId), {
      body: { content: 'Tariff headline', embeds: [embed.toJSON()] },
      files: [{ name: 'chart.png', data: PNG }],
    })) as APIMessage;
    const sent = await alertChannel(on, bot).send({
      embeds: [embed],
      files: [new AttachmentBuilder(PNG, { name: 'chart.png' })],
    });

    expect(raw.attachments[0]).toMatchObject({
      filename: 'chart.png',
      size: PNG.length,
      width: 1,
      height: 1,
    });
    expect(raw.embeds[0]?.image?.url).toBe(raw.attachments[0]?.url);
    expect(sent.attachments.first()?.name).toBe('chart.png');
    expect(on.messages).toHaveLength(2);
    expect(on.messages[0]).toMatchObject({
      channelId: on.guild.alertChannelId,
      payload: { content: 'Tariff headline' },
    });
    expect(on.messages[0]?.files[0]).toMatchObject({
      name: 'chart.png',
      contentType: 'image/png',
      data: PNG,
    });
    const served = await fetch(raw.attachments[0]?.url ?? '');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    expect(on.validationErrors).toEqual([]);
  });

  it('adds a PNG to a posted message by a multipart PATCH, and a later PATCH lists what it keeps', async () => {
    const { on, bot } = await setUp();
    const route = Routes.channelMessages(on.guild.alertChannelId);
    const text = { title: 'HSI −2.1%', fields: [{ name: 'Price', value: '23,171.75' }] };
    const posted = (await bot.rest.post(route, { body: { embeds: [text] } })) as APIMessage;
    expect(posted.attachments).toEqual([]);

    const edit = Routes.channelMessage(on.guild.alertChannelId, posted.id);
    const charted = (await bot.rest.patch(edit, {
      body: {
        embeds: [{ ...text, image: { url: 'attachment://chart.png' } }],
        attachments: [{ id: '0', filename: 'chart.png' }],
      },
      files: [{ name: 'chart.png', data: PNG, contentType: 'image/png' }],
    })) as APIMessage;
    expect(charted.attachments.map((a) => [a.filename, a.width, a.height])).toEqual([['chart.png', 1, 1]]);
    expect(charted.embeds[0]?.image?.url).toBe(charted.attachments[0]?.url);
    expect(charted.embeds[0]?.fields).toEqual(text.fields);
    expect(charted.edited_timestamp).not.toBeNull();
    expect(on.edits[0]?.files.map((f) => f.name)).toEqual(['chart.png']);

    // `attachments` names the ones to keep: the new upload only, so the first chart goes.
    const replaced = (await bot.rest.patch(edit, {
      body: { attachments: [{ id: '0', filename: 'chart2.png' }] },
      files: [{ name: 'chart2.png', data: PNG, contentType: 'image/png' }],
    })) as APIMessage;
    expect(replaced.attachments.map((a) => a.filename)).toEqual(['chart2.png']);
    expect(on.messages).toHaveLength(1);
    expect(on.validationErrors).toEqual([]);
  });

  it('returns the earlier message for a repeated nonce with enforce_nonce', async () => {
    const { on, bot } = await setUp();
    const channel = alertChannel(on, bot);
    const first = await channel.send({ content: 'once', nonce: 'alert-42', enforceNonce: true });
    const again = await channel.send({ content: 'once', nonce: 'alert-42', enforceNonce: true });

    expect(again.id).toBe(first.id);
    expect(on.messages).toHaveLength(1);
  });

  it('posts once when the answer is lost and discord.js retries with the same nonce', async () => {
    const { on, bot } = await setUp();
    on.failNext('POST', '/channels/{channel_id}/messages', 'drop');
    const sent = await alertChannel(on, bot).send({ content: 'once', nonce: 'alert-43', enforceNonce: true });

    expect(
      on.requests.filter((request) => request.method === 'POST').map((request) => request.status),
    ).toEqual(['drop', 200]);
    expect(on.messages.map((message) => message.id)).toEqual([sent.id]);
  });

  it('lets discord.js wait out a 429 and retry 5xx and connection resets', async () => {
    const { on, bot } = await setUp();
    const limited: unknown[] = [];
    bot.rest.on(RESTEvents.RateLimited, (info) => limited.push(info));
    on.failNext('POST', '/channels/{channel_id}/messages', rateLimited(0.2));
    on.failNext('POST', '/channels/{channel_id}/messages', { status: 502 });
    on.failNext('POST', '/channels/{channel_id}/messages', 'reset');
    const started = Date.now();
    await alertChannel(on, bot).send('after the storm');

    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(
      on.requests.filter((request) => request.method === 'POST').map((request) => request.status),
    ).toEqual([429, 502, 'reset', 200]);
    expect(on.messages).toHaveLength(1);
  });

  it('gives up after a hang only when the REST timeout passes, then retries', async () => {
    const { on, bot } = await setUp();
    on.failNext('*', '/channels/{channel_id}', 'hang');
    // Short for the hung attempt only: discord.js reads the timeout as it starts each attempt, so the
    // retry gets the default back and a loaded machine cannot time out an answer that is coming.
    const { options } = bot.rest;
    const send = options.makeRequest;
    const defaultTimeoutMs = options.timeout;
    options.timeout = 150;
    options.makeRequest = (url, init) => {
      options.timeout = defaultTimeoutMs;
      return send(url, init);
    };
    const channel = await bot.channels.fetch(on.guild.alertChannelId, { force: true });
    expect(channel?.id).toBe(on.guild.alertChannelId);
    const fetches = on.requests.filter((r) => r.path === `/channels/${on.guild.alertChannelId}`);
    expect(fetches.map((r) => r.status)).toEqual(['hang', 200]);
  });

  it('answers 503 to everything during an outage', async () => {
    const { on, bot } = await setUp();
    on.setDown(true);
    await expect(bot.rest.get(Routes.user('@me'))).rejects.toMatchObject({ status: 503 });
    on.setDown(false);
    await expect(bot.rest.get(Routes.user('@me'))).resolves.toMatchObject({ id: on.botUser.id });
  });

  it('catches bodies Discord would refuse, with its own error shape', async () => {
    const { on, bot } = await setUp();
    const route = Routes.channelMessages(on.guild.alertChannelId);
    await expect(
      bot.rest.post(route, { body: { embeds: [{ title: 'x'.repeat(257) }] } }),
    ).rejects.toMatchObject({
      status: 400,
      code: 50035,
    });
    await expect(bot.rest.post(route, { body: { content: 'x'.repeat(2001) } })).rejects.toMatchObject({
      code: 50035,
    });
    await expect(bot.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404 });

    expect(on.validationErrors.map((failure) => failure.errors[0]?.path)).toEqual([
      '/embeds/0/title',
      '/content',
      '',
    ]);
    expect(on.validationErrors[0]).toMatchObject({
      method: 'POST',
      route: '/channels/{channel_id}/messages',
    });
    expect(on.validationErrors[2]?.errors[0]?.keyword).toBe('unknownRoute');
    expect(on.messages).toEqual([]);
  });

  it('records command registration through REST and echoes ids that interactions reuse', async () => {
    const on = await start();
    const rest = new REST({ api: on.apiBase }).setToken(on.token);
    const command = new SlashCommandBuilder()
      .setName('quote')
      .setDescription('Latest move')
      .addStringOption((option) => option.setName('symbol').setDescription('Index').setRequired(true));
    const answered = (await rest.put(Routes.applicationGuildCommands(on.applicationId, on.guild.id), {
      body: [command.toJSON()],
    })) as { id: string; name: string }[];

    expect(on.commandRegistrations).toEqual([
      { scope: 'guild', applicationId: on.applicationId, guildId: on.guild.id, commands: [command.toJSON()] },
    ]);
    expect(on.chatInputInteraction({ name: 'quote' }).data.id).toBe(answered[0]?.id);
    expect(on.validationErrors).toEqual([]);
  });

  it('executes a channel webhook in webhook-only mode', async () => {
    const on = await start();
    const webhook = new WebhookClient(
      { id: on.webhook.id, token: on.webhook.token },
      { rest: { api: on.apiBase } },
    );
    const message = await webhook.send({
      content: 'HSI −3%',
      username: 'Alerts',
      files: [{ attachment: PNG, name: 'hsi.png' }],
    });
    webhook.destroy();
    const plain = await fetch(`${on.webhook.url}?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'plain fetch' }),
    });

    expect(message.webhook_id).toBe(on.webhook.id);
    expect(plain.status).toBe(200);
    expect(on.messages.map((recorded) => [recorded.webhookId, recorded.payload.content])).toEqual([
      [on.webhook.id, 'HSI −3%'],
      [on.webhook.id, 'plain fetch'],
    ]);
    expect(on.messages[0]?.files[0]?.name).toBe('hsi.png');
    expect(on.validationErrors).toEqual([]);
  });
});
