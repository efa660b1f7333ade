import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { runReplay } from '../replay/runReplay.js';
import { formatReplaySummary } from '../replay/summary.js';
import { cliLogger } from './io.js';
import type { CliIo } from './io.js';

const USAGE = 'usage: npm run replay -- --data <dir> [--config <file>] [--json] [--post]';

function parse(argv: readonly string[], io: CliIo) {
  return parseArgs({
    args: [...argv],
    options: {
      data: { type: 'string' },
      config: { type: 'string', default: io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
      json: { type: 'boolean', default: false },
      post: { type: 'boolean', default: false },
    },
  }).values;
}

/** The Discord settings for --post; the environment is read only when posting. */
function discordEnv(io: CliIo) {
  const env = readEnv(io.env);
  if (!env.ok) throw new Error(`invalid environment: ${env.problems.join('; ')}`);
  return env.env;
}

/**
 * `npm run replay`: the live pipeline over saved chart responses; alerts on stdout (text and a
 * summary, or JSON lines), logs on stderr. --post sends them to Discord instead. Returns the exit code.
 */
export async function replayCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parse(argv, io);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.data) {
    io.stderr.write(`--data is required: a folder of saved Yahoo chart responses (*.json)\n${USAGE}\n`);
    return 2;
  }
  const log = cliLogger(io, 'warn');
  try {
    const result = await runReplay({
      config: loadConfigFile(values.config),
      dataDir: values.data,
      console: { stream: io.stdout, format: values.json ? 'json' : 'text' },
      ...(values.post ? { discord: discordEnv(io) } : {}),
      log,
    });
    if (!values.json) io.stdout.write(formatReplaySummary(result));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) io.stderr.write(`${err.message}\n`);
    else io.stderr.write(`replay failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    log.flush();
  }
}
