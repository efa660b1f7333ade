import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import type { Config } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createDiscordOutput } from '../discord/discordOutput.js';
import { createCalendar } from '../domain/calendar/index.js';
import type { Logger } from '../log.js';
import type { AlertSink } from '../sinks/sink.js';
import type { Store } from '../store/openStore.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { createLogger, wantsPretty } from '../log.js';
import { runReplay } from '../replay/runReplay.js';
import { formatReplaySummary } from '../replay/summary.js';
import { createConsoleSink } from '../sinks/consoleSink.js';

const USAGE = 'usage: npm run replay -- --data <dir> [--config <file>] [--json] [--post]';

/** --post: the replayed alerts go to the configured Discord channel, rendered as at their own time. */
function discordPreviewSink(config: Config, store: Store, now: () => number, log: Logger): AlertSink {
  const env = readEnv(process.env);
  if (!env.ok) throw new Error(`invalid environment: ${env.problems.join('; ')}`);
  const calendar = createCalendar(config.markets);
  const output = createDiscordOutput({
    env: env.env,
    store,
    config: () => config,
    calendar: () => calendar,
    now,
    log,
  });
  if (!output)
    throw new Error(
      '--post needs DISCORD_TOKEN (with DISCORD_CHANNEL_ID or discord.channelId) or DISCORD_WEBHOOK_URL',
    );
  return output.sink;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        config: { type: 'string', default: process.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        json: { type: 'boolean', default: false },
        post: { type: 'boolean', default: false },
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
    const consoleSink = createConsoleSink(process.stdout, values.json ? 'json' : 'text');
    const post = values.post;
    const result = await runReplay({
      config,
      dataDir: values.data,
      sink: (store, now) => (post ? discordPreviewSink(config, store, now, log) : consoleSink),
      log,
    });
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
