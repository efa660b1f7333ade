import { Events, type Client, type ClientOptions, type Interaction } from 'discord.js';
import { afterEach } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './index.js';
import { loginClient } from './loginClient.js';
import type { FakeDiscordOptions } from './types.js';

export interface FakeDiscordHarness {
  /** Starts a fake that is closed after the current test. */
  readonly start: (options?: FakeDiscordOptions) => Promise<FakeDiscord>;
  /** A real Client logged in to `fake` and ready; destroyed after the current test. */
  readonly login: (fake: FakeDiscord, options?: Partial<ClientOptions>) => Promise<Client<true>>;
  /** Destroys `client` after the current test. */
  readonly track: <T extends Client>(client: T) => T;
}

/** Call at the top of a test file: clients are destroyed before their fakes close, after every test. */
export function useFakeDiscord(): FakeDiscordHarness {
  const fakes: FakeDiscord[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.destroy()));
    await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  });
  return {
    start: async (options) => {
      const fake = await startFakeDiscord(options);
      fakes.push(fake);
      return fake;
    },
    login: async (fake, options) => {
      const client = await loginClient(fake, options);
      clients.push(client);
      return client;
    },
    track: (client) => {
      clients.push(client);
      return client;
    },
  };
}

/** Runs `handle` on the next interaction and settles with it, so a failing handler fails the test. */
export function onNextInteraction<T>(
  client: Client,
  handle: (interaction: Interaction) => Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handle(interaction).then(resolve, reject);
    });
  });
}
