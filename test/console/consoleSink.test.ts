import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { alertToJson, createConsoleOutput, formatBatch } from '../../src/console/consoleSink.js';
import type { HubMessage, ReportMessage } from '../../src/hub/messages.js';

const T = Date.parse('2025-06-02T02:07:00Z');

function alert(symbol: string, over: Partial<Alert> = {}): Alert {
  return {
    id: `${symbol}:dayMove:down:1:${T}`,
    symbol,
    name: symbol,
    rule: 'dayMove',
    direction: 'down',
    severity: 1,
    price: 100,
    changePct: -1.234567,
    dayChangePct: -1.234567,
    basePrice: 101.25,
    thresholdPct: 0.5,
    time: T,
    sessionId: '2025-06-02',
    escalated: false,
    message: `${symbol} fell`,
    ...over,
  };
}

async function printed(format: 'text' | 'json', message: HubMessage): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  await createConsoleOutput(out, format).deliver(message);
  return chunks.join('');
}

const written = (format: 'text' | 'json', alerts: Alert[]) =>
  printed(format, { kind: 'alerts', batch: { time: T, alerts, providers: {} } });

const step = (minutes: number, changePct: number | null) => ({
  minutes,
  at: T + minutes * 60_000,
  price: changePct === null ? null : 100 + changePct,
  changePct,
  dayChangePct: changePct,
  missing: null,
});

function report(over: Partial<ReportMessage> = {}): ReportMessage {
  const steps = (a: number | null, b: number | null) => [
    step(1, a),
    step(5, b),
    step(15, null),
    step(30, null),
    step(60, null),
  ];
  return {
    kind: 'report',
    key: 'ev-1',
    phase: 'update',
    at: T + 5 * 60_000,
    event: { id: 'ev-1', title: 'China curbs rare earth exports', time: T },
    terms: ['rare earths'],
    update: null,
    rows: [
      {
        label: 'HSI',
        reaction: { base: null, measuredFrom: 'event', firstOpen: null, steps: steps(-0.2, -0.61) },
        points: [],
      },
      {
        label: 'N225',
        reaction: { base: null, measuredFrom: 'open', firstOpen: T, steps: steps(0.1, null) },
        points: [],
      },
      {
        label: 'USDCNH',
        reaction: { base: null, measuredFrom: 'event', firstOpen: null, steps: steps(null, null) },
        points: [],
      },
    ],
    final: false,
    ...over,
  };
}

describe('console sink', () => {
  it('GIVEN one instrument THEN one stamped line', () => {
    expect(formatBatch({ time: T, alerts: [alert('HSI')], providers: {} })).toBe(
      '[2025-06-02 02:07 UTC] HSI fell',
    );
  });

  it('GIVEN several instruments in one poll THEN a group header and indented lines', () => {
    const text = formatBatch({ time: T, alerts: [alert('HSI'), alert('N225')], providers: {} });
    expect(text.split('\n')).toEqual([
      '[2025-06-02 02:07 UTC] 2 instruments moved together (HSI, N225):',
      '    HSI fell',
      '    N225 fell',
    ]);
  });

  it('GIVEN json format THEN one parseable object per instrument with the required fields', async () => {
    const lines = (
      await written('json', [alert('HSI'), alert('N225', { event: { id: 'e1', title: 'T', time: T } })])
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      symbol: 'HSI',
      rule: 'dayMove',
      direction: 'down',
      price: 100,
      changePct: -1.2346,
      dayChangePct: -1.2346,
      time: '2025-06-02T02:07:00.000Z',
      message: 'HSI fell',
    });
    expect(lines[1]?.event).toEqual({ id: 'e1', title: 'T' });
  });

  it('GIVEN an unknown day change THEN json carries null, not NaN', () => {
    expect(alertToJson(alert('HSI', { dayChangePct: null })).dayChangePct).toBeNull();
  });

  it('GIVEN an empty batch THEN nothing is written', async () => {
    expect(await written('text', [])).toBe('');
  });
});

describe('console output of other messages', () => {
  it('GIVEN a reaction report version THEN one line with each instrument’s latest move and its step', async () => {
    expect(await printed('text', report())).toBe(
      '[2025-06-02 02:12 UTC] Reaction to "China curbs rare earth exports": HSI -0.61% (T+5), N225 (from open) +0.10% (T+1), USDCNH ·\n',
    );
    expect(await printed('text', report({ final: true }))).toContain('exports" (final): HSI');
  });

  it('GIVEN json format THEN a report is one object with each row’s moves by step', async () => {
    const line = JSON.parse(await printed('json', report())) as { report: Record<string, unknown> };
    expect(line.report).toMatchObject({
      key: 'ev-1',
      phase: 'update',
      final: false,
      at: '2025-06-02T02:12:00.000Z',
    });
    expect(line.report.rows).toEqual([
      { label: 'HSI', measuredFrom: 'event', changePct: [-0.2, -0.61, null, null, null] },
      { label: 'N225', measuredFrom: 'open', changePct: [0.1, null, null, null, null] },
      { label: 'USDCNH', measuredFrom: 'event', changePct: [null, null, null, null, null] },
    ]);
  });

  it('GIVEN a notice and a wrap THEN each is printed as its text, or as one JSON object', async () => {
    const wrap = { market: 'HKEX', tradingDay: '2025-06-02', text: 'HSI -0.6%', until: T };
    expect(await printed('text', { kind: 'notice', text: 'config edit rejected' })).toBe(
      'config edit rejected\n',
    );
    expect(await printed('text', { kind: 'wrap', wrap })).toBe('HSI -0.6%\n');
    expect(await printed('json', { kind: 'notice', text: 'x' })).toBe('{"notice":"x"}\n');
    expect(JSON.parse(await printed('json', { kind: 'wrap', wrap }))).toEqual({ wrap });
  });
});
