import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { createLogger, wantsPretty } from '../log.js';
import { runReplay } from '../replay/runReplay.js';
import { formatReplaySummary } from '../replay/summary.js';
import { createConsoleSink } from '../sinks/consoleSink.js';

const USAGE = 'usage: npm run replay -- --data <dir> [--config <file>] [--json]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        config: { type: 'string', default: process.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.data) {
    process.stderr.write(`--data is required: a folder of saved Yahoo chart responses (*.json)\n${USAGE}\n`);
    return 2;
  }
  // Logs go to stderr so that stdout carries only alerts.
  const log = createLogger({
    fd: 2,
    level: process.env.LOG_LEVEL ?? 'warn',
    pretty: wantsPretty(process.env, process.stderr.isTTY),
  });
  try {
    const config = loadConfigFile(values.config);
    const sink = createConsoleSink(process.stdout, values.json ? 'json' : 'text');
    const result = await runReplay({ config, dataDir: values.data, sink, log });
    if (!values.json) process.stdout.write(formatReplaySummary(result));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`replay failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    log.flush();
  }
}

process.exitCode = await main();
