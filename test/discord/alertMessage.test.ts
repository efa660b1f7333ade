import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { channelFor, renderAlertChart, renderAlertMessage } from '../../src/discord/alertMessage.js';
import { renderOutboxMessage } from '../../src/discord/outboxMessage.js';
import { closeChartRenderer } from '../../src/discord/chart/index.js';
import { createLogger } from '../../src/log.js';
import { silentLog } from '../support/silentLog.js';
import { makeConfig } from '../support/testConfig.js';

const T = Date.parse('2025-06-02T02:16:00Z');
const CHANNEL = '111111111111111111';
const TOP = '222222222222222222';
const ROLE = '333333333333333333';
const HSI_CHANNEL = '444444444444444444';

const config = makeConfig((d) => {
  d.discord = {
    channelId: CHANNEL,
    topTierChannelId: TOP,
    topTierRoleId: ROLE,
    symbolChannels: { USDCNH: HSI_CHANNEL },
  };
});

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'HSI:dayMove:down:1',
    symbol: 'HSI',
    name: 'Hang Seng Index',
    rule: 'dayMove',
    direction: 'down',
    severity: 1,
    price: 23_171.75,
    changePct: -0.507,
    dayChangePct: -0.507,
    basePrice: 23_289.77,
    thresholdPct: 0.5,
    time: T,
    sessionId: '2025-06-02',
    escalated: false,
    message: 'm',
    ...over,
  };
}

const deps = {
  config,
  calendar: createCalendar(config.markets),
  recentBars: () =>
    Array.from({ length: 30 }, (_, i) => ({ time: T - (30 - i) * 60_000, price: 23_250 - i * 3 })),
  log: silentLog,
};

afterAll(async () => {
  await closeChartRenderer();
});

describe('alert messages', () => {
  it('GIVEN an ordinary alert THEN its post is an embed with every field, no chart and no mentions at all', () => {
    const { body, files } = renderAlertMessage(
      { alerts: [alert()], providers: { HSI: 'yahoo' } },
      deps,
      T + 30_000,
    );
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
    const embed = body.embeds?.[0];
    expect(embed?.title).toBe('▼ Hang Seng Index -0.51% on the day');
    expect(embed?.color).toBe(0xe74c3c);
    expect(embed?.image).toBeUndefined();
    expect(embed?.fields?.map((f) => f.name)).toEqual(['Price', 'Day', 'Trigger', 'Market', 'Data']);
    expect(embed?.fields?.find((f) => f.name === 'Data')?.value).toBe(`yahoo · quote <t:${T / 1000}:R>`);
    expect(embed?.footer).toBeUndefined();
    expect(files).toEqual([]);
  });

  it('GIVEN the rendered chart THEN the edit shows it as the lead embed’s image', async () => {
    const payload = { alerts: [alert()], providers: { HSI: 'yahoo' } };
    const chart = await renderAlertChart(payload, deps);
    expect(chart?.name).toBe('chart-hsi.png');
    const { body, files } = renderAlertMessage({ ...payload, ...(chart ? { chart } : {}) }, deps, T);
    expect(body.embeds?.[0]?.image?.url).toBe('attachment://chart-hsi.png');
    expect(files[0]?.name).toBe('chart-hsi.png');
    expect((files[0]?.data as Buffer).subarray(1, 4).toString()).toBe('PNG');
  });

  it('GIVEN the asian colour convention THEN a fall is green', () => {
    const asian = makeConfig((d) => (d.discord = { colorConvention: 'asian' }));
    const { body } = renderAlertMessage({ alerts: [alert()], providers: {} }, { ...deps, config: asian }, T);
    expect(body.embeds?.[0]?.color).toBe(0x2ecc71);
  });

  it('GIVEN a top-tier alert THEN only the configured role may be mentioned', () => {
    const top = alert({ severity: 4 });
    const { body } = renderAlertMessage({ alerts: [top], providers: {} }, deps, T);
    expect(body.content).toBe(`<@&${ROLE}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(channelFor(top, config, CHANNEL)).toBe(TOP);
    expect(channelFor(alert(), config, CHANNEL)).toBe(CHANNEL);
    expect(channelFor(alert({ symbol: 'USDCNH' }), config, CHANNEL)).toBe(HSI_CHANNEL);
  });

  it('GIVEN a late delivery THEN the embed says it was delayed', () => {
    const { body } = renderAlertMessage({ alerts: [alert()], providers: {} }, deps, T + 12 * 60_000);
    expect(body.embeds?.[0]?.footer?.text).toMatch(/^Delayed: delivered 12 min after the move/);
  });

  it('GIVEN hostile event text THEN markdown and mentions are neutralised', () => {
    const event = { id: 'e', title: '**@everyone** [click](http://x)', time: T };
    const { body } = renderAlertMessage({ alerts: [alert({ event })], providers: {} }, deps, T);
    const field = body.embeds?.[0]?.fields?.find((f) => f.name === 'Trade-news event');
    expect(field?.value).toContain('\\*\\*@everyone\\*\\*');
    expect(body.allowed_mentions?.parse).toEqual([]);
  });

  it('GIVEN several instruments in one batch THEN one grouped embed lists them all', () => {
    const n225 = alert({
      symbol: 'N225',
      name: 'Nikkei 225',
      severity: 2,
      price: 37_567.83,
      changePct: -1.05,
      dayChangePct: -1.05,
    });
    const { body } = renderAlertMessage({ alerts: [alert(), n225], providers: {} }, deps, T);
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds?.[0]?.title).toBe('▼ N225, HSI moved together');
    expect(body.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(['▼ Nikkei 225', '▼ Hang Seng Index']);
  });

  it('GIVEN a notice THEN plain text that pings nobody', async () => {
    const { body, files } = await renderOutboxMessage({ notice: 'config rejected @everyone' }, deps, T);
    expect(body).toEqual({ content: 'config rejected @everyone', allowed_mentions: { parse: [] } });
    expect(files).toEqual([]);
  });

  it('GIVEN the chart worker stops mid-render THEN no chart and the log says so', async () => {
    const lines: string[] = [];
    const log = createLogger({
      stream: new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const rendering = renderAlertChart({ alerts: [alert()], providers: {} }, { ...deps, log });
    await closeChartRenderer();
    expect(await rendering).toBeNull();
    const warning = JSON.parse(lines.find((l) => l.includes('alert chart not rendered')) ?? '{}');
    expect(warning).toMatchObject({
      alertId: 'HSI:dayMove:down:1',
      err: { message: 'chart worker stopped' },
    });
  });

  it('GIVEN a render after the worker was stopped THEN a fresh worker draws the chart', async () => {
    await closeChartRenderer();
    const chart = await renderAlertChart({ alerts: [alert()], providers: {} }, deps);
    expect(
      Buffer.from(chart?.pngBase64 ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });
});
