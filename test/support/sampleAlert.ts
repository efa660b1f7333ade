import type { Alert } from '../../src/domain/alert.js';

/** A recorded-looking HSI tier-2 day-move alert, for store and delivery tests. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'HSI:dayMove:2:1000',
    symbol: 'HSI',
    name: 'Hang Seng',
    rule: 'dayMove',
    direction: 'down',
    severity: 2,
    price: 23000.5,
    changePct: -2.13,
    dayChangePct: -2.13,
    basePrice: 23500,
    thresholdPct: 2,
    time: 1000,
    sessionId: '2025-06-02',
    escalated: false,
    message: 'HSI down 2.13% on the day',
    ...overrides,
  };
}
