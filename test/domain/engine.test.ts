import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { alertsOf, engineFor, fakeCalendar, feed, MINUTE, T0 } from '../support/engineHarness.js';
import { makeConfig } from '../support/testConfig.js';

type Data = Record<string, any>;

/** Only the rule under test left switched on, so other rules' alerts do not blur the assertions. */
function onlyRule(rule: 'dayMove' | 'windowMove' | 'volatility' | 'levelCross', edit?: (d: Data) => void) {
  return makeConfig((d: Data) => {
    for (const kind of ['index', 'fx']) {
      const t = d.defaults[kind];
      if (rule !== 'dayMove') t.dayMove.tiersPct = [90];
      // The issue-13 signals have their own tests (rules/recovery.test.ts, rules/dayMove.test.ts).
      t.dayMove.recovery = { enabled: false };
      delete t.dayMove.followThrough;
      if (rule !== 'windowMove') t.windowMove.thresholdPct = 90;
      if (rule !== 'volatility') t.volatility.minMovePct = 90;
    }
    if (rule !== 'levelCross') d.instruments[2].thresholds = {};
    d.alerting.cooldownMinutes = 30;
    edit?.(d);
  });
}

describe('day move tiers', () => {
  it('GIVEN a falling index THEN each tier fires once, escalating, and a bounce does not re-fire', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const alerts = alertsOf(feed(engine, 'HSI', [99.5, 98.9, 98.5, 97.9, 98.5, 98.9, 97.8], 100));
    expect(alerts.map((a) => [a.rule, a.direction, a.severity, a.price])).toEqual([
      ['dayMove', 'down', 1, 98.9],
      ['dayMove', 'down', 2, 97.9],
    ]);
    expect(alerts[1]?.escalated).toBe(true);
    expect(alerts[0]?.changePct).toBeCloseTo(-1.1, 6);
    expect(alerts[0]?.basePrice).toBe(100);
    expect(alerts[0]?.dayChangePct).toBeCloseTo(-1.1, 6);
  });

  it('GIVEN a gap straight to the third tier THEN one alert at tier 3, not three', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const alerts = alertsOf(feed(engine, 'HSI', [100, 96.5, 96.4], 100));
    expect(alerts.map((a) => a.severity)).toEqual([3]);
  });

  it('GIVEN tiers fired down THEN the up direction has its own tiers', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const alerts = alertsOf(feed(engine, 'HSI', [98.9, 99.5, 101.1], 100));
    expect(alerts.map((a) => `${a.direction}${a.severity}`)).toEqual(['down1', 'up1']);
  });

  // An exchange: closed from 08:00 to 24:00 UTC, so each day starts from the provider's previous close.
  const overnightClosed = () => fakeCalendar((at) => new Date(at).getUTCHours() >= 8);

  it('GIVEN a new session THEN the tiers fire again, against the new previous close', () => {
    const engine = engineFor(onlyRule('dayMove'), overnightClosed());
    const first = alertsOf(feed(engine, 'HSI', [98.9], 100, T0));
    const nextDay = alertsOf(feed(engine, 'HSI', [97.8], 98.9, T0 + 24 * 60 * MINUTE));
    expect(first).toHaveLength(1);
    expect(nextDay).toHaveLength(1);
    expect(nextDay[0]?.sessionId).toBe('2025-06-03');
    expect(nextDay[0]?.basePrice).toBe(98.9);
  });

  it('GIVEN a new session whose previous close has not rolled THEN no tier fires twice against that base', () => {
    const engine = engineFor(onlyRule('dayMove'), overnightClosed());
    const first = alertsOf(feed(engine, 'HSI', [98.9], 100, T0));
    const nextDay = alertsOf(feed(engine, 'HSI', [98.8, 97.9], 100, T0 + 24 * 60 * MINUTE));
    expect(first.map((a) => a.severity)).toEqual([1]);
    expect(nextDay.map((a) => a.severity)).toEqual([2]);
  });
});

