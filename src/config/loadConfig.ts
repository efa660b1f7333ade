import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError, validateConfig } from './config.js';
import type { Config, ConfigResult } from './config.js';
import { writtenText } from './writtenText.js';
import { yamlProblem } from './yamlProblems.js';

export const DEFAULT_CONFIG_PATH = 'config/bot.yaml';

/** Parses YAML text and validates it; YAML syntax errors are reported like schema problems. */
export function parseConfigText(text: string): ConfigResult {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => yamlProblem(e, text)),
    };
  }
  return validateConfig(doc.toJS(), writtenText(doc, text));
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
