import { afterEach, describe, expect, it } from 'vitest';
import { startFakeYahoo, type FakeYahoo, type FakeYahooOptions } from '../../chaos/fakeYahoo.js';
import { plateauPrice, type InstrumentPath } from '../../chaos/pricePath.js';
import { seededRandom } from '../../chaos/random.js';
import { truthRecorder, type TruthRecorder } from '../../chaos/truth.js';
import { parseYahooChart } from '../../src/providers/yahooChart.js';

const HSI: InstrumentPath = {
  id: 'HSI',
  yahooSymbol: '^HSI',
  fixture: 'yahoo/hsi-2025-06-02.json',
  decimals: 2,
  plateausPct: [0.5, 1.5, 2.5],
  badTickPct: -25,
};
const HSI_CLOSE = 23_289.77;

let yahoo: FakeYahoo | undefined;
let truth: TruthRecorder;
afterEach(async () => {
  await yahoo?.close();
});

async function start(options: Partial<FakeYahooOptions>): Promise<FakeYahoo> {
  truth = truthRecorder(new Map([['HSI', HSI_CLOSE]]));
  yahoo = await startFakeYahoo({
    paths: [HSI],
    random: seededRandom(7),
    truth,
    answersPerPlateau: 2,
    faultRate: 0,
    badTickRate: 0,
    maxBadTicksPerSymbol: 0,
    ...options,
  });
  return yahoo;
}

async function quotePrice(fake: FakeYahoo): Promise<number | null> {
  const res = await fetch(`${fake.baseUrl}/v8/finance/chart/%5EHSI?interval=1m&range=1d`);
  return parseYahooChart(await res.json(), 'HSI', 'yahoo').price;
}

describe('the chaos fake Yahoo', () => {
  it('GIVEN no faults THEN the real chart parser reads each plateau twice, in order, and the path finishes', async () => {
    const fake = await start({});
    const prices = [];
    for (let i = 0; i < 6; i++) prices.push(await quotePrice(fake));
    const plateaus = HSI.plateausPct.map((pct) => plateauPrice(HSI, HSI_CLOSE, pct));
    expect(prices).toEqual(plateaus.flatMap((p) => [p, p]));
    expect(fake.finished()).toBe(true);
    expect(
      truth
        .truth()
        .instruments.get('HSI')
        ?.steps.map((s) => s.price),
    ).toEqual(plateaus);
  });

  it('GIVEN only faults THEN the path never moves on and every answer is counted as a fault', async () => {
    const fake = await start({ faultRate: 1, slowMs: { min: 10, max: 50 } });
    for (let i = 0; i < 8; i++) {
      await fetch(`${fake.baseUrl}/v8/finance/chart/%5EHSI`)
        .then((res) => res.text())
        .catch(() => 'the fault cut the answer');
    }
    const { ok, badTick, ...faults } = fake.answers;
    expect([ok, badTick]).toEqual([0, 0]);
    expect(Object.values(faults).reduce((sum, n) => sum + n, 0)).toBe(8);
    expect(fake.finished()).toBe(false);
  });

  it('GIVEN bad ticks whenever allowed THEN each is lone: two clean answers follow before the next', async () => {
    const fake = await start({ badTickRate: 1, maxBadTicksPerSymbol: 2, answersPerPlateau: 10 });
    const prices = [];
    for (let i = 0; i < 7; i++) prices.push(await quotePrice(fake));
    const bad = fake.badTicks.map((t) => t.price);
    expect(bad).toHaveLength(2);
    expect(prices.map((p) => (bad.includes(p as number) ? 'bad' : 'clean'))).toEqual([
      'bad',
      'clean',
      'clean',
      'bad',
      'clean',
      'clean',
      'clean',
    ]);
    expect(bad[0]).toBeCloseTo(plateauPrice(HSI, HSI_CLOSE, 0.5) * 0.75, 1);
    expect(truth.truth().planted.map((p) => p.price)).toEqual(bad);
    expect(
      truth
        .truth()
        .instruments.get('HSI')
        ?.steps.map((s) => s.price),
    ).toEqual([plateauPrice(HSI, HSI_CLOSE, 0.5)]);
  });

  it('GIVEN a scripted run THEN only moveTo moves the path, and a planted price is served once and written down as planted', async () => {
    const fake = await start({ answersPerPlateau: Infinity });
    const first = await quotePrice(fake);
    fake.serveOnce('HSI', 27_000, 'repeatedBadPrint');
    const planted = await quotePrice(fake);
    fake.moveTo('HSI', 2);
    const moved = [await quotePrice(fake), await quotePrice(fake)];
    expect([first, planted, ...moved]).toEqual([
      plateauPrice(HSI, HSI_CLOSE, 0.5),
      27_000,
      plateauPrice(HSI, HSI_CLOSE, 2.5),
      plateauPrice(HSI, HSI_CLOSE, 2.5),
    ]);
    expect(truth.truth().planted).toEqual([{ symbol: 'HSI', price: 27_000, fault: 'repeatedBadPrint' }]);
    expect(() => {
      fake.moveTo('HSI', 3);
    }).toThrow('chaos: HSI has no plateau 3');
  });
});
