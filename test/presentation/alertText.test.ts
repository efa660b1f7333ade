import { describe, expect, it } from 'vitest';
import type { AlertFacts } from '../../src/domain/alert.js';
import { formatAlertMessage, formatPct, formatPrice, wordAlerts } from '../../src/presentation/alertText.js';

const T = Date.parse('2025-06-02T02:12:00Z');

const windowed: AlertFacts = {
  id: 'x',
  symbol: 'USDCNH',
  name: 'USD/CNH',
  rule: 'windowMove',
  direction: 'up',
  severity: 1,
  price: 7.2037,
  changePct: 0.0791,
  dayChangePct: 0.0097,
  basePrice: 7.1981,
  thresholdPct: 0.075,
  windowMinutes: 15,
  time: 0,
  sessionId: '2025-06-02',
  escalated: false,
  event: { id: 'e', title: 'MOFCOM statement', time: 0 },
};

const riskOff: AlertFacts = {
  id: `ASIA:crossMarket:risk-off:${T}`,
  symbol: 'ASIA',
  name: 'Asia risk-off',
  rule: 'crossMarket',
  direction: 'down',
  severity: 1,
  price: 7.2,
  changePct: -0.525,
  dayChangePct: null,
  basePrice: 7.2,
  thresholdPct: 0.4,
  time: T,
  sessionId: '2025-06-02',
  legs: [
    { symbol: 'HSI', changePct: -0.45 },
    { symbol: 'N225', changePct: -0.6 },
    { symbol: 'USDCNH', changePct: 0.12 },
  ],
  escalated: false,
};

describe('formatting', () => {
  it.each([
    [1.3, '+1.30%'],
    [-0.5678, '-0.57%'],
    [-0.0004, '0.00%'],
    [0, '0.00%'],
  ])('GIVEN %s percent THEN %s', (pct, text) => {
    expect(formatPct(pct)).toBe(text);
  });

  it('GIVEN a price THEN thousands separators and the instrument decimals', () => {
    expect(formatPrice(23157.971, 2)).toBe('23,157.97');
    expect(formatPrice(7.21, 4)).toBe('7.2100');
  });

  it('GIVEN a windowed alert in an event window THEN the message names base, threshold and event', () => {
    expect(formatAlertMessage(windowed, 4)).toBe(
      '▲ USD/CNH (USDCNH) +0.08% in 15 min from 7.1981 (threshold 0.075%) at 7.2037, day +0.01% — in window of “MOFCOM statement”',
    );
  });

  it('GIVEN a cross-market signal THEN the message lists every leg', () => {
    expect(formatAlertMessage(riskOff, 4)).toBe(
      '▼ Asia risk-off: HSI -0.45%, N225 -0.60%, USDCNH +0.12% in the window',
    );
  });
});

describe('wordAlerts', () => {
  it('GIVEN alerts and the instruments THEN each keeps its facts and is worded with its own decimals', () => {
    const hsi: AlertFacts = {
      ...windowed,
      symbol: 'HSI',
      name: 'Hang Seng',
      price: 23157.971,
      event: undefined,
    };
    const [worded, other] = wordAlerts(
      [hsi, windowed],
      [
        { id: 'HSI', decimals: 1 },
        { id: 'USDCNH', decimals: 4 },
      ],
    );
    expect(worded).toMatchObject(hsi);
    expect(worded?.message).toContain('at 23,158.0,');
    expect(other?.message).toContain('at 7.2037,');
  });

  it('GIVEN the cross-market signal, which is no configured instrument THEN it is worded with FX decimals', () => {
    expect(wordAlerts([riskOff], [])[0]?.message).toBe(formatAlertMessage(riskOff, 4));
  });
});
