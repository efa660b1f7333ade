import { REST } from 'discord.js';
import { restOptions } from '../discord/client.js';
import type { CommandDeps } from '../discord/commands/context.js';
import { keepDiscordConnected } from '../discord/discordSession.js';
import type { DiscordSession } from '../discord/discordSession.js';
import type { Logger } from '../log.js';
import type { GatewayState } from '../status/readiness.js';
import type { BotContext } from './context.js';
import { BotStartError } from './types.js';

export interface DiscordBot {
  readonly session: DiscordSession;
  /** Alerts are sent through a REST client of their own: they go out whenever Discord's API answers. */
  readonly rest: REST;
}

/**
 * Bot mode: logs in beside the monitoring (retried with backoff through outages); the gateway only
 * brings slash commands. Null without DISCORD_TOKEN.
 */
export function connectIfToken(
  ctx: BotContext,
  commands: Omit<CommandDeps, 'now' | 'log'>,
): DiscordBot | null {
  const { env, now, log } = ctx;
  if (!env.DISCORD_TOKEN) return null;
  const session = keepDiscordConnected({
    token: env.DISCORD_TOKEN,
    apiUrl: env.DISCORD_API_URL,
    commands: { ...commands, now, log, redact: ctx.redact },
    log,
  });
  ctx.teardown.push(() => session.stop(), 'log out of Discord');
  return { session, rest: new REST(restOptions(env.DISCORD_API_URL)).setToken(env.DISCORD_TOKEN) };
}

/**
 * The gateway session as the status model names it. Made before the session exists (the commands
 * the session serves read the status), then pointed at it; a refusal is final.
 */
export function createGatewayState() {
  let session: DiscordSession | null = null;
  let refused = false;
  return {
    follow(followed: DiscordSession) {
      session = followed;
      void followed.refused.then(() => {
        refused = true;
      });
    },
    state(): GatewayState {
      if (!session) return 'disabled';
      if (refused) return 'refused';
      return session.client() ? 'connected' : 'connecting';
    },
  };
}

/**
 * A refused token, or a state database that took no writes for storage.exitAfterFailedPolls polls,
 * cannot heal by itself: stop (finishing the current poll) and report it for a one-line exit.
 */
export async function stopOnFatal(
  reasons: readonly Promise<string>[],
  stop: () => Promise<void>,
  log: Logger,
): Promise<BotStartError> {
  const reason = await Promise.race(reasons);
  log.error({ err: { message: reason } }, 'stopping: the bot cannot go on by itself');
  await stop();
  return new BotStartError(reason);
}
