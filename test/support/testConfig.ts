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

/** The shipped config, optionally edited; throws with the problems if the edit made it invalid. */
export function makeConfig(edit?: (data: Record<string, unknown>) => void): Config {
  const data = defaultConfigData();
  edit?.(data);
  const result = validateConfig(data);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/**
 * Writes `dir/bot.yaml`: the shipped config watching HSI on a market that is always open, with no
 * news source on the internet, then `edit`. Returns the file's path.
 */
export function writeAlwaysOpenConfig(dir: string, edit: (data: any) => void = () => undefined): string {
  const data: any = defaultConfigData();
  data.markets.ALWAYS = {
    type: 'continuous',
    timezone: 'UTC',
    opens: { day: 'sunday', time: '00:00' },
    closes: { day: 'saturday', time: '23:59' },
  };
  data.instruments = [{ ...data.instruments[0], market: 'ALWAYS' }];
  data.news.feeds = [];
  data.news.gdelt.enabled = false;
  edit(data);
  const file = join(dir, 'bot.yaml');
  writeFileSync(file, stringify(data));
  return file;
}
