import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreCli } from '../../src/cli/scoreCli.js';
import type { LabelEvaluation } from '../../src/domain/news/evaluate.js';
import type { IdentityEvaluation } from '../../src/domain/news/evaluateIdentity.js';
import { captureIo } from '../support/cliIo.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('score-');

function run(args: string[]) {
  const captured = captureIo();
  const code = scoreCli([...args, '--config', 'config/bot.yaml'], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('npm run score -- <file>', () => {
  it('GIVEN a file of headlines THEN each one is read with its verdict and reasons, comments skipped', () => {
    const file = join(tempDir(), 'headlines.txt');
    writeFileSync(
      file,
      '# labelled by hand\nChina accuses US of "serious" trade truce breach\n\nHong Kong weather: hot\n',
    );
    const { code, stdout } = run([file, '--json']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      headline: 'China accuses US of "serious" trade truce breach',
      relevant: true,
      actor: 'CN',
      target: 'US',
      action: { lemma: 'accuse', polarity: 'escalate' },
      parties: ['CN', 'US'],
    });
    expect(rows[0]?.reasons).toEqual(expect.arrayContaining(['party CN ("China")', 'both sides +2']));
    expect(rows[1]).toMatchObject({ headline: 'Hong Kong weather: hot', relevant: false, score: 0 });
  });

  it('GIVEN text output THEN the verdict, score and reasons are on two lines', () => {
    const file = join(tempDir(), 'one.txt');
    writeFileSync(file, 'Beijing bans gallium exports to Washington\n');
    const { stdout } = run([file]);
    expect(stdout).toMatch(
      /^RELEVANT\s+\d+ {2}Beijing bans gallium exports to Washington\n {10}.*critical-minerals/,
    );
  });

  it('GIVEN a missing file THEN a clear error', () => {
    const { code, stderr } = run(['/nonexistent/headlines.txt']);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read /nonexistent/headlines.txt (ENOENT)');
  });
});

describe('npm run score -- --labels <tsv>', () => {
  it('GIVEN a small labelled file THEN precision, recall, F1, counts and the confusion list', () => {
    const file = join(tempDir(), 'labels.tsv');
    writeFileSync(
      file,
      [
        '1\tUS raises tariffs on Chinese goods to 125%',
        '1\tJapan launches lunar probe',
        '0\tTrade Desk shares plunge on weak outlook',
        '0\tChina imposes 84% tariffs on US goods',
      ].join('\n'),
    );
    const { code, stdout } = run(['--labels', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('precision 0.500  recall 0.500  F1 0.500');
    expect(stdout).toContain('tp 1  fp 1  fn 1  tn 1  (4 headlines, 2 labelled relevant)');
    expect(stdout).toMatch(
      /false positives \(1\):\n\s+\d+ {2}China imposes 84% tariffs on US goods\n\s+tariffs \+4/,
    );
    expect(stdout).toMatch(/false negatives \(1\):\n\s+\d+ {2}Japan launches lunar probe/);
  });

  it('GIVEN a header line "label<TAB>headline" first THEN it is skipped; the same line later is an error', () => {
    const file = join(tempDir(), 'header.tsv');
    writeFileSync(
      file,
      'label\theadline\r\n1\tUS raises tariffs on Chinese goods to 125%\r\n0\tJapan launches lunar probe\r\n',
    );
    const { code, stdout } = run(['--labels', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('(2 headlines, 1 labelled relevant)');
    writeFileSync(file, '1\tUS raises tariffs on Chinese goods to 125%\nlabel\theadline\n');
    const later = run(['--labels', file]);
    expect(later.code).toBe(1);
    expect(later.stderr).toContain('header.tsv line 2: expected');
  });

  it('GIVEN a malformed line THEN it is named and nothing is scored', () => {
    const file = join(tempDir(), 'bad.tsv');
    writeFileSync(file, '1\tfine headline\nyes  not a label\n');
    const { code, stderr, stdout } = run(['--labels', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('bad.tsv line 2: expected "1<TAB>headline" or "0<TAB>headline"');
    expect(stdout).toBe('');
  });

  it.each([
    ['test/fixtures/news/fresh-b.tsv', 80],
    ['test/fixtures/news/fresh-c.tsv', 80],
    ['test/fixtures/news/fresh-d.tsv', 71],
  ])('GIVEN the held-out batch %s THEN precision >= 0.97 and recall >= 0.95', (file, headlines) => {
    const { code, stdout } = run(['--labels', file, '--json']);
    expect(code).toBe(0);
    const e = JSON.parse(stdout) as LabelEvaluation;
    expect(e.counts.tp + e.counts.fp + e.counts.fn + e.counts.tn).toBe(headlines);
    expect(e.precision).toBeGreaterThanOrEqual(0.97);
    expect(e.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('GIVEN the held-out test half of the corpus THEN precision >= 0.95 and recall >= 0.90', () => {
    const { code, stdout } = run(['--labels', 'data/news/labels/test.tsv', '--json']);
    expect(code).toBe(0);
    const e = JSON.parse(stdout) as LabelEvaluation;
    expect(e.counts.tp + e.counts.fp + e.counts.fn + e.counts.tn).toBeGreaterThanOrEqual(160);
    expect(e.precision).toBeGreaterThanOrEqual(0.95);
    expect(e.recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('npm run score -- --identity <tsv>', () => {
  it('GIVEN story-identity cases THEN the count told right and each miss with both identities', () => {
    const file = join(tempDir(), 'identity.tsv');
    writeFileSync(
      file,
      '# cases\nsame\tUS raises tariffs on China - Reuters\tUPDATE 1-US raises tariffs on China\n' +
        'same\tUS threatens tariffs on Japanese cars\tUS imposes tariffs on Japanese cars\n',
    );
    const { code, stdout } = run(['--identity', file, '--json']);
    expect(code).toBe(0);
    const e = JSON.parse(stdout) as IdentityEvaluation;
    expect([e.right, e.total]).toEqual([1, 2]);
    expect(e.misses).toHaveLength(1);
    expect(e.misses[0]).toMatchObject({ verdict: 'same', match: 0 });
    expect(e.misses[0]?.identities.map((i) => i.mode)).toEqual(['plan', 'act']);
    expect(run(['--identity', file]).stdout).toMatch(
      /^right 1\/2\nmisjudged \(1\):\n {2}same, read different/,
    );
  });

  it('GIVEN a malformed case line THEN it is named and nothing is scored', () => {
    const file = join(tempDir(), 'bad-identity.tsv');
    writeFileSync(file, 'same\tonly one headline\n');
    const { code, stderr, stdout } = run(['--identity', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('bad-identity.tsv line 1: expected "same|different<TAB>headline<TAB>headline"');
    expect(stdout).toBe('');
  });
});
