import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits } from 'discord.js';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { onNextInteraction, useFakeDiscord } from './testKit.js';

const { start, login: ready, track } = useFakeDiscord();

describe('fake Discord gateway', () => {
  it('logs the real discord.js Client in and caches the guild and its channels', async () => {
    const on = await start();
    const client = track(new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: on.apiBase } }));
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
    const client = track(new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: on.apiBase } }));
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
    track(client);
    await expect(client.login(on.token)).rejects.toThrow('Used disallowed intents');
  });

  it('resumes after a server-side disconnect and replays what was missed', async () => {
    const on = await start();
    const client = await ready(on);
    on.disconnectGateway();
    const received = onNextInteraction(client, (interaction) => Promise.resolve(interaction.id));
    const missed = on.dispatchInteraction(on.chatInputInteraction({ name: 'status' }));

    await on.waitFor(() => on.resumes === 1, 'RESUME');
    await expect(received).resolves.toBe(missed.id);
    expect(on.identifies).toBe(1);
    await client.channels.fetch(on.guild.alertChannelId, { force: true });
  });
});
