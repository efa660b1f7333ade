import { ConfigError } from '../config/config.js';
import type { Config } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { startupChecks } from '../config/startupChecks.js';
import type { CliIo } from './io.js';

/**
 * What the bot would say at start with this config in this environment: refusals on stderr (exit 1),
 * warnings on stdout.
 */
function reportStartupChecks(config: Config, io: CliIo): number {
  const env = readEnv(io.env);
  if (!env.ok) {
    for (const problem of env.problems) io.stderr.write(`environment: ${problem}\n`);
    return 1;
  }
  const checks = startupChecks(config, env.env, Date.now());
  for (const check of checks) {
    if (check.level === 'refuse') io.stderr.write(`the bot would refuse to start: ${check.message}\n`);
    else io.stdout.write(`warning: ${check.message}\n`);
  }
  return checks.some((c) => c.level === 'refuse') ? 1 : 0;
}

/**
 * `npm run check-config [file]`: validates a config file, listing every problem, then the start-up
 * checks against the current environment. Returns the exit code.
 */
export function checkConfigCli(argv: readonly string[], io: CliIo): number {
  const path = argv[0] ?? io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
  let config: Config;
  try {
    config = loadConfigFile(path);
  } catch (err) {
    io.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 1;
  }
  const ids = config.instruments.map((i) => i.id).join(', ');
  io.stdout.write(`${path}: valid (${config.instruments.length} instruments: ${ids})\n`);
  return reportStartupChecks(config, io);
}
