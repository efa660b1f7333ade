import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
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
