import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/config.js';
import { readEnv } from '../../src/config/env.js';
import { loadConfigFile, parseConfigText } from '../../src/config/loadConfig.js';
import { defaultConfigData, makeConfig } from '../support/testConfig.js';

type Data = Record<string, any>;

describe('config', () => {
  it('GIVEN the shipped config THEN it is valid and resolves per-instrument thresholds', () => {
    const config = loadConfigFile('config/bot.yaml');
    expect(config.instruments.map((i) => [i.id, i.symbols.yahoo])).toEqual([
      ['HSI', '^HSI'],
      ['N225', '^N225'],
      ['USDCNH', 'CNH=X'],
      ['USDCNY', 'CNY=X'],
    ]);
    const cnh = config.instruments.find((i) => i.id === 'USDCNH');
    expect(cnh?.thresholds.levelCross.levels).toEqual([7.2, 7.3]);
    expect(cnh?.thresholds.dayMove.tiersPct).toEqual([0.3, 0.6, 1]);
    expect(config.instruments[0]?.thresholds.dayMove.tiersPct).toEqual([1, 2, 3, 5]);
  });

  it('GIVEN an instrument override of one key THEN the other keys keep the kind defaults', () => {
    const config = makeConfig(
      (d: Data) => (d.instruments[0].thresholds = { windowMove: { thresholdPct: 0.5 } }),
    );
    expect(config.instruments[0]?.thresholds.windowMove).toEqual({ windowMinutes: 15, thresholdPct: 0.5 });
  });

  it('GIVEN lease timings THEN the defaults fail over within 30 s, and renewals must fit three times in the ttl', () => {
    const lease = makeConfig().storage.lease;
    expect(lease).toEqual({ ttlSeconds: 15, renewEverySeconds: 5, retryEverySeconds: 1 });
    expect(lease.ttlSeconds + lease.retryEverySeconds).toBeLessThan(30);
    const data = defaultConfigData() as Data;
    data.storage = { lease: { ttlSeconds: 10, renewEverySeconds: 4 } };
    const result = validateConfig(data);
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(/^storage\.lease: renewEverySeconds must be at most a third of ttlSeconds/),
    ]);
  });

  it('GIVEN a loaded config THEN it is deeply frozen', () => {
    const config = makeConfig();
    expect(Object.isFrozen(config.instruments[0]?.thresholds.dayMove.tiersPct)).toBe(true);
    expect(() => (config.alerting as { holdPolls: number }).holdPolls++).toThrow(TypeError);
  });

  it('GIVEN many mistakes THEN every one is reported with its path', () => {
    const data = defaultConfigData() as Data;
    data.schedule.cron = '61 * * * *';
    data.instruments[0].market = 'NYSE';
    data.instruments[1].id = 'HSI';
    data.defaults.index.dayMove.tiersPct = [2, 1];
    data.markets.HKEX.timezone = 'Mars/Olympus';
    data.markets.TSE.sessions[0].open = '9am';
    data.alerting.cooldownMinutes = -1;
    const result = validateConfig(data);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^schedule\.cron: invalid cron expression "61 \* \* \* \*"/),
        expect.stringMatching(/^instruments\.0\.market: unknown market "NYSE"/),
        expect.stringMatching(/^instruments\.1\.id: duplicate instrument id HSI/),
        expect.stringMatching(/^defaults\.index\.dayMove\.tiersPct: tiers must be strictly increasing/),
        expect.stringMatching(/^markets\.HKEX\.timezone: "Mars\/Olympus" is not an IANA time zone/),
        expect.stringMatching(/^markets\.TSE\.sessions\.0\.open: expected a time of day as HH:MM/),
        expect.stringMatching(/^alerting\.cooldownMinutes: /),
      ]),
    );
    // Cross-field rules (the unknown market, the duplicate id) run beside the schema's, so nothing waits.
    expect(problems).toHaveLength(7);
  });

  it('GIVEN broken YAML THEN the syntax error is reported, not thrown', () => {
    const result = parseConfigText('schedule:\n  cron: [unclosed\n');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems[0]).toMatch(/^YAML syntax:/);
  });

  it('GIVEN a missing file THEN the error names the file', () => {
    expect(() => loadConfigFile('config/nope.yaml')).toThrow(
      /config\/nope\.yaml: 1 problem.*cannot read the file \(ENOENT\)/s,
    );
  });
});

describe('environment', () => {
  it('GIVEN nothing set THEN the defaults apply and empty values count as unset', () => {
    const result = readEnv({ TWELVEDATA_API_KEY: '' });
    // Other settings may join the environment; these defaults and the empty key are what this checks.
    expect(result).toMatchObject({
      ok: true,
      env: { CONFIG_PATH: 'config/bot.yaml', STATE_DB: 'data/bot.db', LOG_LEVEL: 'info' },
    });
    expect(result.ok && 'TWELVEDATA_API_KEY' in result.env).toBe(false);
  });

  it('GIVEN a bad URL and log level THEN both are reported without echoing secrets', () => {
    const result = readEnv({
      YAHOO_BASE_URL: 'not a url',
      LOG_LEVEL: 'loud',
      TWELVEDATA_API_KEY: 'sekret-key',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['LOG_LEVEL', 'YAHOO_BASE_URL']);
    expect(problems.join('\n')).not.toContain('sekret-key');
  });
});
