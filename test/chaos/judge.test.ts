import { describe, expect, it } from 'vitest';
import {
  judgeAlerts,
  type JudgedAlert,
  type JudgeSettings,
  type JudgeThresholds,
} from '../../chaos/judge.js';
import { truthRecorder, type Truth } from '../../chaos/truth.js';

const CLOSE = 20_000;
const FX_CLOSE = 7.2;
const INDEX: JudgeThresholds = {
  dayMove: {
    tiersPct: [1, 2, 3, 5],
    followThrough: { stepPct: 2.5 },
    recovery: { enabled: true, hysteresisRatio: 0.2 },
  },
  windowMove: { windowMinutes: 15, thresholdPct: 0.75 },
  volatility: { minMovePct: 0.3 },
  levelCross: { levels: [20_100], hysteresisPct: 0.1 },
};
const FX: JudgeThresholds = {
  ...INDEX,
  dayMove: { tiersPct: [0.3, 0.6, 1] },
  windowMove: { windowMinutes: 15, thresholdPct: 0.15 },
  levelCross: { levels: [], hysteresisPct: 0.02 },
};
const SETTINGS: JudgeSettings = {
  thresholds: new Map([
    ['HSI', INDEX],
    ['N225', INDEX],
    ['USDCNH', FX],
  ]),
  crossMarket: { indices: ['HSI', 'N225'], fx: 'USDCNH', indexMovePct: 0.4, fxMovePct: 0.1 },
};
const T0 = 1_800_000_000_000;
const S = 1_000;
const MIN = 60_000;

/** HSI: 20,100 (+0.5 %) at T0+10 s, 20,300 (+1.5 %) at +20 s, 20,050 at +30 s; 17,000 planted at +25 s. */
function hsiTruth(): Truth {
  const rec = truthRecorder(
    new Map([
      ['HSI', CLOSE],
      ['N225', 38_000],
      ['USDCNH', FX_CLOSE],
    ]),
  );
  rec.served('HSI', 20_100, T0 + 10 * S);
  rec.served('HSI', 20_300, T0 + 20 * S);
  rec.served('HSI', 20_300, T0 + 22 * S);
  rec.planted('HSI', 17_000, 'badTick');
  rec.served('HSI', 20_050, T0 + 30 * S);
  return rec.truth();
}

/** An alert recorded 50 ms after its quote, unless `recordedAt` says otherwise. */
const alert = (
  fields: Partial<JudgedAlert> & Pick<JudgedAlert, 'rule' | 'price' | 'time'>,
  recordedAt = fields.time + 50,
): JudgedAlert => ({
  id: `${fields.rule}-${fields.time}`,
  symbol: 'HSI',
  direction: 'up',
  severity: 1,
  ...fields,
  recordedAt,
});

const falseOf = (alerts: JudgedAlert[], truth = hsiTruth()) =>
  judgeAlerts(alerts, truth, SETTINGS).false.map((f) => f.reason);