describe('windowed move', () => {
  it('GIVEN a 0.8% fall within 15 minutes THEN it alerts with the window start as the base', () => {
    const engine = engineFor(onlyRule('windowMove'));
    const alerts = alertsOf(feed(engine, 'HSI', [100, 99.9, 99.7, 99.5, 99.2], 100));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: 'windowMove',
      direction: 'down',
      basePrice: 100,
      windowMinutes: 15,
    });
    expect(alerts[0]?.changePct).toBeCloseTo(-0.8, 6);
    // Wording is the presentation layer's job (src/presentation/alertText.ts).
    expect(alerts[0]).not.toHaveProperty('message');
  });

  it('GIVEN the same move spread over more than the window THEN nothing fires', () => {
    const engine = engineFor(onlyRule('windowMove'));
    const prices = Array.from({ length: 40 }, (_, i) => 100 - i * 0.04);
    expect(alertsOf(feed(engine, 'HSI', prices, 100))).toHaveLength(0);
  });

  it('GIVEN a second move inside the cooldown THEN it is muted unless it escalates', () => {
    const engine = engineFor(onlyRule('windowMove'));
    const prices = [100, 99.2, 99.2, 99.1, 99.0, 98.4];
    const alerts = alertsOf(feed(engine, 'HSI', prices, 100));
    expect(alerts.map((a) => [a.severity, a.escalated])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('GIVEN the cooldown has passed THEN the same move alerts again', () => {
    const engine = engineFor(onlyRule('windowMove'));
    const first = alertsOf(feed(engine, 'HSI', [100, 99.2], 100, T0));
    const later = alertsOf(feed(engine, 'HSI', [99.2, 98.4], 100, T0 + 31 * MINUTE));
    expect(first).toHaveLength(1);
    expect(later).toHaveLength(1);
    expect(later[0]?.escalated).toBe(false);
  });
});

describe('volatility-adjusted move', () => {
  const quiet = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 7.2 : 7.2007));

  it('GIVEN quiet returns whose mean is exactly zero THEN a large return still scores a z-score', () => {
    const engine = engineFor(onlyRule('volatility'));
    const alerts = alertsOf(feed(engine, 'USDCNH', [...quiet, 7.2007 * 1.0008], 7.2));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.rule).toBe('volatility');
    expect(alerts[0]?.zScore).toBeGreaterThan(4);
  });

  it('GIVEN a high z-score below the absolute floor THEN nothing fires', () => {
    const engine = engineFor(onlyRule('volatility', (d) => (d.defaults.fx.volatility.minMovePct = 0.2)));
    expect(alertsOf(feed(engine, 'USDCNH', [...quiet, 7.2007 * 1.0008], 7.2))).toHaveLength(0);
  });

  it('GIVEN streamed prices between the polls THEN the z-scores and alerts are those of the polls alone', () => {
    const prices = [...quiet, 7.2007 * 1.0008];
    const polledOnly = alertsOf(feed(engine(), 'USDCNH', prices, 7.2));
    const mixed = engine();
    const decisions = prices.flatMap((price, i) => {
      const time = T0 + i * MINUTE;
      // A print 20 s after each poll, a hair off the polled price: as 1-minute returns they would
      // shrink the SD and fire on noise.
      const print = { symbol: 'USDCNH', price: price * 1.00005, time: time + 20_000, previousClose: 7.2 };
      return [
        mixed.observe({ symbol: 'USDCNH', price, time, previousClose: 7.2 }, time),
        mixed.observe({ ...print, streamed: true }, print.time),
      ];
    });
    const volatility = alertsOf(decisions).filter((a) => a.rule === 'volatility');
    expect(polledOnly).toHaveLength(1);
    expect(volatility.map((a) => [a.time, a.zScore])).toEqual(polledOnly.map((a) => [a.time, a.zScore]));

    function engine() {
      return engineFor(onlyRule('volatility'));
    }
  });

  it('GIVEN fewer returns than the lookback THEN it stays silent while warming up', () => {
    const engine = engineFor(onlyRule('volatility'));
    expect(alertsOf(feed(engine, 'USDCNH', [...quiet.slice(0, 10), 7.3], 7.2))).toHaveLength(0);
  });
});

describe('level crosses', () => {
  it('GIVEN USD/CNH wobbling on 7.20 THEN the hysteresis band lets each real cross alert once', () => {
    const engine = engineFor(onlyRule('levelCross'));
    const prices = [7.203, 7.1995, 7.198, 7.2001, 7.199, 7.201, 7.2016, 7.2012, 7.2003];
    const alerts = alertsOf(feed(engine, 'USDCNH', prices, 7.203));
    expect(alerts.map((a) => [a.direction, a.price, a.level])).toEqual([
      ['down', 7.198, 7.2],
      ['up', 7.2016, 7.2],
    ]);
  });

  it('GIVEN the first quote of the day beyond a level the previous close was under THEN it alerts', () => {
    const engine = engineFor(onlyRule('levelCross'));
    const alerts = alertsOf(feed(engine, 'USDCNH', [7.305], 7.28));
    expect(alerts.map((a) => [a.direction, a.level])).toEqual([['up', 7.3]]);
  });
});

