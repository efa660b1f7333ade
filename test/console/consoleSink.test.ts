import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { alertToJson, createConsoleSink, formatBatch } from '../../src/console/consoleSink.js';

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

async function written(format: 'text' | 'json', alerts: Alert[]): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  await createConsoleSink(out, format).deliver({ time: T, alerts, providers: {} });
  return chunks.join('');
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
