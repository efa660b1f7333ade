import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import { manualScheduler, runCommand, testEnv } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { liveHsiChart } from '../support/fixtures.js';
import { startQuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { writeAlwaysOpenConfig } from '../support/testConfig.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('unquotable-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Yahoo's real answer for a symbol it does not know: 404 with a chart error. */
const NOT_FOUND = readFileSync('test/fixtures/yahoo/not-found.json', 'utf8');

describe('/status and instruments the quote source cannot quote', () => {
  it('GIVEN a configured symbol Yahoo answers 404 "No data found" for THEN the status model and /status name it with the reason', async () => {
    const server = await startQuoteServer();
    cleanup.push(() => server.close());
    server.route('/v8/finance/chart/%5EHSI', { body: liveHsiChart(Date.now()) });
    server.route('/v8/finance/chart/%5EXXX', {
      status: 404,
      headers: { 'content-type': 'application/json;charset=utf-8' },
      body: NOT_FOUND,
    });
    const fake = await startFakeDiscord();
    cleanup.push(() => fake.close());
    const dir = tempDir();
    const configPath = writeAlwaysOpenConfig(dir, (data) => {
      data.discord.channelId = fake.guild.alertChannelId;
      data.instruments.push({
        ...data.instruments[0],
        id: 'XXX',
        name: 'Delisted',
        symbols: { yahoo: '^XXX' },
      });
    });
    const bot = await startBot({
      env: testEnv({
        CONFIG_PATH: configPath,
        STATE_DB: join(dir, 'bot.db'),
        YAHOO_BASE_URL: server.baseUrl,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiBase,
      }),
      now: Date.now,
      log: silentLog,
      scheduler: manualScheduler(),
    });
    cleanup.push(() => bot.stop());
    await bot.discordReady;
    await bot.poll();

    expect(bot.status.read().unquotable).toEqual([
      {
        id: 'XXX',
        reason: expect.stringContaining('unknown symbol "^XXX" (No data found, symbol may be delisted)'),
      },
    ]);
    const answer = await runCommand({ fake }, { name: 'status' });
    const fields = answer.data.embeds[0].fields as { name: string; value: string }[];
    const field = fields.find((f) => f.name === 'Not quoted');
    expect(field?.value).toMatch(
      /^XXX: yahoo: unknown symbol "\^XXX" \(No data found, symbol may be delisted\)/,
    );
    expect(fields.find((f) => f.name === 'Not quoted')?.value).not.toContain('HSI');
    expect(fake.validationErrors).toEqual([]);
  });
});
