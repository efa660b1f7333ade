import { Client, GatewayIntentBits, Events } from 'discord.js';
import { expect, test } from 'vitest';
import { startFakeDiscord } from './index.js';

test('smoke', async () => {
  const fake = await startFakeDiscord();
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
  client.on(Events.Debug, (m) => { console.log('DEBUG', m); });
  const ready = new Promise((r) => client.once(Events.ClientReady, r));
  await client.login(fake.token);
  await ready;
  console.log(client.guilds.cache.map((g) => g.name), client.channels.cache.size);
  console.log(fake.validationErrors, fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
  await client.destroy();
  await fake.close();
  expect(1).toBe(1);
});
