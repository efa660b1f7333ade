import { readFileSync } from 'node:fs';
import { ConfigError, validateConfig } from './config.js';
import type { Config, ConfigResult } from './config.js';
import { readYaml } from './readYaml.js';
import { writtenText } from './writtenText.js';

export const DEFAULT_CONFIG_PATH = 'config/bot.yaml';

/**
 * Parses YAML text and validates it; YAML syntax errors and files over the reader's limits (size,
 * alias expansion, depth) are reported like schema problems. Never throws for bad text.
 */
export function parseConfigText(text: string): ConfigResult {
  const read = readYaml(text);
  return read.ok ? validateConfig(read.data, writtenText(read.doc, text)) : read;
}

/** Reads, validates and freezes a config file; throws ConfigError listing every problem. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  const result = parseConfigText(text);
  if (!result.ok) throw new ConfigError(path, result.problems);
  return result.config;
}
