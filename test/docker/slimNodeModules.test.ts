import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_FILES } from '../../src/discord/chart/render.js';
import { useTempDirs } from '../support/tempDirs.js';
import { dockerfileInstructions } from './imageFiles.js';

const SCRIPT = 'deploy/slim-node-modules.sh';
/** The slimmed packages, and what better-sqlite3 needs beside itself to load. */
const PACKAGES = [
  'better-sqlite3',
  'bindings',
  'file-uri-to-path',
  'dejavu-fonts-ttf',
  '@expo-google-fonts/noto-sans-sc',
];
const tempDir = useTempDirs('mrb-slim-');

function run(file: string, args: string[], cwd?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

/** A node_modules folder holding copies of the packages the script slims. */
function copiedNodeModules(): string {
  const modules = join(tempDir(), 'node_modules');
  for (const pkg of PACKAGES) cpSync(join('node_modules', pkg), join(modules, pkg), { recursive: true });
  return modules;
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Where a file of the repository's node_modules lies in the copy `modules`. FONT_FILES come from
 * require.resolve, which resolves links, and a worktree's node_modules may link to another checkout's.
 */
const copyOf = (modules: string, file: string) => join(modules, relative(realpathSync('node_modules'), file));

/** The chart fonts as they lie in `modules`. */
const fontsIn = (modules: string) => Object.values(FONT_FILES).map((file) => copyOf(modules, file));

describe('deploy/slim-node-modules.sh, as the Dockerfile runs it', () => {
  it('GIVEN the installed packages THEN better-sqlite3 still opens a WAL database and the chart fonts are all that is left', async () => {
    const modules = copiedNodeModules();
    const slim = await run('sh', [SCRIPT, modules, ...fontsIn(modules)]);
    expect(slim.stderr).toBe('');
    expect(slim.stdout).toMatch(/^slimmed better-sqlite3: \d+ kB -> \d+ kB$/m);

    expect(filesUnder(join(modules, 'better-sqlite3')).filter((f) => !f.startsWith('lib/'))).toEqual([
      'LICENSE',
      'build/Release/better_sqlite3.node',
      'package.json',
    ]);
    const sql =
      "const D = require('better-sqlite3'); const db = new D('state.db'); console.log(db.pragma('journal_mode = WAL', { simple: true }), db.prepare('select 6 * 7 as x').get().x)";
    const loaded = await run('node', ['-e', sql], join(modules, '..'));
    expect([loaded.code, loaded.stdout.trim()]).toEqual([0, 'wal 42']);

    expect(filesUnder(join(modules, 'dejavu-fonts-ttf'))).toEqual([
      'LICENSE',
      'package.json',
      'ttf/DejaVuSans-Bold.ttf',
      'ttf/DejaVuSans.ttf',
    ]);
    expect(filesUnder(join(modules, '@expo-google-fonts/noto-sans-sc'))).toEqual([
      '400Regular/NotoSansSC_400Regular.ttf',
      'LICENSE',
      'LICENSE_FONT',
      'package.json',
    ]);
    for (const font of Object.values(FONT_FILES)) {
      expect(readFileSync(copyOf(modules, font)).equals(readFileSync(font))).toBe(true);
    }
  }, 60_000);

  it.each([
    ['no font files', [], /^usage: sh deploy\/slim-node-modules\.sh/],
    [
      'a font outside both font packages',
      ['/usr/share/fonts/x.ttf'],
      /^\/usr\/share\/fonts\/x\.ttf lies in neither font package/,
    ],
  ])(
    'GIVEN %s THEN it stops with one line and deletes nothing',
    async (_label, fonts, message) => {
      const modules = copiedNodeModules();
      const before = filesUnder(modules);
      const slim = await run('sh', [SCRIPT, modules, ...fonts]);
      expect(slim.code).toBe(1);
      expect(slim.stderr).toMatch(message);
      expect(slim.stderr.trim().split('\n')).toHaveLength(1);
      expect(filesUnder(modules)).toEqual(before);
    },
    60_000,
  );

  it('GIVEN the Dockerfile THEN its build stage runs the script after the prune, with the fonts the build exports', () => {
    const run = dockerfileInstructions().find((i) => i.keyword === 'RUN' && i.args.includes(SCRIPT));
    expect(run?.args).toMatch(
      /npm prune --omit=dev\s+&& sh deploy\/slim-node-modules\.sh node_modules \$\(node /,
    );
    expect(run?.args).toContain("await import('./dist/discord/chart/render.js')");
    expect(run?.args).toContain('Object.values(FONT_FILES)');
  });
});
