import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// ESLint applies the domain's rules by path alone; no file needs to exist there.
const PROBE_PATH = 'src/domain/rules/purityProbe.ts';
const OUTSIDE_PATH = 'src/scheduler/purityProbe.ts';
const PURITY_RULES = new Set([
  'no-restricted-imports',
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
  '../../config/config.js',
  '../../presentation/alertText.js',
  '../../store/openStore.js',
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

  it('GIVEN the same clock read outside the domain THEN it is allowed', async () => {
    expect(await purityViolations('export const a = Date.now();\n', OUTSIDE_PATH)).toEqual([]);
  });
});
