import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { FakeDiscord } from './index.js';

/**
 * A real discord.js Client logged in to the fake and past `clientReady`.
 * The listener goes on before login() because clientReady can fire before login() resolves.
 */
export async function loginClient(
  fake: FakeDiscord,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { ...options.rest, api: fake.apiBase },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(fake.token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return ready;
}
