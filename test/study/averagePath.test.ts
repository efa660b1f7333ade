import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/loadConfig.js';
import { averagePaths, quantile } from '../../src/study/averagePath.js';
import { runEventStudy } from '../../src/study/eventStudy.js';

const EVENTS = [
  { id: 'a', time: '2025-06-02T10:00:00+08:00', title: 'A', beforeMinutes: 0 },
  { id: 'b', time: '2025-06-02T12:20:00+08:00', title: 'B', beforeMinutes: 0 },
];

describe('average reaction paths', () => {
  it('GIVEN sorted values THEN quartiles interpolate between neighbours', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantile([5], 0.25)).toBe(5);
  });

  it("GIVEN the demo events THEN each instrument's path starts at 0 and at +60 is the mean of the T+60 steps, inside its band", async () => {
    const config = loadConfigFile('data/demo/config.yaml');
    const rows = await runEventStudy(config, EVENTS, 'data/demo/2025-06-02');
    const paths = averagePaths(rows);
    const hsi = paths.find((p) => p.symbol === 'HSI');
    expect(hsi?.events).toBe(2);
    expect(hsi?.points[0]).toMatchObject({ minutes: 0, mean: 0, events: 2 });
    const [a = Number.NaN, b = Number.NaN] = rows
      .filter((r) => r.symbol === 'HSI')
      .map((r) => r.reaction?.steps.find((s) => s.minutes === 60)?.changePct ?? Number.NaN);
    const at60 = hsi?.points.find((p) => p.minutes === 60) ?? { mean: NaN, q1: NaN, q3: NaN };
    expect(at60.mean).toBeCloseTo((a + b) / 2, 9);
    expect(at60.q1).toBeLessThanOrEqual(at60.mean);
    expect(at60.q3).toBeGreaterThanOrEqual(at60.mean);
    // With two events the quartiles sit a quarter of the way in from each: half the gap apart.
    expect(at60.q3 - at60.q1).toBeCloseTo(Math.abs(a - b) / 2, 9);
  });
});
