import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCli } from '../../src/cli/replayCli.js';
import { captureIo } from '../support/cliIo.js';
import { useTempDirs } from '../support/tempDirs.js';

// A constructed Yahoo chart body shaped like 7 April 2025 (test/fixtures/yahoo/README-crash.md): HSI opens
// 9.3 % down and keeps falling to −13.22 %. Replayed with the shipped config (tiers 1/2/3/5 %, then a
// follow-through step every 2.5 % and new lows, 30-minute cooldown).
const CRASH = 'test/fixtures/yahoo/hsi-2025-04-07-crash-constructed.json';
const tempDir = useTempDirs('crash-replay-');

interface DayMoveLine {
  readonly rule: string;
  readonly time: string;
  readonly severity: number;
  readonly thresholdPct: number;
  readonly dayChangePct: number;
}

async function dayMoves(): Promise<DayMoveLine[]> {
  const dir = tempDir();
  copyFileSync(CRASH, join(dir, 'HSI.json'));
  const captured = captureIo();
  expect(await replayCli(['--data', dir, '--json'], captured.io), captured.stderr()).toBe(0);
  return captured
    .stdout()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DayMoveLine)
    .filter((a) => a.rule === 'dayMove');
}

describe('follow-through on a crash session (constructed 7 April 2025)', () => {
  it('GIVEN a −9.3 % open THEN the first alert is already past the top tier: the 7.5 % step', async () => {
    const [first] = await dayMoves();
    expect(first).toMatchObject({ time: '2025-04-07T01:30:00.000Z', severity: 5, thresholdPct: 7.5 });
  });

  it('GIVEN the fall to −13 % THEN each further 2.5 % step alerts, escalating through the cooldown', async () => {
    const steps = (await dayMoves()).filter(
      (a, i, all) => i === 0 || a.severity > (all[i - 1]?.severity ?? 0),
    );
    expect(steps.map((a) => [a.severity, a.thresholdPct])).toEqual([
      [5, 7.5],
      [6, 10],
      [7, 12.5],
    ]);
  });

  it('GIVEN new lows between steps THEN they alert too, never two within the 30-minute cooldown, each lower than the last', async () => {
    const alerts = await dayMoves();
    expect(alerts.length).toBeGreaterThan(3);
    const lows = alerts.filter((a, i) => i > 0 && a.severity === alerts[i - 1]?.severity);
    expect(lows.length).toBeGreaterThan(0);
    for (const low of lows) {
      const before = alerts[alerts.indexOf(low) - 1];
      if (!before) throw new Error('a low needs an alert before it');
      expect(Date.parse(low.time) - Date.parse(before.time)).toBeGreaterThanOrEqual(30 * 60_000);
      expect(low.dayChangePct).toBeLessThan(before.dayChangePct);
    }
    expect(alerts.at(-1)?.dayChangePct).toBeLessThan(-13);
  });
});
