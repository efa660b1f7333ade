import { Client, GatewayIntentBits } from 'discord.js';
import type { Logger } from '../log.js';
import { handleInteraction } from './commands/handleInteraction.js';
import type { CommandDeps } from './commands/context.js';

/** REST settings shared by the bot client and the REST-only uses (register commands, webhooks). */
export function restOptions(apiUrl: string | undefined) {
  // One quick retry inside discord.js; longer outages are the outbox's job, with backoff and order.
  return { ...(apiUrl ? { api: apiUrl } : {}), retries: 1, timeout: 15_000 };
}

export class DiscordLoginError extends Error {
  constructor(reason: string) {
    super(
      `Discord login failed: ${reason}. Check DISCORD_TOKEN (Developer Portal → your app → Bot → Reset Token).`,
    );
    this.name = 'DiscordLoginError';
  }
}

/**
 * Logs in with only the Guilds intent (no privileged intents) and resolves once every guild is
 * ready. Handlers never throw into discord.js: errors become log lines.
 */
export async function startDiscordClient(opts: {
  readonly token: string;
  readonly apiUrl: string | undefined;
  readonly commands: CommandDeps;
  readonly log: Logger;
}): Promise<Client> {
  const { log } = opts;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(opts.apiUrl),
    allowedMentions: { parse: [] },
  });
  client.on('error', (err) => {
    log.error({ err }, 'Discord client error');
  });
  client.on('warn', (message) => {
    log.warn({ message }, 'Discord client warning');
  });
  client.on('shardDisconnect', (event, shard) => {
    log.warn({ code: event.code, shard }, 'Discord gateway disconnected; reconnecting');
  });
  client.on('shardResume', (shard, replayed) => {
    log.info({ shard, replayed }, 'Discord gateway resumed');
  });
  client.on('interactionCreate', (interaction) => {
    handleInteraction(interaction, opts.commands).catch((err: unknown) => {
      log.error({ err }, 'interaction could not be answered');
    });
  });
  // clientReady can fire before login() resolves, so listen first.
  const ready = new Promise<void>((resolve) => {
    client.once('clientReady', () => {
      resolve();
    });
  });
  try {
    await client.login(opts.token);
  } catch (err) {
    await client.destroy();
    throw new DiscordLoginError(err instanceof Error ? err.message : String(err));
  }
  await ready;
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord ready');
  return client;
}
