import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('score-');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/score.ts', ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: unknown) => e as { code: number; stdout: string; stderr: string },
  );

describe('npm run score', () => {
  it('GIVEN a file of headlines THEN each one is scored with its terms and verdict, comments skipped', async () => {
    const file = join(tempDir(), 'headlines.txt');
    writeFileSync(
      file,
      '# labelled by hand\nChina accuses US of "serious" trade truce breach\n\nHong Kong weather: hot\n',
    );
    const { code, stdout } = await run([file, '--json']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      {
        headline: 'China accuses US of "serious" trade truce breach',
        score: 6,
        matched: ['trade truce'],
        bothSides: true,
        relevant: true,
      },
      { headline: 'Hong Kong weather: hot', score: 0, matched: [], bothSides: false, relevant: false },
    ]);
  });

  it('GIVEN a missing file THEN a clear error', async () => {
    const { code, stderr } = await run(['/nonexistent/headlines.txt']);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read /nonexistent/headlines.txt (ENOENT)');
  });
});
