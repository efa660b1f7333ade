import { describe, expect, it } from 'vitest';
import { chaosConfigData, POLL_EVERY_SECOND } from '../../chaos/chaosConfig.js';
import { chartTemplate } from '../../chaos/chartBody.js';
import { HA_PATHS, haLevels } from '../../chaos/haPath.js';
import { expectedAlerts, plateauPrice, type InstrumentPath } from '../../chaos/pricePath.js';
import { validateConfig } from '../../src/config/config.js';

const CHANNELS = { alerts: '300000000000000001', fx: '300000000000000002', refused: '300000000000000003' };

function thresholdsOf(id: string) {
  const data = chaosConfigData('300000000000000000', CHANNELS, { ...POLL_EVERY_SECOND, levels: haLevels() });
  const result = validateConfig(data);
  if (!result.ok) throw new Error(result.problems.join('; '));
  const instrument = result.config.instruments.find((i) => i.id === id);
  if (!instrument) throw new Error(`no ${id}`);
  return instrument.thresholds;
}

/** The closest any plateau comes to a day tier, and to the edge of a level's band, in percent. */
function margins(path: InstrumentPath) {
  const { dayMove, levelCross } = thresholdsOf(path.id);
  const { previousClose } = chartTemplate(path);
  const moves = path.plateausPct.map((pct) => plateauPrice(path, previousClose, pct));
  const tier = Math.min(
    ...moves.flatMap((price) => {
      const move = Math.abs((price / previousClose - 1) * 100);
      return dayMove.tiersPct.map((t) => Math.abs(move - t));
    }),
  );
  const band = Math.min(
    ...moves.flatMap((price) =>
      levelCross.levels.map((level) => {
        const outside = Math.abs(price - level) - (level * levelCross.hysteresisPct) / 100;
        return (outside / previousClose) * 100;
      }),
    ),
  );
  return { tier, band };
}

describe('the HA price path', () => {
  it.each(HA_PATHS.map((p) => [p.id, p] as const))(
    'GIVEN %s THEN every plateau keeps clear of each day tier and beyond each level band',
    (_id, path) => {
      const { tier, band } = margins(path);
      // USD/CNH's four decimals round a 0.1 % margin down by a few ten-thousandths of a percent.
      expect(tier).toBeGreaterThanOrEqual(0.099);
      expect(band).toBeGreaterThanOrEqual(0.029);
    },
  );

  it.each(HA_PATHS.map((p) => [p.id, p] as const))(
    'GIVEN %s THEN nearly every step brings an alert not yet due, so kills keep meeting new alerts',
    (_id, path) => {
      const { previousClose } = chartTemplate(path);
      const thresholds = thresholdsOf(path.id);
      const dueAfter = (steps: number) =>
        expectedAlerts({ ...path, plateausPct: path.plateausPct.slice(0, steps) }, previousClose, thresholds)
          .length;
      const quietSteps = path.plateausPct.filter((_, i) => i > 0 && dueAfter(i + 1) === dueAfter(i)).length;
      expect(quietSteps).toBeLessThanOrEqual(2);
      expect(dueAfter(path.plateausPct.length)).toBeGreaterThanOrEqual(path.plateausPct.length - 1);
    },
  );

  it('GIVEN all three instruments THEN the run expects over sixty alerts, top tiers included', () => {
    const expected = HA_PATHS.flatMap((path) =>
      expectedAlerts(path, chartTemplate(path).previousClose, thresholdsOf(path.id)),
    );
    expect(expected.length).toBeGreaterThan(60);
    expect(expected.filter((e) => e.topTier).map((e) => e.symbol)).toEqual(['HSI', 'USDCNH']);
  });
});