describe('judgeAlerts: day moves', () => {
  it('GIVEN tier 1 at a true +1.5 % price, even as its float32 THEN it is justified', () => {
    const day = alert({ rule: 'dayMove', price: Math.fround(20_300), basePrice: CLOSE, time: T0 + 21 * S });
    const judgement = judgeAlerts([day], hsiTruth(), SETTINGS);
    expect(judgement.false).toEqual([]);
    expect(judgement.judged).toEqual({ dayMove: 1 });
  });

  it('GIVEN a poll stamped on its whole second, a moment before the price it carries came in THEN it is justified', () => {
    const day = alert({ rule: 'dayMove', price: 20_300, basePrice: CLOSE, time: T0 + 19 * S });
    expect(falseOf([day])).toEqual([]);
  });

  it('GIVEN a tier priced at the planted bad tick THEN it is false and names the fault', () => {
    const bad = alert({
      rule: 'dayMove',
      direction: 'down',
      severity: 4,
      price: 17_000,
      basePrice: CLOSE,
      time: T0 + 25 * S,
    });
    const [found] = judgeAlerts([bad], hsiTruth(), SETTINGS).false;
    expect(found?.fault).toBe('badTick');
    expect(found?.reason).toMatch(/^price 17000 was not a true price at its time \(true then: 20300\)/);
  });

  it('GIVEN tier 2 claimed for a +1.5 % move THEN it is false', () => {
    const day = alert({ rule: 'dayMove', severity: 2, price: 20_300, basePrice: CLOSE, time: T0 + 21 * S });
    expect(falseOf([day])).toEqual(['tier 2: the day move 1.5 % is below its threshold 2 %']);
  });

  it('GIVEN a base that is not the previous close THEN it is false', () => {
    const day = alert({ rule: 'dayMove', price: 20_300, basePrice: 20_100, time: T0 + 21 * S });
    expect(falseOf([day])).toEqual(['base 20100 is not the previous close 20000']);
  });

  it('GIVEN a true price of another moment (a stale quote) THEN it is false', () => {
    const day = alert({ rule: 'dayMove', price: 20_300, basePrice: CLOSE, time: T0 + 40 * S });
    expect(falseOf([day])[0]).toMatch(/^price 20300 was not a true price at its time/);
  });

  it('GIVEN a quote time a day ahead of its recording THEN it is false, whatever its price', () => {
    const ahead = alert(
      {
        rule: 'dayMove',
        price: 20_300,
        basePrice: CLOSE,
        time: T0 + 24 * 60 * MIN,
      },
      T0 + 21 * S,
    );
    expect(falseOf([ahead])).toEqual(['stamped 1439.65 minutes ahead of when it was recorded']);
  });

  it('GIVEN a quote 3 s after its poll’s clock was read (a slow answer) THEN it is not stamped ahead', () => {
    const slow = alert({ rule: 'dayMove', price: 20_300, basePrice: CLOSE, time: T0 + 21 * S }, T0 + 18 * S);
    expect(falseOf([slow])).toEqual([]);
  });

  it('GIVEN a follow-through tier THEN it needs the top tier plus its steps', () => {
    const rec = truthRecorder(new Map([['HSI', CLOSE]]));
    rec.served('HSI', 21_550, T0); // +7.75 %: top 5 % plus one 2.5 % step
    const tier5 = alert({ rule: 'dayMove', severity: 5, price: 21_550, basePrice: CLOSE, time: T0 });
    const tier6 = { ...tier5, id: 'six', severity: 6 };
    expect(falseOf([tier5, tier6], rec.truth())).toEqual([
      'tier 6: the day move 7.75 % is below its threshold 10 %',
    ]);
  });
});

describe('judgeAlerts: windowed moves and volatility', () => {
  it('GIVEN a windowed move from a true price inside the window THEN it is justified', () => {
    const win = alert({ rule: 'windowMove', price: 20_300, basePrice: CLOSE, time: T0 + 21 * S });
    expect(falseOf([win])).toEqual([]);
  });

  it('GIVEN a windowed move from a base older than the window THEN it is false', () => {
    const rec = truthRecorder(new Map([['HSI', CLOSE]]));
    rec.served('HSI', 20_100, T0);
    rec.served('HSI', 20_300, T0 + 30 * MIN);
    const win = alert({ rule: 'windowMove', price: 20_300, basePrice: CLOSE, time: T0 + 30 * MIN });
    expect(falseOf([win], rec.truth())).toEqual(['base 20000 was not a true price in the 17 minutes before']);
  });

  it('GIVEN a windowed move measured from the bad tick THEN it is false and names the fault', () => {
    const win = alert({ rule: 'windowMove', price: 20_050, basePrice: 17_000, time: T0 + 31 * S });
    const [found] = judgeAlerts([win], hsiTruth(), SETTINGS).false;
    expect(found).toMatchObject({
      fault: 'badTick',
      reason: 'base 17000 was not a true price in the 17 minutes before',
    });
  });

  it('GIVEN a windowed move below its threshold or against its direction THEN it is false', () => {
    const small = alert({ rule: 'windowMove', price: 20_100, basePrice: CLOSE, time: T0 + 11 * S });
    const backwards = alert({
      rule: 'windowMove',
      direction: 'down',
      price: 20_300,
      basePrice: CLOSE,
      time: T0 + 21 * S,
    });
    expect(falseOf([small, backwards])).toEqual([
      'the windowed move 0.5 % is below its threshold 0.75 %',
      'says down but the move is 1.5 %',
    ]);
  });

  it('GIVEN a volatility alert whose base the bot worked back from its return THEN it is justified', () => {
    const returnPct = (20_300 / 20_100 - 1) * 100;
    const vol = alert({
      rule: 'volatility',
      price: 20_300,
      basePrice: 20_300 / (1 + returnPct / 100),
      time: T0 + 21 * S,
    });
    expect(falseOf([vol])).toEqual([]);
  });

  it('GIVEN a volatility alert from the bad tick back to a true price THEN it is false', () => {
    const vol = alert({ rule: 'volatility', price: 20_050, basePrice: 17_000, time: T0 + 31 * S });
    expect(falseOf([vol])).toEqual(['base 17000 was not a true price in the 17 minutes before']);
  });
});