describe('event windows', () => {
  const withEvent = (d: Data) => {
    d.events.list = [
      { id: 'mofcom', time: '2025-06-02T02:00:00Z', title: 'MOFCOM: US seriously violated the truce' },
    ];
  };

  it('GIVEN a 0.6% fall inside the window THEN the halved tier fires and names the event', () => {
    const engine = engineFor(onlyRule('dayMove', withEvent));
    const alerts = alertsOf(feed(engine, 'HSI', [99.4], 100, T0 + 10 * MINUTE));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.thresholdPct).toBe(0.5);
    expect(alerts[0]?.event?.id).toBe('mofcom');
    expect(alerts[0]?.event?.title).toBe('MOFCOM: US seriously violated the truce');
  });

  it('GIVEN a fall alerted before a window opens THEN the window does not re-alert it; only a further fall does', () => {
    const laterEvent = (d: Data) => {
      d.events.list = [
        { id: 'mofcom', time: '2025-06-02T03:00:00Z', title: 'MOFCOM: US seriously violated the truce' },
      ];
    };
    const engine = engineFor(onlyRule('dayMove', laterEvent));
    const before = alertsOf(feed(engine, 'HSI', [98.9], 100, T0));
    // Inside the window the tiers are halved: 1.1 % now lies past the second tier (1 %), and
    // 1.2 % too, but both are the move already alerted; 1.6 % passes the third (1.5 %).
    const inWindow = alertsOf(feed(engine, 'HSI', [98.9, 98.8, 98.4], 100, T0 + 60 * MINUTE));
    expect(before.map((a) => [a.severity, a.event?.id])).toEqual([[1, undefined]]);
    expect(inWindow.map((a) => [a.severity, a.price, a.thresholdPct, a.event?.id])).toEqual([
      [3, 98.4, 1.5, 'mofcom'],
    ]);
  });

  it('GIVEN the same fall after the window closed THEN nothing fires', () => {
    const engine = engineFor(onlyRule('dayMove', withEvent));
    expect(alertsOf(feed(engine, 'HSI', [99.4], 100, T0 + 121 * MINUTE))).toHaveLength(0);
  });
});

describe('never alert on bad or unusable quotes', () => {
  it('GIVEN a closed market THEN even a large move is not evaluated', () => {
    const engine = engineFor(
      onlyRule('dayMove'),
      fakeCalendar(() => true),
    );
    const decisions = feed(engine, 'HSI', [90], 100);
    expect(decisions[0]?.skipped).toBe('market closed');
    expect(alertsOf(decisions)).toHaveLength(0);
  });

  it.each([null, 0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    'GIVEN price %s THEN it is rejected with a note',
    (bad) => {
      const engine = engineFor(onlyRule('dayMove'));
      const [decision] = feed(engine, 'HSI', [bad], 100);
      expect(decision?.skipped).toBe('invalid price');
      expect(decision?.notes[0]?.kind).toBe('invalid-price');
      // The rejected quote left no trace: the next good one is judged normally.
      expect(alertsOf(feed(engine, 'HSI', [98.9], 100, T0 + MINUTE))).toHaveLength(1);
    },
  );

  it('GIVEN a quote whose time does not advance THEN it is skipped, and past the stale age it says so once', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const quote = { symbol: 'HSI', price: 98.9, time: T0, previousClose: 100 };
    expect(engine.observe(quote, T0).alerts).toHaveLength(1);
    expect(engine.observe({ ...quote, price: 97.5 }, T0 + MINUTE).skipped).toBe('not advanced');
    const stale = engine.observe(quote, T0 + 6 * MINUTE);
    expect(stale.notes.map((n) => n.kind)).toEqual(['stale']);
    expect(engine.isStale('HSI')).toBe(true);
    expect(engine.observe(quote, T0 + 7 * MINUTE).notes).toHaveLength(0);
    const fresh = engine.observe({ ...quote, price: 97.9, time: T0 + 8 * MINUTE }, T0 + 8 * MINUTE);
    expect(fresh.notes.map((n) => n.kind)).toEqual(['fresh']);
    expect(fresh.alerts.map((a) => a.severity)).toEqual([2]);
  });

  it('GIVEN the market reopened after lunch THEN the pre-lunch quote is not called stale at once', () => {
    const opened = T0 + 60 * MINUTE;
    const calendar = {
      status: (market: string, at: number) => ({ ...fakeCalendar().status(market, at), openedAt: opened }),
    };
    const engine = engineFor(onlyRule('dayMove'), calendar);
    const beforeLunch = { symbol: 'HSI', price: 100, time: T0, previousClose: 100 };
    expect(engine.observe(beforeLunch, T0).skipped).toBeNull();
    expect(engine.observe(beforeLunch, opened + 2 * MINUTE).notes).toHaveLength(0);
    expect(engine.observe(beforeLunch, opened + 6 * MINUTE).notes.map((n) => n.kind)).toEqual(['stale']);
  });

  it('GIVEN a new quote that is already older than the stale age THEN it is not evaluated', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const d = engine.observe({ symbol: 'HSI', price: 90, time: T0, previousClose: 100 }, T0 + 10 * MINUTE);
    expect(d.skipped).toBe('stale');
    expect(d.alerts).toHaveLength(0);
  });

  it('GIVEN a lone jump that reverts THEN it never alerts and the bad tick is discarded', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const decisions = feed(engine, 'HSI', [100, 125, 100.1], 100);
    expect(decisions[1]?.skipped).toBe('jump held for confirmation');
    expect(decisions[2]?.notes.map((n) => n.kind)).toEqual(['jump-rejected']);
    expect(alertsOf(decisions)).toHaveLength(0);
  });

  it('GIVEN a jump the next poll confirms THEN it is accepted and alerts', () => {
    const engine = engineFor(onlyRule('dayMove'));
    const decisions = feed(engine, 'HSI', [100, 125, 125.5], 100);
    expect(decisions[2]?.notes.map((n) => n.kind)).toEqual(['jump-confirmed']);
    expect(alertsOf(decisions).map((a) => a.severity)).toEqual([4]);
  });
});

