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
    commands: { ...commands, now, log },
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

/** A refused token cannot heal: stop (finishing the current poll) and report it as a start error. */
export async function stopOnRefusal(
  session: DiscordSession,
  stop: () => Promise<void>,
  log: Logger,
): Promise<BotStartError> {
  const refusal = await session.refused;
  log.error({ err: { message: refusal.message } }, 'Discord refused the bot; stopping');
  await stop();
  return new BotStartError(refusal.message);
}
