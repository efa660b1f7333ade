import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { validateConfig } from '../../src/config/config.js';
import type { Config } from '../../src/config/config.js';

/** The shipped config/bot.yaml as plain data, for tests to adjust before validating. */
export function defaultConfigData(): Record<string, unknown> {
  return parse(readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Config data validated; throws with the problems if it is invalid. */
export function toConfig(data: unknown): Config {
  const result = validateConfig(data);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** The shipped config, optionally edited; throws with the problems if the edit made it invalid. */
export function makeConfig(edit?: (data: Record<string, unknown>) => void): Config {
  const data = defaultConfigData();
  edit?.(data);
  return toConfig(data);
}

/**
 * The shipped config as data with its instruments (`'all'`, or only the first) on a market that is
 * always open, and no news source on the internet: for runs at any hour that never dial out.
 */
export function alwaysOpenConfigData(instruments: 'all' | 'first' = 'first'): Record<string, unknown> {
  const data: any = defaultConfigData();
  data.markets.ALWAYS = {
    type: 'continuous',
    timezone: 'UTC',
    opens: { day: 'sunday', time: '00:00' },
    closes: { day: 'saturday', time: '23:59' },
  };
  const kept = instruments === 'all' ? data.instruments : data.instruments.slice(0, 1);
  data.instruments = kept.map((i: object) => ({ ...i, market: 'ALWAYS' }));
  data.news.feeds = [];
  data.news.gdelt.enabled = false;
  data.news.publicInspection.enabled = false;
  return data;
}

/**
 * Writes `dir/bot.yaml`: the shipped config watching HSI on a market that is always open, with no
 * news source on the internet, then `edit`. Returns the file's path.
 */
export function writeAlwaysOpenConfig(dir: string, edit: (data: any) => void = () => undefined): string {
  const data = alwaysOpenConfigData();
  edit(data);
  const file = join(dir, 'bot.yaml');
  writeFileSync(file, stringify(data));
  return file;
}