describe('day-move signals across the FX roll', () => {
  it('GIVEN USD/CNH up through tier 2 before the 17:00 New York roll and flat after it THEN no "back inside" for the old day, and the new day measures from the roll', () => {
    const config = makeConfig((d: Data) => {
      for (const kind of ['index', 'fx']) {
        d.defaults[kind].windowMove.thresholdPct = 90;
        d.defaults[kind].volatility.minMovePct = 90;
      }
      d.instruments[2].thresholds = {};
    });
    const engine = engineFor(config, createCalendar(config.markets));
    const before = Date.parse('2025-06-03T20:50:00Z'); // 16:50 New York
    const observe = (price: number, time: number) =>
      engine.observe({ symbol: 'USDCNH', price, time, previousClose: 7.2 }, time).alerts;
    const oldDay = [...observe(7.2, before), ...observe(7.25, before + 5 * MINUTE)];
    expect(oldDay.map((a) => [a.rule, a.direction, a.severity, a.sessionId])).toEqual([
      ['dayMove', 'up', 2, '2025-06-03'],
    ]);
    // After the roll the price holds at 7.25: the old day's move does not "recover" into the new
    // day, and the new day's base is the last price before the roll, so nothing moved.
    const newDay = [21, 25, 30].flatMap((m) => observe(7.25, Date.parse(`2025-06-03T21:${m}:00Z`)));
    expect(newDay).toEqual([]);
    // A fall from that base alerts against it, on the new trading day.
    const fall = observe(7.225, Date.parse('2025-06-03T21:35:00Z'));
    expect(fall.map((a) => [a.rule, a.direction, a.severity, a.sessionId, a.basePrice])).toEqual([
      ['dayMove', 'down', 1, '2025-06-04', 7.25],
    ]);
  });
});

