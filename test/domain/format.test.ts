import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { formatAlertMessage, formatPct, formatPrice } from '../../src/domain/format.js';

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
    const alert: Omit<Alert, 'message'> = {
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
    expect(formatAlertMessage(alert, 4)).toBe(
      '▲ USD/CNH (USDCNH) +0.08% in 15 min from 7.1981 (threshold 0.075%) at 7.2037, day +0.01% — in window of “MOFCOM statement”',
    );
  });
});
