import { readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// ESLint applies the domain's rules by path alone; no file needs to exist there.
const PROBE_PATH = 'src/domain/rules/purityProbe.ts';
const OUTSIDE_PATH = 'src/scheduler/purityProbe.ts';
const PURITY_RULES = new Set([
  'layers/domain-imports',
  'no-restricted-properties',
  'no-restricted-globals',
  'no-restricted-syntax',
]);

// The repo's real config, but only the purity rules: they need no type information, so the
// TypeScript project service (seconds per probe) is switched off for the probes.
const eslint = new ESLint({
  cwd: process.cwd(),
  ruleFilter: ({ ruleId }) => PURITY_RULES.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

/** The purity violations ESLint reports for `code` as if it were a domain file, one per line number. */
async function purityViolations(code: string, filePath = PROBE_PATH): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal === true);
  if (fatal) throw new Error(`the probe did not parse: ${fatal.message}`);
  return messages.filter((m) => m.ruleId !== null && PURITY_RULES.has(m.ruleId)).map((m) => m.line);
}

const IO_IMPORTS = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'dgram',
  'node:dgram',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'timers',
  'node:timers',
  'node:timers/promises',
  'perf_hooks',
  'node:perf_hooks',
  'axios',
  'discord.js',
  'better-sqlite3',
  'pino',
  'ws',
  'node-cron',
  'path',
  'node:path',
  'node:crypto',
  'events',
  'prom-client',
  // Pure, but not on the domain's list: a package joins the core on purpose, by name.
  'yaml',
  'technicalindicators',
  '../../config/config.js',
  '../../presentation/alertText.js',
  '../../store/openStore.js',
  '../../log.js',
  // A sibling folder whose name starts like the domain's is still outside it.
  '../../domainNotes/x.js',
  '../../../package.json',
];

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** The first TypeScript file of a src folder, by name, at any depth; null when it has none. */
function firstFileOf(folder: string): string | null {
  const names = readdirSync(`${SRC}/${folder}`, { recursive: true, encoding: 'utf8' });
  const first = names.filter((name) => name.endsWith('.ts')).sort()[0];
  return first === undefined ? null : `${folder}/${first.split(sep).join('/')}`;
}

/**
 * What a probe at the top of src/domain imports: one file of every other src folder and every root file
 * of src, read from the file system so a new folder is covered the day it appears, then a built-in by
 * both names, another built-in and an I/O package.
 */
function probeTargets(): { folders: string[]; targets: string[] } {
  const entries = readdirSync(SRC, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && entry.name !== 'domain')
    .map((entry) => entry.name);
  const folderFiles = folders.map((folder) => firstFileOf(folder) ?? `${folder}/(no .ts file)`);
  const rootFiles = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => entry.name);
  const relative = [...folderFiles, ...rootFiles].map((file) => `../${file.replace(/\.ts$/, '.js')}`);
  return { folders, targets: [...relative, 'node:fs', 'fs', 'path', 'axios'] };
}

/** Each way a file can name a module, type-only ones included; `i` keeps the names apart. */
const IMPORT_FORMS: [string, (target: string, i: number) => string][] = [
  ['import * as', (target, i) => `import * as m${i} from '${target}';`],
  ['import type', (target, i) => `import type * as t${i} from '${target}';`],
  ['inline type specifier', (target, i) => `import { type T as T${i} } from '${target}';`],
  ['export * from', (target) => `export * from '${target}';`],
  ['export type from', (target, i) => `export type { T as E${i} } from '${target}';`],
  ['import() type', (target, i) => `export type Q${i} = import('${target}').T;`],
  ['side-effect import', (target) => `import '${target}';`],
  ['import = require', (target, i) => `import r${i} = require('${target}');`],
];

const CLOCK_READS = [
  'export const a = Date.now();',
  'export const b = new Date();',
  'export const c = Date();',
  'export const d = performance.now();',
  'export const e = process.hrtime.bigint();',
  'export const f = process.hrtime();',
  'setTimeout(() => undefined, 1);',
  'setInterval(() => undefined, 1);',
  'export const g = globalThis.setTimeout;',
  "export const h = import('node:fs');",
];

describe('domain purity lint', () => {
  // Loading the config and its plugins takes seconds on a busy machine; pay it once, outside the cases.
  beforeAll(async () => {
    await purityViolations('export {};\n');
  }, 60_000);

  it.each(IO_IMPORTS)('GIVEN a domain file importing %s THEN ESLint reports it', async (module) => {
    expect(await purityViolations(`import * as m from '${module}';\nexport const x = m;\n`)).toEqual([1]);
  });

  it.each(CLOCK_READS)('GIVEN a domain file with `%s` THEN ESLint reports it', async (line) => {
    expect((await purityViolations(`${line}\n`)).length).toBeGreaterThan(0);
  });

  it('GIVEN a domain file that takes the time as a parameter and imports zod THEN no purity violation', async () => {
    const clean = [
      "import { z } from 'zod';",
      'export const at = z.number();',
      'export function dayOf(now: number): string {',
      '  return new Date(now).toISOString().slice(0, 10);',
      '}',
      '',
    ].join('\n');
    expect(await purityViolations(clean)).toEqual([]);
  });

  it('GIVEN a file under domain/news importing config THEN it is reported like any domain file', async () => {
    const code = "import type { Config } from '../../config/config.js';\nexport type C = Config;\n";
    expect(await purityViolations(code, 'src/domain/news/purityProbe.ts')).toEqual([1]);
  });

  it.each(IMPORT_FORMS)(
    'GIVEN a probe in src/domain that imports every other src folder, every root file, built-ins and axios by `%s` THEN every line is flagged',
    async (_form, write) => {
      const { folders, targets } = probeTargets();
      expect(folders.length).toBeGreaterThan(10);
      expect(targets.filter((target) => target.includes('(no .ts file)'))).toEqual([]);
      const probe = `${targets.map(write).join('\n')}\n`;
      const flagged = await purityViolations(probe, 'src/domain/layerProbe.ts');
      const unflagged = targets.filter((_target, i) => !flagged.includes(i + 1));
      expect(unflagged).toEqual([]);
      expect(flagged).toEqual(targets.map((_target, i) => i + 1));
    },
  );

  it('GIVEN domain files importing the domain at any depth and the named pure packages THEN nothing is flagged', async () => {
    const code = [
      "import type { Alert } from '../alert.js';",
      "import { screenSeries } from '../priceScreen.js';",
      "export * from './index.js';",
      "export type { Quote } from '../../domain/quote.js';",
      "export type R = import('../stats/rollingStdDev.js').RollingStdDev;",
      "import { z } from 'zod';",
      "import Holidays from 'date-holidays';",
      "import winkNLP from 'wink-nlp';",
      "import model from 'wink-eng-lite-web-model';",
      'export const used = [screenSeries, z, Holidays, winkNLP, model];',
      'export type A = Alert;',
      '',
    ].join('\n');
    expect(await purityViolations(code, 'src/domain/rules/importProbe.ts')).toEqual([]);
  });

  it('GIVEN the same clock read outside the domain THEN it is allowed', async () => {
    expect(await purityViolations('export const a = Date.now();\n', OUTSIDE_PATH)).toEqual([]);
  });
});
