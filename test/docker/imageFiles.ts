/**
 * Reads the repository's Docker files as Docker and Compose would, so the tests check the files
 * that ship rather than copies of their contents. No Docker engine runs on the test machines.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, ENV, HEALTHCHECK… */
  readonly keyword: string;
  /** The rest of the instruction, continuation lines joined. */
  readonly args: string;
}

/** The Dockerfile's instructions in order, comments dropped and `\` continuations joined. */
export function dockerfileInstructions(path = 'Dockerfile'): Instruction[] {
  const logical = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const keyword = line.split(/\s+/, 1)[0] ?? '';
      return { keyword: keyword.toUpperCase(), args: line.slice(keyword.length).trim() };
    });
}

/** The instructions of the last stage: what the running image is built from. */
export function finalStage(instructions: readonly Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

/** The variables a stage's ENV instructions set (`ENV A=1 B=2` form). */
export function envOf(stage: readonly Instruction[]): Record<string, string> {
  const pairs = stage
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => i.args.split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]);
  return Object.fromEntries(pairs);
}

/** The exec-form command of the HEALTHCHECK instruction, e.g. ['node', '-e', '…']. */
export function healthcheckCommand(stage: readonly Instruction[]): string[] {
  const healthcheck = stage.find((i) => i.keyword === 'HEALTHCHECK');
  const cmd = healthcheck?.args.match(/\bCMD\s+(\[.*\])$/)?.[1];
  if (cmd === undefined) throw new Error('no exec-form HEALTHCHECK CMD in the final stage');
  return JSON.parse(cmd) as string[];
}

/** Every variable .env.example names, set or commented out (`# NAME=` or `NAME=`). */
export function envExampleNames(path = '.env.example'): Set<string> {
  const names = readFileSync(path, 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm);
  return new Set([...names].map((m) => m[1] as string));
}

/** A YAML file's data; callers cast it to the shape they read, and their tests assert that shape. */
export function readYaml(path: string): unknown {
  // Compose reads YAML merge keys (`<<: *anchor`), so these tests do too.
  return parse(readFileSync(path, 'utf8'), { merge: true });
}