describe('judgeAlerts: level crosses', () => {
  const up = alert({
    rule: 'levelCross',
    level: 20_100,
    price: 20_300,
    basePrice: 20_100,
    time: T0 + 21 * S,
  });

  it('GIVEN a cross up from a true path below the band and back down THEN both are justified', () => {
    const down = alert({ ...up, id: 'down', direction: 'down', price: 20_050, time: T0 + 31 * S });
    expect(falseOf([up, down])).toEqual([]);
  });

  it('GIVEN a price inside the band (20,100 is on the level) THEN it is no cross', () => {
    const inside = alert({ rule: 'levelCross', level: 20_100, price: 20_100, time: T0 + 11 * S });
    expect(falseOf([inside])).toEqual(["price 20100 is not beyond 20100's band up"]);
  });

  it('GIVEN a false cross up at a bad print THEN the return to the true side is false too', () => {
    const rec = truthRecorder(new Map([['HSI', CLOSE]]));
    rec.served('HSI', 20_010, T0);
    rec.planted('HSI', 3.4e38, 'absurdPrint');
    const absurd = alert({ rule: 'levelCross', level: 20_100, price: 3.4e38, time: T0 + 5 * S });
    const back = alert({
      rule: 'levelCross',
      level: 20_100,
      direction: 'down',
      price: 20_010,
      time: T0 + 7 * S,
    });
    const judgement = judgeAlerts([absurd, back], rec.truth(), SETTINGS);
    expect(judgement.false.map((f) => [f.fault, f.reason.slice(0, 48)])).toEqual([
      ['absurdPrint', 'price 3.4e+38 was not a true price at its time ('],
      [null, 'the true path was not on the other side of 20100'],
    ]);
  });

  it('GIVEN the same cross twice with no return in between THEN the second is false', () => {
    const again = alert({ ...up, id: 'again', time: T0 + 23 * S });
    expect(falseOf([up, again])[0]).toMatch(
      /^the true path was not on the other side of 20100 since its previous/,
    );
  });

  it('GIVEN a level that is not configured THEN it is false', () => {
    expect(falseOf([{ ...up, level: 20_200 }])).toEqual(['level 20200 is not a configured level']);
  });
});

describe('judgeAlerts: recoveries, cross-market alerts and other rules', () => {
  it('GIVEN "back inside" after a true breach of the first tier THEN it is justified; a second without a new breach is false', () => {
    const back = alert({ rule: 'recovery', price: 20_050, basePrice: CLOSE, time: T0 + 31 * S });
    const again = alert({ ...back, id: 'again', time: T0 + 35 * S });
    expect(falseOf([back])).toEqual([]);
    expect(falseOf([back, again])[0]).toMatch(/^the true path did not reach the first tier \(1 %\) up since/);
  });

  it('GIVEN "back inside" while the true price is still beyond the first tier THEN it is false', () => {
    const early = alert({ rule: 'recovery', price: 20_300, basePrice: CLOSE, time: T0 + 21 * S });
    expect(falseOf([early])).toEqual(['the move 1.5 % is not back inside the first tier']);
  });

  it('GIVEN risk-on legs that the true paths made THEN it is justified; a leg from a bad price is false', () => {
    const rec = truthRecorder(
      new Map([
        ['HSI', CLOSE],
        ['N225', 38_000],
        ['USDCNH', FX_CLOSE],
      ]),
    );
    rec.served('HSI', 20_100, T0);
    rec.served('N225', 38_190, T0);
    rec.served('USDCNH', 7.19, T0);
    const legs = [
      { symbol: 'HSI', changePct: 0.5 },
      { symbol: 'N225', changePct: 0.5 },
      { symbol: 'USDCNH', changePct: (7.19 / 7.2 - 1) * 100 },
    ];
    const riskOn = alert({
      rule: 'crossMarket',
      symbol: 'ASIA',
      price: 7.19,
      basePrice: 7.2,
      time: T0 + S,
      legs,
    });
    expect(falseOf([riskOn], rec.truth())).toEqual([]);
    const badLeg = { ...riskOn, legs: [{ symbol: 'HSI', changePct: 18 }, ...legs.slice(1)] };
    expect(falseOf([badLeg], rec.truth())).toEqual(['leg HSI 18 % is no move of its true path']);
  });

  it('GIVEN a rule the judge has no model of THEN it is counted as unjudged, not false', () => {
    const gap = alert({ rule: 'onshoreGap', price: 7.2, time: T0 });
    expect(judgeAlerts([gap], hsiTruth(), SETTINGS)).toEqual({
      judged: {},
      unjudged: { onshoreGap: 1 },
      false: [],
    });
  });
});
