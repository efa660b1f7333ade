import { createCalendar } from '../domain/calendar/index.js';
import type { Config } from './config.js';
import type { Env } from './env.js';

/**
 * Something a valid config and environment cannot do together. `refuse`: the bot would run but
 * could never do its job (alerts with nowhere to go), so it does not start. `warn`: part of it can
 * never work, or not for weeks; the rest runs, and a hand edit of the config fixes it live.
 */
export interface StartupCheck {
  readonly level: 'refuse' | 'warn';
  /** One line: what cannot work and what to change. */
  readonly message: string;
}

/** The environment settings the checks read (src/config/env.ts). */
export type StartupEnv = Pick<
  Env,
  'DISCORD_TOKEN' | 'DISCORD_WEBHOOK_URL' | 'DISCORD_CHANNEL_ID' | 'TWELVEDATA_API_KEY'
>;

function discordChecks(config: Config, env: StartupEnv): StartupCheck[] {
  const checks: StartupCheck[] = [];
  const { channelId, symbolChannels, topTierChannelId } = config.discord;
  if (env.DISCORD_TOKEN !== undefined) {
    if (env.DISCORD_CHANNEL_ID === undefined && channelId === null) {
      checks.push({
        level: 'refuse',
        message:
          'DISCORD_TOKEN is set but no alert channel is: every alert would be dropped; set DISCORD_CHANNEL_ID ' +
          'or discord.channelId to the channel id (Developer Mode → right-click the channel → Copy Channel ID)',
      });
    }
    if (env.DISCORD_WEBHOOK_URL !== undefined) {
      checks.push({
        level: 'warn',
        message: 'DISCORD_WEBHOOK_URL is ignored because DISCORD_TOKEN is set (bot mode); unset one of them',
      });
    }
  } else if (
    env.DISCORD_WEBHOOK_URL !== undefined &&
    (Object.keys(symbolChannels).length > 0 || topTierChannelId !== null)
  ) {
    checks.push({
      level: 'warn',
      message:
        'discord.symbolChannels and discord.topTierChannelId are ignored in webhook mode (a webhook posts to its own channel); set DISCORD_TOKEN to route alerts, or remove them',
    });
  }
  return checks;
}

function routingChecks(config: Config): StartupCheck[] {
  const ids = config.instruments.map((i) => i.id);
  const strays = Object.keys(config.discord.symbolChannels).filter((id) => !ids.includes(id));
  const checks: StartupCheck[] = strays.map((id) => ({
    level: 'warn',
    message: `discord.symbolChannels.${id} names no instrument, so it routes nothing; use one of ${ids.join(', ')} or remove it`,
  }));
  const { enabled, indices, fx } = config.crossMarket;
  const missing = [...indices, fx].filter((id) => !ids.includes(id));
  if (enabled && missing.length > 0) {
    checks.push({
      level: 'warn',
      message: `crossMarket names ${missing.join(', ')}, not among the instruments, so the Asia risk signal never fires; fix crossMarket.indices/fx or set crossMarket.enabled: false`,
    });
  }
  return checks;
}

function providerChecks(config: Config, env: StartupEnv): StartupCheck[] {
  const usable = config.providers.order.filter((p) => p === 'yahoo' || env.TWELVEDATA_API_KEY !== undefined);
  if (usable.length === 0) {
    return [
      {
        level: 'refuse',
        message:
          'no quote provider can run: providers.order lists only twelvedata and TWELVEDATA_API_KEY is not set; set it or add yahoo to providers.order',
      },
    ];
  }
  const unquoted = config.instruments.filter((i) => usable.every((p) => i.symbols[p] === undefined));
  if (unquoted.length === 0) return [];
  const names = unquoted.map((i) => i.id).join(', ');
  return [
    {
      level: 'warn',
      message: `${names}: no symbol for any usable provider (${usable.join(', ')}), so never quoted; add symbols.${usable[0] ?? 'yahoo'}`,
    },
  ];
}

function calendarChecks(config: Config, now: number): StartupCheck[] {
  const calendar = createCalendar(config.markets);
  const neverOpen = config.instruments.filter((i) => {
    const status = calendar.status(i.market, now);
    return status.state !== 'open' && status.nextOpen === null;
  });
  if (neverOpen.length === 0) return [];
  const which = neverOpen.map((i) => `${i.id} (${i.market})`).join(', ');
  const scope = neverOpen.length === config.instruments.length ? 'no instrument is ever polled: ' : '';
  return [
    {
      level: 'warn',
      message: `${scope}${which}: market does not open in the coming month (as far as the calendar looks ahead); check its sessions, opens/closes and overrides under markets`,
    },
  ];
}

/**
 * Configurations that validate but cannot work, with the environment they run in; pure (the caller
 * passes the time). startBot refuses to start on any `refuse` and logs each `warn` once;
 * check-config prints them all.
 */
export function startupChecks(config: Config, env: StartupEnv, now: number): StartupCheck[] {
  return [
    ...discordChecks(config, env),
    ...providerChecks(config, env),
    ...routingChecks(config),
    ...calendarChecks(config, now),
  ];
}
