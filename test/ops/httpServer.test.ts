import { join } from 'node:path';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import { MINUTE, PREV, runCommand, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { manualScheduler, testEnv } from '../support/botHarness.js';
import { liveHsiChart } from '../support/fixtures.js';
import { startQuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { createLogger } from '../../src/log.js';
import { useTempDirs } from '../support/tempDirs.js';
import { writeAlwaysOpenConfig } from '../support/testConfig.js';

const tempDir = useTempDirs('ops-http-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function opsBot(): Promise<Bot> {
  const b = await startTestBot(tempDir(), { env: { HTTP_PORT: '0' } });
  cleanup.push(() => b.close());
  return b;
}

async function get(port: number | null, path: string) {
  if (port === null) throw new Error('the bot serves no HTTP: HTTP_PORT was not passed');
  return axios.get<unknown>(`http://127.0.0.1:${port}${path}`, {
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (body: unknown) => body,
  });
}

/** The value of one sample line (`name{labels} value`); labels must match exactly as rendered. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function samplesOf(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('the health and metrics endpoint', () => {
  it('GIVEN HTTP_PORT unset THEN nothing is served', async () => {
    const b = await startTestBot(tempDir());
    cleanup.push(() => b.close());
    expect(b.bot.httpPort).toBeNull();
  });

  it('GIVEN HTTP_PORT already taken THEN the start fails with one line saying what to do', async () => {
    const b = await opsBot();
    const taken = String(b.bot.httpPort);
    await expect(startTestBot(tempDir(), { fake: b.fake, env: { HTTP_PORT: taken } })).rejects.toThrow(
      new RegExp(
        `^cannot serve health and metrics on 127\\.0\\.0\\.1:${taken} \\(EADDRINUSE\\); set HTTP_PORT to a free port or unset it$`,
      ),
    );
  });

  it('GIVEN a running bot THEN /healthz answers 200 and an unknown path 404', async () => {
    const b = await opsBot();
    const health = await get(b.bot.httpPort, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(String(health.data))).toEqual({ status: 'ok' });
    expect((await get(b.bot.httpPort, '/nope')).status).toBe(404);
  });

  it('GIVEN request targets like // and //host/healthz THEN each is a 404, nothing is logged as an error', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', stream: { write: (line: string) => lines.push(line) } });
    const b = await startTestBot(tempDir(), { log, env: { HTTP_PORT: '0' } });
    cleanup.push(() => b.close());
    for (const target of ['//', '//127.0.0.1/healthz', '///readyz', '/healthz/']) {
      const res = await get(b.bot.httpPort, target);
      expect([target, res.status]).toEqual([target, 404]);
    }
    expect((await get(b.bot.httpPort, '/healthz?probe=1')).status).toBe(200);
    expect(lines.filter((l) => l.includes('"level":50'))).toEqual([]);
  });

  it('GIVEN an alerting poll THEN /metrics counts the poll, the alerts by instrument and rule, and the delivery', async () => {
    const b = await opsBot();
    b.board.set('HSI', 22_824);
    await b.poll();
    b.clock.now += 30_000;
    const res = await get(b.bot.httpPort, '/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = String(res.data);
    expect(sample(text, 'mrb_polls_total', '{outcome="ok"}')).toBe(1);
    expect(sample(text, 'mrb_poll_duration_seconds_count')).toBe(1);
    expect(sample(text, 'mrb_alerts_total', '{instrument="HSI",rule="dayMove"}')).toBe(1);
    expect(samplesOf(text, 'mrb_alerts_total').every((l) => l.includes('instrument="HSI"'))).toBe(true);
    expect(sample(text, 'mrb_quote_fetch_duration_seconds_count', '{provider="yahoo",outcome="ok"}')).toBe(4);
    for (const id of ['HSI', 'N225', 'USDCNH', 'USDCNY'])
      expect(sample(text, 'mrb_quote_age_seconds', `{instrument="${id}"}`)).toBe(30);
    expect(sample(text, 'mrb_outbox_pending')).toBe(0);
    expect(sample(text, 'mrb_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(sample(text, 'mrb_delivery_latency_seconds_count')).toBe(1);
    expect(sample(text, 'mrb_dead_letters')).toBe(0);
    expect(sample(text, 'mrb_discord_gateway_state', '{state="connected"}')).toBe(1);
    expect(sample(text, 'mrb_discord_gateway_state', '{state="connecting"}')).toBe(0);
    expect(samplesOf(text, 'mrb_news_source_healthy').length).toBeGreaterThan(0);
    expect(sample(text, 'mrb_news_events_opened_total')).toBe(0);
    // The harness replaces the quotes, so no live stream is attached.
    expect(sample(text, 'mrb_stream_connected')).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('GIVEN prices the screen keeps from the rules THEN /metrics and /status count them by instrument and reason', async () => {
    const b = await opsBot();
    await b.poll();
    b.clock.now += MINUTE;
    b.board.set('HSI', PREV.HSI * 1000);
    b.board.set('N225', PREV.N225 * 0.75);
    await b.poll();
    const text = String((await get(b.bot.httpPort, '/metrics')).data);
    expect(sample(text, 'mrb_prices_screened_out_total', '{instrument="HSI",reason="implausible"}')).toBe(1);
    expect(sample(text, 'mrb_prices_screened_out_total', '{instrument="N225",reason="held"}')).toBe(1);
    expect(sample(text, 'mrb_prices_screened_out_total', '{instrument="USDCNH",reason="held"}')).toBe(0);
    const status = await runCommand(b, { name: 'status' });
    const fields = status.data.embeds[0].fields as { name: string; value: string }[];
    expect(fields.find((f) => f.name === 'Prices screened out')?.value).toBe(
      'HSI: 1 implausible\nN225: 1 held for confirmation',
    );
    expect(b.fake.messages).toEqual([]);
  });

  it('GIVEN Discord down THEN the alert waits in the outbox and /metrics shows its depth and age', async () => {
    const b = await opsBot();
    b.fake.setDown(true);
    b.board.set('HSI', 22_824);
    await b.bot.poll();
    b.clock.now += 2 * MINUTE;
    const text = String((await get(b.bot.httpPort, '/metrics')).data);
    expect(sample(text, 'mrb_outbox_pending')).toBe(1);
    expect(sample(text, 'mrb_outbox_oldest_pending_age_seconds')).toBe(120);
    expect(sample(text, 'mrb_delivery_latency_seconds_count')).toBe(0);
    b.fake.setDown(false);
  });

  it('GIVEN polls that stop THEN /readyz turns from 200 to 503 naming the poll check', async () => {
    const b = await opsBot();
    await b.poll();
    const ready = await get(b.bot.httpPort, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(String(ready.data))).toMatchObject({ status: 'ready', failing: [] });
    b.clock.now += 3 * MINUTE;
    expect((await get(b.bot.httpPort, '/readyz')).status).toBe(200);
    b.clock.now += MINUTE;
    const late = await get(b.bot.httpPort, '/readyz');
    expect(late.status).toBe(503);
    const body = JSON.parse(String(late.data)) as {
      failing: string[];
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.failing).toEqual(['poll']);
    expect(body.checks.poll?.detail).toBe('last poll completed 240 s ago (limit 180 s)');
    expect(body.checks.store?.ok).toBe(true);
    expect(body.checks.discord).toEqual({ ok: true, detail: 'connected' });
    await b.poll();
    expect((await get(b.bot.httpPort, '/readyz')).status).toBe(200);
  });

  it('GIVEN the real provider chain THEN provider health and fetch timing are labelled by provider', async () => {
    const server = await startQuoteServer();
    cleanup.push(() => server.close());
    server.route('/v8/finance/chart/%5EHSI', { body: liveHsiChart(Date.now()) });
    const dir = tempDir();
    const bot = await startBot({
      env: testEnv({
        CONFIG_PATH: writeAlwaysOpenConfig(dir),
        STATE_DB: join(dir, 'bot.db'),
        YAHOO_BASE_URL: server.baseUrl,
        HTTP_PORT: '0',
      }),
      now: Date.now,
      log: silentLog,
      scheduler: manualScheduler(),
      stdout: { write: () => true },
    });
    cleanup.push(async () => {
      await bot.stop();
    });
    await bot.poll();
    const text = String((await get(bot.httpPort, '/metrics')).data);
    expect(sample(text, 'mrb_provider_healthy', '{provider="yahoo"}')).toBe(1);
    expect(sample(text, 'mrb_provider_consecutive_failures', '{provider="yahoo"}')).toBe(0);
    expect(sample(text, 'mrb_quote_fetch_duration_seconds_count', '{provider="yahoo",outcome="ok"}')).toBe(1);
    expect(sample(text, 'mrb_discord_gateway_state', '{state="disabled"}')).toBe(1);
    server.route('/v8/finance/chart/%5EHSI', { status: 500, body: 'down' });
    await bot.poll();
    const after = String((await get(bot.httpPort, '/metrics')).data);
    expect(sample(after, 'mrb_provider_healthy', '{provider="yahoo"}')).toBe(0);
    expect(
      sample(after, 'mrb_quote_fetch_duration_seconds_count', '{provider="yahoo",outcome="failed"}'),
    ).toBe(1);
  });
});
