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

/** Runs src/main.ts; once `ready(stdout)` holds it is sent SIGTERM. Resolves at exit. */
function runMain(env: Record<string, string>, ready: (out: string) => boolean = () => false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, LOG_PRETTY: '0', TWELVEDATA_API_KEY: '', DISCORD_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot did not finish; output so far:\n${stdout}\n${stderr}`));
    }, 20_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (ready(stdout) && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the bot process (src/main.ts)', () => {
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
