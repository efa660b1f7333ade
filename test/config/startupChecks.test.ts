import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotStartError, startBot } from '../../src/app/index.js';
import type { StartupEnv } from '../../src/config/startupChecks.js';
import { startupChecks } from '../../src/config/startupChecks.js';
import { createLogger } from '../../src/log.js';
import { manualScheduler, testEnv } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';
import { makeConfig, writeAlwaysOpenConfig } from '../support/testConfig.js';

type Data = Record<string, any>;
const tempDir = useTempDirs('startup-checks-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Monday 2 June 2025, 10:00 Hong Kong: every shipped market opens within days. */
const NOW = Date.UTC(2025, 5, 2, 2, 0);
const CHANNEL = '123456789012345678';
const TOKEN = 'token-value';
const WEBHOOK = 'https://discord.com/api/webhooks/123456789012345678/abc';

function checks(env: StartupEnv, edit?: (data: Data) => void) {
  return startupChecks(makeConfig(edit), env, NOW);
}

/** Consecutive local dates from `start`, each closed. */
function closedDays(start: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    closed: true,
    reason: 'test closure',
  }));
}

describe('start-up checks', () => {
  it('GIVEN the shipped config and no Discord settings THEN there is nothing to say', () => {
    expect(checks({})).toEqual([]);
  });

  it('GIVEN a bot token but no alert channel anywhere THEN the start is refused with the fix', () => {
    const result = checks({ DISCORD_TOKEN: TOKEN });
    expect(result).toEqual([
      { level: 'refuse', message: expect.stringContaining('set DISCORD_CHANNEL_ID or discord.channelId') },
    ]);
    expect(result[0]?.message).not.toContain('\n');
    expect(result[0]?.message).not.toContain(TOKEN);
    expect(checks({ DISCORD_TOKEN: TOKEN, DISCORD_CHANNEL_ID: CHANNEL })).toEqual([]);
    expect(checks({ DISCORD_TOKEN: TOKEN }, (d) => (d.discord.channelId = CHANNEL))).toEqual([]);
  });

  it('GIVEN both a token and a webhook THEN a warning says the webhook is ignored', () => {
    const result = checks({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CHANNEL_ID: CHANNEL,
      DISCORD_WEBHOOK_URL: WEBHOOK,
    });
    expect(result).toEqual([
      { level: 'warn', message: expect.stringMatching(/^DISCORD_WEBHOOK_URL is ignored/) },
    ]);
    expect(result[0]?.message).not.toContain(WEBHOOK);
  });

  it('GIVEN webhook mode with per-instrument channels THEN a warning says they are ignored', () => {
    const route = (d: Data) => (d.discord.symbolChannels = { USDCNH: CHANNEL });
    expect(checks({ DISCORD_WEBHOOK_URL: WEBHOOK }, route)).toEqual([
      { level: 'warn', message: expect.stringContaining('ignored in webhook mode') },
    ]);
    expect(checks({ DISCORD_WEBHOOK_URL: WEBHOOK })).toEqual([]);
  });

  it('GIVEN only twelvedata without its key THEN the start is refused; with the key, an instrument without its symbol is named', () => {
    const onlyTwelve = (d: Data) => (d.providers.order = ['twelvedata']);
    expect(checks({}, onlyTwelve)).toEqual([
      { level: 'refuse', message: expect.stringContaining('set it or add yahoo to providers.order') },
    ]);
    const noSymbol = (d: Data) => {
      onlyTwelve(d);
      delete d.instruments[1].symbols.twelvedata;
    };
    expect(checks({ TWELVEDATA_API_KEY: 'k' }, noSymbol)).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/^N225: no symbol for any usable provider \(twelvedata\)/),
      },
    ]);
  });

  it('GIVEN routing to an unknown instrument or a cross-market signal over missing ones THEN each is a warning', () => {
    const result = checks({}, (d) => {
      d.discord.symbolChannels = { USDCHN: CHANNEL };
      d.crossMarket.indices = ['HSI', 'KOSPI'];
    });
    expect(result.map((c) => c.level)).toEqual(['warn', 'warn']);
    expect(result[0]?.message).toMatch(/^discord\.symbolChannels\.USDCHN names no instrument/);
    expect(result[1]?.message).toMatch(/^crossMarket names KOSPI, not among the instruments/);
    const disabled = (d: Data) => {
      Object.assign(d.crossMarket, { enabled: false, indices: ['KOSPI'] });
    };
    expect(checks({}, disabled)).toEqual([]);
  });

  it('GIVEN a market closed for the coming month THEN its instruments are named, and all of them said so', () => {
    const closeHkex = (d: Data) => (d.markets.HKEX.overrides = closedDays(NOW - 86_400_000, 40));
    expect(checks({}, closeHkex)).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/^HSI \(HKEX\): market does not open in the coming month/),
      },
    ]);
    const onlyHsi = (d: Data) => {
      closeHkex(d);
      d.instruments = [d.instruments[0]];
      d.crossMarket.enabled = false;
    };
    expect(checks({}, onlyHsi)).toEqual([
      { level: 'warn', message: expect.stringMatching(/^no instrument is ever polled: HSI \(HKEX\)/) },
    ]);
  });
});

describe('start-up checks in startBot', () => {
  function captureLog() {
    const lines: { level: number; msg: string }[] = [];
    const log = createLogger({
      level: 'info',
      stream: { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
    });
    return { log, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
  }

  it('GIVEN a token and no channel THEN startBot refuses in one line before opening the state database', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'bot.db');
    const env = testEnv({ CONFIG_PATH: writeAlwaysOpenConfig(dir), STATE_DB: dbPath, DISCORD_TOKEN: TOKEN });
    const { log } = captureLog();
    const attempt = startBot({ env, now: () => NOW, log, scheduler: manualScheduler() });
    await expect(attempt).rejects.toBeInstanceOf(BotStartError);
    await expect(attempt).rejects.toThrow(
      /^DISCORD_TOKEN is set but no alert channel is: [^\n]*DISCORD_CHANNEL_ID/,
    );
    expect(existsSync(dbPath)).toBe(false);
  });

  it('GIVEN a config that can partly not work THEN startBot starts and warns once', async () => {
    const dir = tempDir();
    const env = testEnv({ CONFIG_PATH: writeAlwaysOpenConfig(dir), STATE_DB: join(dir, 'bot.db') });
    const { log, warnings } = captureLog();
    const bot = await startBot({
      env,
      now: () => NOW,
      log,
      scheduler: manualScheduler(),
      stdout: { write: () => true },
    });
    cleanup.push(async () => {
      await bot.stop();
    });
    // The test config keeps only HSI, so the default cross-market signal over HSI, N225 and USDCNH cannot fire.
    expect(warnings().filter((m) => m.startsWith('crossMarket names N225, USDCNH'))).toHaveLength(1);
  });
});
