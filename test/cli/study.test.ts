import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('study-');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/study.ts', ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: unknown) => e as { code: number; stdout: string; stderr: string },
  );
const DEMO = ['--data', 'data/demo/2025-06-02', '--config', 'data/demo/config.yaml'];

/** The close of the demo HSI bar at a time, read straight from the recorded file. */
function hsiClose(iso: string): number {
  const body: any = JSON.parse(readFileSync('data/demo/2025-06-02/HSI.json', 'utf8'));
  const result = body.chart.result[0];
  const i = (result.timestamp as number[]).indexOf(Date.parse(iso) / 1000);
  return result.indicators.quote[0].close[i] as number;
}

describe('npm run study', () => {
  it('GIVEN the demo events THEN each instrument moves at T+1…60, matching the recorded bars', async () => {
    const { code, stdout } = await run(['--events', 'data/demo/events.yaml', ...DEMO, '--json']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l): any => JSON.parse(l));
    const hsi = rows.find((r) => r.event === 'mofcom-2025-06-02' && r.symbol === 'HSI');
    expect(hsi.measuredFrom).toBe('event');
    expect(hsi.base).toEqual({ time: '2025-06-02T02:00:00.000Z', price: hsiClose('2025-06-02T02:00:00Z') });
    const expected = (hsiClose('2025-06-02T03:00:00Z') / hsiClose('2025-06-02T02:00:00Z') - 1) * 100;
    expect(hsi.steps.map((s: { minutes: number }) => s.minutes)).toEqual([1, 5, 15, 30, 60]);
    expect(hsi.steps[4].changePct).toBeCloseTo(expected, 9);
    const lunch = rows.find((r) => r.event === 'bessent-2025-06-02' && r.symbol === 'HSI');
    expect(lunch.measuredFrom).toBe('open');
    expect(lunch.base.time).toBe('2025-06-02T05:00:00.000Z');
  });

  it('GIVEN text mode THEN a table per event', async () => {
    const { code, stdout } = await run(['--events', 'data/demo/events.yaml', ...DEMO]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/mofcom-2025-06-02 · 2025-06-02 02:00 UTC/);
    expect(stdout).toMatch(/HSI \(from open\)/);
  });

  it('GIVEN a bad events file THEN it lists the problems', async () => {
    const file = join(tempDir(), 'events.yaml');
    writeFileSync(file, '- id: x\n  time: yesterday\n');
    const { code, stderr } = await run(['--events', file, ...DEMO]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a list of events/);
    expect(stderr).toMatch(/0\.time/);
    expect(stderr).toMatch(/0\.title/);
  });
});