describe('hold for N polls', () => {
  it('GIVEN holdPolls 2 THEN a one-poll blip does not alert but a held move does', () => {
    const engine = engineFor(onlyRule('dayMove', (d) => (d.alerting.holdPolls = 2)));
    const blip = alertsOf(feed(engine, 'HSI', [98.9, 99.5], 100, T0));
    const held = feed(engine, 'HSI', [98.9, 98.8], 100, T0 + 2 * MINUTE);
    expect(blip).toHaveLength(0);
    expect(held[0]?.alerts).toHaveLength(0);
    expect(held[1]?.alerts.map((a) => a.severity)).toEqual([1]);
  });

  it('GIVEN holdPolls 2 THEN streamed prices complete a hold the polls built but never build one', () => {
    const engine = engineFor(onlyRule('dayMove', (d) => (d.alerting.holdPolls = 2)));
    const streamed = (price: number, time: number) =>
      engine.observe({ symbol: 'HSI', price, time, previousClose: 100, streamed: true }, time);
    // Two streamed prices beyond the tier: nothing, as no poll has seen the move.
    expect(alertsOf([streamed(98.9, T0), streamed(98.8, T0 + 10_000)])).toHaveLength(0);
    const [poll] = feed(engine, 'HSI', [98.8], 100, T0 + MINUTE);
    expect(poll?.alerts).toHaveLength(0);
    // One poll has seen it: the next streamed price that still meets it fires.
    expect(alertsOf([streamed(98.7, T0 + MINUTE + 15_000)]).map((a) => a.severity)).toEqual([1]);
  });

  it('GIVEN a poll that brings the print the stream already gave THEN it still counts as a poll', () => {
    const engine = engineFor(onlyRule('dayMove', (d) => (d.alerting.holdPolls = 2)));
    const observe = (price: number, time: number, streamed: boolean) =>
      engine.observe({ symbol: 'HSI', price, time, previousClose: 100, streamed }, time);
    // Streamed prices are taken only after a poll has warmed the instrument up.
    expect(observe(99.9, T0 - MINUTE, false).alerts).toHaveLength(0);
    expect(observe(98.9, T0, true).alerts).toHaveLength(0);
    // The poll's quote is the same print: not newer than the stream's, yet the hold counts it.
    const poll = observe(98.9, T0, false);
    expect([poll.skipped, poll.alerts.length]).toEqual([null, 0]);
    expect(observe(98.8, T0 + 30_000, true).alerts.map((a) => a.severity)).toEqual([1]);
  });

  it('GIVEN holdPolls raised by a config edit THEN the next polls are held for the new count', () => {
    const calendar = fakeCalendar();
    const engine = engineFor(onlyRule('dayMove'), calendar);
    feed(engine, 'HSI', [99.5], 100, T0);
    const edited = onlyRule('dayMove', (d) => (d.alerting.holdPolls = 3));
    engine.reconfigure(edited, [], calendar);
    const decisions = feed(engine, 'HSI', [98.9, 98.8, 98.7], 100, T0 + MINUTE);
    expect(decisions.map((d) => d.alerts.length)).toEqual([0, 0, 1]);
  });

  it('GIVEN a restored snapshot mid-hold THEN the count carries on from the saved one', () => {
    const config = onlyRule('dayMove', (d) => (d.alerting.holdPolls = 2));
    const before = engineFor(config);
    expect(alertsOf(feed(before, 'HSI', [98.9], 100, T0))).toHaveLength(0);
    const saved = JSON.parse(JSON.stringify(before.snapshot('HSI'))) as unknown;
    const after = engineFor(config);
    expect(after.restore('HSI', saved)).toBeNull();
    expect(alertsOf(feed(after, 'HSI', [98.8], 100, T0 + MINUTE))).toHaveLength(1);
  });
});

describe('restart', () => {
  it('GIVEN a restored snapshot THEN fired tiers are not repeated but a tier reached while down fires', () => {
    const config = onlyRule('dayMove');
    const before = engineFor(config);
    expect(alertsOf(feed(before, 'HSI', [98.9], 100, T0))).toHaveLength(1);
    const saved = JSON.parse(JSON.stringify(before.snapshot('HSI'))) as unknown;

    const after = engineFor(config);
    expect(after.restore('HSI', saved)).toBeNull();
    expect(alertsOf(feed(after, 'HSI', [98.8], 100, T0 + 5 * MINUTE))).toHaveLength(0);
    expect(alertsOf(feed(after, 'HSI', [97.5], 100, T0 + 6 * MINUTE)).map((a) => a.severity)).toEqual([2]);
  });

  it('GIVEN an unreadable snapshot THEN restore explains and the instrument starts fresh', () => {
    const engine = engineFor(onlyRule('dayMove'));
    expect(engine.restore('HSI', { v: 1, firedTiers: 'nope' })).toMatch(/saved state for HSI is unreadable/);
    expect(alertsOf(feed(engine, 'HSI', [98.9], 100))).toHaveLength(1);
  });

  it('GIVEN warm-up bars THEN the window rule sees the move that started before the start', () => {
    const engine = engineFor(onlyRule('windowMove'));
    engine.warmUp('HSI', [
      { time: T0 - 3 * MINUTE, price: 100 },
      { time: T0 - 2 * MINUTE, price: 99.8 },
    ]);
    const alerts = alertsOf(feed(engine, 'HSI', [99.2], 100));
    expect(alerts.map((a) => a.basePrice)).toEqual([100]);
  });
});
