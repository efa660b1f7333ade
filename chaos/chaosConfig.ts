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
  instruments: { id: string; thresholds: Record<string, unknown> }[];
  streaming?: unknown;
  storage?: Record<string, unknown>;
}

/** The leader lease's timings (`storage.lease`), in seconds. */
export interface LeaseTimings {
  readonly ttlSeconds: number;
  readonly renewEverySeconds: number;
  readonly retryEverySeconds: number;
}

/** What a scenario changes in the shipped config; thresholds stay the shipped ones but for extra levels. */
export interface ChaosConfigOptions {
  /** A six-field cron: the run compresses a session into minutes. */
  readonly cron: string;
  /** The provider backoff, scaled to the poll (at least 1.5 poll periods). */
  readonly providerBackoff: { readonly initialSeconds: number; readonly maxSeconds: number };
  /** Level-cross levels by instrument id, replacing the shipped ones. */
  readonly levels?: Readonly<Record<string, readonly number[]>>;
  /** The local streamer's URL, with a reconnect backoff scaled to the run; absent: no stream. */
  readonly streamUrl?: string;
  /** The leader lease's timings, for replicas sharing a PostgreSQL store; absent: the defaults. */
  readonly lease?: LeaseTimings;
}

/** Polls every second with a provider backoff to match: the delivery run and the control. */
export const POLL_EVERY_SECOND: ChaosConfigOptions = {
  cron: '* * * * * *',
  providerBackoff: { initialSeconds: 1, maxSeconds: 4 },
};

/**
 * config/bot.yaml with what a local run needs: every instrument on a market that never closes (so a
 * run is the same on a weekend or across 17:00 New York), no news source on the internet, the
 * scenario's poll, and the fake Discord's channels (USD/CNH to its own channel, the top tier to the
 * one that refuses posts). Thresholds are the shipped ones.
 */
export function chaosConfigData(
  guildId: string,
  channels: DiscordChannels,
  options: ChaosConfigOptions = POLL_EVERY_SECOND,
): Record<string, unknown> {
  // The shape of the parts edited here; validateConfig checks the whole result.
  const data = alwaysOpenConfigData('all') as unknown as EditableConfig;
  data.schedule.cron = options.cron;
  data.providers.backoff = options.providerBackoff;
  Object.assign(data.discord, {
    guildId,
    channelId: channels.alerts,
    symbolChannels: { USDCNH: channels.fx },
    topTierChannelId: channels.refused,
  });
  for (const [id, levels] of Object.entries(options.levels ?? {})) {
    const instrument = data.instruments.find((i) => i.id === id);
    if (!instrument) throw new Error(`chaos: no instrument ${id} to set levels on`);
    instrument.thresholds = { ...instrument.thresholds, levelCross: { levels } };
  }
  if (options.streamUrl !== undefined) {
    data.streaming = { enabled: true, url: options.streamUrl, backoff: { initialSeconds: 1, maxSeconds: 4 } };
  }
  if (options.lease !== undefined) data.storage = { ...data.storage, lease: { ...options.lease } };
  return data as unknown as Record<string, unknown>;
}

/** Writes `dir/bot.yaml`; returns its path and the validated config (thresholds for the expectations). */
export function writeChaosConfig(
  dir: string,
  guildId: string,
  channels: DiscordChannels,
  options?: ChaosConfigOptions,
): { path: string; config: Config } {
  const data = chaosConfigData(guildId, channels, options);
  const result = validateConfig(data);
  if (!result.ok) throw new Error(`chaos: the derived config is invalid: ${result.problems.join('; ')}`);
  const path = join(dir, 'bot.yaml');
  writeFileSync(path, stringify(data));
  return { path, config: result.config };
}
