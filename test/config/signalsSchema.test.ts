import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/config.js';
import { SIGNALS_DEFAULTS } from '../../src/config/signalsSchema.js';
import { defaultConfigData, makeConfig } from '../support/testConfig.js';

type Data = any;

describe('signals config', () => {
  it('GIVEN the shipped config THEN the gap settings are its defaults and day moves send "back inside" notices', () => {
    const config = makeConfig();
    expect(config.signals).toEqual(SIGNALS_DEFAULTS);
    expect(config.signals.onshoreGap).toMatchObject({ levelsPips: [100, 200, 300], onshoreMarket: 'CFETS' });
    expect(config.instruments[0]?.thresholds.dayMove.recovery).toEqual({
      enabled: true,
      hysteresisRatio: 0.2,
    });
  });

  it('GIVEN recovery off for one instrument THEN only that one is off; a tiers-only override keeps the kind default', () => {
    const config = makeConfig((d: Data) => {
      d.instruments[0].thresholds = { dayMove: { recovery: { enabled: false } } };
      d.instruments[1].thresholds = { dayMove: { tiersPct: [2, 4] } };
    });
    expect(config.instruments[0]?.thresholds.dayMove.recovery).toEqual({
      enabled: false,
      hysteresisRatio: 0.2,
    });
    expect(config.instruments[1]?.thresholds.dayMove.recovery.enabled).toBe(true);
  });

  it('GIVEN levels not increasing or a misspelt key THEN each is a problem at its path', () => {
    const data: Data = defaultConfigData();
    data.signals.onshoreGap.levelsPips = [200, 100];
    data.signals.onshoreGap.widenPip = 50;
    const result = validateConfig(data);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.join('\n');
    expect(problems).toMatch(/signals\.onshoreGap\.levelsPips: levels must be strictly increasing/);
    expect(problems).toMatch(/widenPip/);
  });

  it('GIVEN both yuan rates watched and an onshore market that is not configured THEN one problem naming the markets', () => {
    const data: Data = defaultConfigData();
    data.signals.onshoreGap.onshoreMarket = 'SHANGHAI';
    const result = validateConfig(data);
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(
        /^signals\.onshoreGap\.onshoreMarket: unknown market "SHANGHAI".*HKEX, TSE, FX, CFETS/,
      ),
    ]);
  });
});
