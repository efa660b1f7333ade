/**
 * The live bot's process: reads the environment (nothing else does), starts the bot (src/app), or
 * one replica of several when STORE_URL names a shared PostgreSQL store (src/replicas), and stops it
 * gracefully on SIGINT/SIGTERM. Expected failures exit 1 with one line, no stack trace.
 */
import { readEnv } from './config/env.js';
import { createLogger, wantsPretty } from './log.js';
import type { Logger } from './log.js';

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const envResult = readEnv(process.env);
  if (!envResult.ok) {
    fail(`Invalid environment:\n${envResult.problems.map((p) => `  - ${p}`).join('\n')}`);
    return;
  }
  const { env } = envResult;
  const log = createLogger({ level: env.LOG_LEVEL, pretty: wantsPretty(process.env, process.stdout.isTTY) });
  // Loaded once the environment is known to be valid: a bad one is reported without loading the bot.
  const { BotStartError, startBot } = await import('./app/index.js');
  let bot;
  try {
    // With a shared PostgreSQL store this process is one replica: it leads or stands by (src/replicas).
    bot =
      env.STORE_URL === undefined
        ? await startBot({ env, now: Date.now, log })
        : await (await import('./replicas/replica.js')).startReplica({ env, now: Date.now, log, startBot });
  } catch (err) {
    if (err instanceof BotStartError) fail(err.message);
    else throw err;
    return;
  }
  const running = bot;
  // A token Discord refuses is learnt after start (login does not hold up monitoring), a replica that
  // lost its leader lease must stop acting at once, a state
  // database that stopped taking writes while running is given up on: the bot has stopped itself by
  // then, and the process ends with code 1 at once, whatever is still open, so a supervisor restarts it.
  void running.fatal.then((err) => {
    fail(err.message);
    log.flush();
    process.exit();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'stopping: finishing the current poll');
      const deadline = Date.now() + env.SHUTDOWN_TIMEOUT_MS;
      void running.stop().then(
        () => {
          log.flush();
          const outcome = running.stopOutcome();
          if (outcome?.cutShort) exitCutShort(env.SHUTDOWN_TIMEOUT_MS, outcome.unfinished);
          exitAtDeadline(deadline, log);
        },
        // stop() never rejects; this only keeps a future bug from becoming an unhandled rejection.
        (err: unknown) => {
          fail(`stopping failed: ${err instanceof Error ? err.message : String(err)}`);
          process.exit();
        },
      );
    });
  }
}

/**
 * The bot has stopped and the process should now end by itself. Should anything still hold the event
 * loop (a socket a library left open, a timer), it exits at the deadline anyway: the supervisor that
 * sent the signal expects it gone by then. Unref'd, so a clean stop exits at once.
 */
function exitAtDeadline(deadline: number, log: Logger): void {
  setTimeout(
    () => {
      log.warn('the bot stopped but something kept the process alive until SHUTDOWN_TIMEOUT_MS; exiting');
      log.flush();
      process.exit();
    },
    Math.max(0, deadline - Date.now()),
  ).unref();
}

/**
 * The deadline ended the stop: whatever still hangs (a provider request, a Discord call) would keep
 * the process alive, so it exits now. Alerts not yet sent stay queued and go out at the next start.
 */
function exitCutShort(timeoutMs: number, unfinished: readonly string[]): never {
  fail(
    `stopped after SHUTDOWN_TIMEOUT_MS=${timeoutMs} without waiting to ${unfinished.join(', ')}; queued alerts go out at the next start`,
  );
  process.exit();
}

await main();
