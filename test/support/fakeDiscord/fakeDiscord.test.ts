import {
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  InteractionResponseType,
  MessageFlags,
  type Interaction,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { loginClient, startFakeDiscord, type FakeDiscord } from './index.js';

let fake: FakeDiscord | undefined;
let clients: Client[] = [];

async function start(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  fake = await startFakeDiscord(options);
  return fake;
}

async function ready(on: FakeDiscord): Promise<Client<true>> {
  const client = await loginClient(on);
  clients.push(client);
  return client;
}

/** Runs `handle` for the next interaction and surfaces its failure instead of losing it in an event handler. */
function onNextInteraction(
  client: Client,
  handle: (interaction: Interaction) => Promise<unknown>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handle(interaction).then(resolve, reject);
    });
  });
}

afterEach(async () => {
  await Promise.all(clients.map((client) => client.destroy()));
  clients = [];
  await fake?.close();
  fake = undefined;
});

describe('fake Discord gateway', () => {
  it('logs the real discord.js Client in and caches the guild and its channels', async () => {
    const on = await start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: on.apiBase } });
    clients.push(client);
    const isReady = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(on.token);
    await isReady;

    expect(client.user?.id).toBe(on.botUser.id);
    expect(client.application?.id).toBe(on.applicationId);
    const guild = client.guilds.cache.get(on.guild.id);
    expect(guild?.name).toBe(on.guild.name);
    const channel = client.channels.cache.get(on.guild.alertChannelId);
    expect(channel?.isTextBased()).toBe(true);
    expect(guild?.members.me?.permissions.has('SendMessages')).toBe(true);
    expect(on.identifies).toBe(1);
    expect(on.validationErrors).toEqual([]);
  });

  it('rejects a bad token the way discord.js reports it', async () => {
    const on = await start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: on.apiBase } });
    clients.push(client);
    await expect(client.login('not-the-token')).rejects.toMatchObject({
      code: DiscordjsErrorCodes.TokenInvalid,
      message: 'An invalid token was provided.',
    });
  });

  it('closes the gateway with 4004 when IDENTIFY carries a bad token', async () => {
    const on = await start();
    const socket = new WebSocket(`${on.gatewayUrl}?v=10&encoding=json`);
    socket.on('message', () => {
      socket.send(JSON.stringify({ op: 2, d: { token: 'bad', intents: 1, properties: {} } }));
    });
    const code = await new Promise<number>((resolve) => socket.once('close', resolve));
    expect(code).toBe(4004);
    expect(on.identifies).toBe(0);
  });

  it('refuses privileged intents the application is not approved for', async () => {
    const on = await start();
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      rest: { api: on.apiBase },
    });
    clients.push(client);
    await expect(client.login(on.token)).rejects.toThrow('Used disallowed intents');
  });

  it('resumes after a server-side disconnect and replays what was missed', async () => {
    const on = await start();
    const client = await ready(on);
    on.disconnectGateway();
    const received = onNextInteraction(client, (interaction) => Promise.resolve(interaction.id));
    const missed = on.dispatchInteraction(on.chatInputInteraction({ name: 'status' }));

    await on.waitFor(() => on.resumes === 1, 3_000, 'RESUME');
    await expect(received).resolves.toBe(missed.id);
    expect(on.identifies).toBe(1);
    await client.channels.fetch(on.guild.alertChannelId, { force: true });
  });
});

describe('fake Discord interactions', () => {
  it('delivers a slash command and records an ephemeral reply', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      expect(interaction.options.getSubcommand()).toBe('show');
      expect(interaction.options.getString('symbol')).toBe('N225');
      expect(interaction.options.getInteger('days')).toBe(5);
      expect(interaction.memberPermissions?.has('Administrator')).toBe(true);
      await interaction.reply({ content: 'N225 +1.2%', flags: MessageFlags.Ephemeral });
    });
    on.dispatchInteraction(
      on.chatInputInteraction({
        name: 'quote',
        subcommand: 'show',
        options: { symbol: 'N225', days: 5 },
        memberPermissions: '8',
      }),
    );
    await handled;

    const [response] = on.interactionResponses;
    expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response?.payload.data).toMatchObject({ content: 'N225 +1.2%', flags: MessageFlags.Ephemeral });
    expect(on.validationErrors).toEqual([]);
  });

  it('records deferReply, editReply with a file and a follow-up', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.deferReply();
      const edited = await interaction.editReply({
        content: 'chart',
        files: [{ attachment: Buffer.from('png'), name: 'c.png' }],
      });
      expect(edited.attachments.first()?.name).toBe('c.png');
      await interaction.followUp({ content: 'more' });
    });
    on.dispatchInteraction(on.chatInputInteraction({ name: 'chart' }));
    await handled;

    expect(on.interactionResponses.map((response) => response.type)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(on.webhookEdits.map((edit) => edit.kind)).toEqual(['editOriginal', 'followup']);
    expect(on.webhookEdits[0]?.files[0]?.name).toBe('c.png');
    expect(on.webhookEdits[1]?.payload.content).toBe('more');
    expect(on.validationErrors).toEqual([]);
  });

  it('answers autocomplete with choices (type 8)', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      expect(interaction.options.getFocused()).toBe('nik');
      await interaction.respond([{ name: 'Nikkei 225', value: 'N225' }]);
    });
    on.dispatchInteraction(
      on.autocompleteInteraction({ name: 'quote', options: { symbol: 'nik' }, focused: 'symbol' }),
    );
    await handled;

    expect(on.interactionResponses[0]).toMatchObject({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      payload: { data: { choices: [{ name: 'Nikkei 225', value: 'N225' }] } },
    });
  });

  it('answers 10062 Unknown interaction to a first response after the deadline', async () => {
    const on = await start({ interactionDeadlineMs: 20 });
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      if (interaction.isRepliable()) await interaction.reply('too late');
    });
    on.dispatchInteraction(on.chatInputInteraction({ name: 'slow' }));
    await expect(handled).rejects.toMatchObject({ code: 10062 });
  });
});
