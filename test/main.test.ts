import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveHsiChart } from './support/fixtures.js';
import { startQuoteServer } from './support/quoteServer.js';
import type { QuoteServer } from './support/quoteServer.js';
import { useTempDirs } from './support/tempDirs.js';
import { writeAlwaysOpenConfig } from './support/testConfig.js';

// Only what is truly process-level lives here: signals and exit codes. The bot's flows (polls,
// alerts, news, Discord) are tested in-process through startBot in test/bot.test.ts.

const tempDir = useTempDirs('main-');

const liveChart = liveHsiChart;

/** The shipped config polling every second, HSI on a market that is always open, no news sources. */
function writeConfig(dir: string, edit: (data: any) => void = () => undefined): string {
  return writeAlwaysOpenConfig(dir, (data) => {
    data.schedule.cron = '* * * * * *';
    edit(data);
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs src/main.ts; once `ready(stdout)` holds (checked on output and every 50 ms) it is sent SIGTERM. Resolves at exit. */
function runMain(
  env: Record<string, string>,
  ready: (out: string) => boolean = () => false,
  preload: readonly string[] = [],
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const imports = preload.flatMap((file) => ['--import', file]);
    const child = spawn(process.execPath, ['--import', 'tsx', ...imports, 'src/main.ts'], {
      env: { ...process.env, LOG_PRETTY: '0', TWELVEDATA_API_KEY: '', DISCORD_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const terminateWhenReady = () => {
      if (ready(stdout) && !child.killed) child.kill('SIGTERM');
    };
    const check = setInterval(terminateWhenReady, 50);
    const timer = setTimeout(() => {
      clearInterval(check);
      child.kill('SIGKILL');
      reject(new Error(`the bot did not finish; output so far:\n${stdout}\n${stderr}`));
    }, PROCESS_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      terminateWhenReady();
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      resolve({ code, stdout, stderr });
    });
  });
}

// Each case spawns Node with tsx, which takes many seconds on a busy machine (over 50 s at a load of
// 25 on two cores): the deadline only ends a process that hangs.
const PROCESS_TIMEOUT_MS = 110_000;

describe('the bot process (src/main.ts)', { timeout: PROCESS_TIMEOUT_MS + 10_000 }, () => {
  let server: QuoteServer;
  beforeAll(async () => {
    server = await startQuoteServer();
    server.route('/v8/finance/chart/%5EHSI', { body: liveChart(Date.now()) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('GIVEN SIGTERM after a scheduled poll THEN it stops gracefully and exits 0', async () => {
    const dir = tempDir();
    const env = {
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
    };
    const run = await runMain({ ...env, LOG_LEVEL: 'debug' }, (out) => out.includes('"msg":"poll done"'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"msg":"bot started"');
    expect(run.stdout).toContain('"msg":"stopping: finishing the current poll"');
    expect(run.stdout).toContain('"msg":"stopped"');
  });

  it('GIVEN a provider that never answers THEN SIGTERM stops within SHUTDOWN_TIMEOUT_MS with one clear line', async () => {
    const hung = await startQuoteServer();
    try {
      hung.route('/v8/finance/chart/%5EHSI', { behaviour: 'hang' });
      const dir = tempDir();
      const env = {
        CONFIG_PATH: writeConfig(dir),
        STATE_DB: join(dir, 'bot.db'),
        YAHOO_BASE_URL: hung.baseUrl,
        SHUTDOWN_TIMEOUT_MS: '300',
      };
      const run = await runMain(env, () => hung.requests.length > 0);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^stopped after SHUTDOWN_TIMEOUT_MS=300 without waiting to stop the poll schedule \(waits for a running poll\); queued alerts go out at the next start\n$/,
      );
      expect(run.stdout).toContain('"msg":"shutdown deadline reached; stopped without waiting for the rest"');
    } finally {
      await hung.close();
    }
  });

  it('GIVEN a handle left open after the bot stopped THEN SIGTERM still ends the process at SHUTDOWN_TIMEOUT_MS', async () => {
    const dir = tempDir();
    const env = {
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
      SHUTDOWN_TIMEOUT_MS: '1500',
    };
    const run = await runMain({ ...env, LOG_LEVEL: 'debug' }, (out) => out.includes('"msg":"poll done"'), [
      './test/support/lingeringHandle.ts',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"msg":"stopped"');
    expect(run.stdout).toContain(
      '"msg":"the bot stopped but something kept the process alive until SHUTDOWN_TIMEOUT_MS; exiting"',
    );
  });

  it('GIVEN an invalid config THEN it exits 1 listing the problem, without a stack trace', async () => {
    const dir = tempDir();
    const configPath = writeConfig(dir, (data) => (data.alerting.holdPolls = 0));
    const run = await runMain({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('alerting.holdPolls');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('GIVEN an invalid environment THEN it exits 1 naming each bad variable, without a stack trace', async () => {
    const run = await runMain({ LOG_LEVEL: 'loud', YAHOO_BASE_URL: 'not a url' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Invalid environment:/);
    expect(run.stderr).toContain('LOG_LEVEL');
    expect(run.stderr).toContain('YAHOO_BASE_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
