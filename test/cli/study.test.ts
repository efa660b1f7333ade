import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { studyCli } from '../../src/cli/studyCli.js';
import { captureIo } from '../support/cliIo.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('study-');
async function run(args: string[]) {
  const captured = captureIo();
  const code = await studyCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}
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
    // Bars are stamped with their start: the 01:59 bar's close is the last price known at T0 = 02:00.
    expect(hsi.base).toEqual({ time: '2025-06-02T02:00:00.000Z', price: hsiClose('2025-06-02T01:59:00Z') });
    const expected = (hsiClose('2025-06-02T02:59:00Z') / hsiClose('2025-06-02T01:59:00Z') - 1) * 100;
    expect(hsi.steps.map((s: { minutes: number }) => s.minutes)).toEqual([1, 5, 15, 30, 60]);
    expect(hsi.steps[4].changePct).toBeCloseTo(expected, 9);
    const lunch = rows.find((r) => r.event === 'bessent-2025-06-02' && r.symbol === 'HSI');
    expect(lunch.measuredFrom).toBe('open');
    // Measured from the 13:00 HKT open, against the last price before the news (the 11:59 bar).
    expect(lunch.base).toEqual({ time: '2025-06-02T04:00:00.000Z', price: hsiClose('2025-06-02T03:59:00Z') });
    expect(lunch.steps[0].at).toBe('2025-06-02T05:01:00.000Z');
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

describe('npm run study -- --chart', () => {
  it('GIVEN --chart THEN the table is printed and a PNG of the average paths is written', async () => {
    const file = join(tempDir(), 'study.png');
    const { code, stdout, stderr } = await run([
      '--events',
      'data/demo/events.yaml',
      ...DEMO,
      '--chart',
      file,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('T+60');
    expect(stderr).toContain('HSI: mean of 2 event(s)');
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 480]);
  });
});
