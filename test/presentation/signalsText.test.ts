import { describe, expect, it } from 'vitest';
import type { AlertFacts, OnshoreContext } from '../../src/domain/alert.js';
import { formatAlertMessage, formatOnshore, formatPips } from '../../src/presentation/alertText.js';

const HOLIDAY: OnshoreContext = {
  onshoreSymbol: 'USDCNY',
  onshorePrice: 7.195,
  spreadPips: 78,
  spreadPct: 0.1084,
  mainlandTrades: false,
  mainlandStatus: 'closed: Dragon Boat Festival',
};

const base: AlertFacts = {
  id: 'x',
  symbol: 'USDCNH',
  name: 'USD/CNH (offshore yuan)',
  rule: 'levelCross',
  direction: 'up',
  severity: 1,
  price: 7.2028,
  changePct: 0.04,
  dayChangePct: 0,
  basePrice: 7.2,
  thresholdPct: 0.02,
  level: 7.2,
  time: 0,
  sessionId: '2025-06-02',
  escalated: false,
};

describe('wording of the signals', () => {
  it('GIVEN pips THEN signed and whole', () => {
    expect([formatPips(104.4), formatPips(-20.6), formatPips(0.2)]).toEqual([
      '+104 pips',
      '-21 pips',
      '0 pips',
    ]);
  });

  it('GIVEN a USD/CNH alert on a mainland holiday THEN the spread and the holiday follow the move', () => {
    expect(formatAlertMessage({ ...base, onshore: HOLIDAY }, 4)).toBe(
      '▲ USD/CNH (offshore yuan) (USDCNH) crossed above 7.2000 at 7.2028, day 0.00% · CNH–CNY +78 pips (+0.11%), mainland closed (Dragon Boat Festival)',
    );
    expect(formatOnshore({ ...HOLIDAY, mainlandTrades: true, mainlandStatus: 'open' })).toBe(
      'CNH–CNY +78 pips (+0.11%)',
    );
  });

  it('GIVEN gap alerts THEN the level reached or how fast it widened, both rates and the mainland', () => {
    const gap: AlertFacts = {
      ...base,
      name: 'USDCNH−USDCNY gap',
      rule: 'onshoreGap',
      price: 7.2052,
      basePrice: 7.195,
      onshore: { ...HOLIDAY, spreadPips: 102, spreadPct: 0.1418, levelPips: 100 },
    };
    expect(formatAlertMessage(gap, 4)).toBe(
      '▲ USDCNH−USDCNY gap: reached 100 pips, now +102 pips (+0.14%): 7.2052 vs USDCNY 7.1950 · mainland closed (Dragon Boat Festival)',
    );
    const widened = { ...gap, windowMinutes: 15, onshore: { ...HOLIDAY, widenedPips: 50.4 } };
    expect(formatAlertMessage(widened, 4)).toMatch(
      /^▲ USDCNH−USDCNY gap: widened 50 pips in 15 min, now \+78 pips/,
    );
  });

  it('GIVEN a recovery THEN "back inside" the first tier, and how far it had gone', () => {
    const recovery: AlertFacts = {
      ...base,
      symbol: 'N225',
      name: 'Nikkei 225',
      rule: 'recovery',
      direction: 'down',
      severity: 2,
      price: 37700,
      changePct: -0.7,
      dayChangePct: -0.7,
      basePrice: 37965.1,
      thresholdPct: 1,
    };
    expect(formatAlertMessage(recovery, 2)).toBe(
      '↩ Nikkei 225 (N225) back inside -1.00% (had reached tier 2) at 37,700.00, day -0.70%',
    );
  });
});
