import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { validateConfig, type Config } from '../src/config/config.js';
import { alwaysOpenConfigData } from '../test/support/testConfig.js';
import type { DiscordChannels } from './discordChaos.js';

interface EditableConfig {
  schedule: { cron: string };
  providers: { backoff: unknown };
  discord: Record<string, unknown>;
}

/** Polls every second: the run compresses a session into minutes. */
const CHAOS_CRON = '* * * * * *';

/**
 * config/bot.yaml with what a local run needs: every instrument on a market that never closes (so a
 * run is the same on a weekend or across 17:00 New York), no news source on the internet, a poll
 * every second with a provider backoff scaled to it, and the fake Discord's channels (USD/CNH to
 * its own channel, the top tier to the one that refuses posts). Thresholds are the shipped ones.
 */
export function chaosConfigData(guildId: string, channels: DiscordChannels): Record<string, unknown> {
  // The shape of the parts edited here; validateConfig checks the whole result.
  const data = alwaysOpenConfigData('all') as unknown as EditableConfig;
  data.schedule.cron = CHAOS_CRON;
  data.providers.backoff = { initialSeconds: 1, maxSeconds: 4 };
  Object.assign(data.discord, {
    guildId,
    channelId: channels.alerts,
    symbolChannels: { USDCNH: channels.fx },
    topTierChannelId: channels.refused,
  });
  return data as unknown as Record<string, unknown>;
}

/** Writes `dir/bot.yaml`; returns its path and the validated config (thresholds for the expectations). */
export function writeChaosConfig(
  dir: string,
  guildId: string,
  channels: DiscordChannels,
): { path: string; config: Config } {
  const data = chaosConfigData(guildId, channels);
  const result = validateConfig(data);
  if (!result.ok) throw new Error(`chaos: the derived config is invalid: ${result.problems.join('; ')}`);
  const path = join(dir, 'bot.yaml');
  writeFileSync(path, stringify(data));
  return { path, config: result.config };
}
