/**
 * `npm run bench [-- --only replay,memory] [-- <flags>]`: every benchmark in its own process (so
 * one's heap and event loop cannot colour another's figures), printed together as one JSON object.
 * Each runs as compiled JavaScript (see compileGraph.ts) unless `--tsx` is given, with
 * `--expose-gc` (and the memory bench with the node options of `npm start`); every flag but `--only`,
 * `--tsx` and `--profile` is passed to every benchmark (each reads its own). `--profile <dir>` writes
 * each benchmark's CPU profile (node --cpu-prof) there.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileGraph } from './compileGraph.js';
import { shippedNodeFlags } from './shippedNodeFlags.js';

/** One line per benchmark: its name in the JSON and its file. */
const BENCHES: Record<string, string> = {
  replay: 'bench/replayThroughput.ts',
  memory: 'bench/memory.ts',
  news: 'bench/newsIngest.ts',
  delivery: 'bench/deliveryLatency.ts',
  quotes500: 'bench/quotes500.ts',
  stream: 'bench/streamLatency.ts',
  streamFlood: 'bench/streamFlood.ts',
};

/** Benchmarks of the bot's own process: run with the node options `npm start` gives it. */
const AS_SHIPPED = new Set(['memory']);

function listFlag(args: readonly string[], name: string): string[] | null {
  const at = args.indexOf(name);
  return at < 0 ? null : (args[at + 1] ?? '').split(',').filter(Boolean);
}

function runBench(
  name: string,
  flags: readonly string[],
  viaTsx: boolean,
  profileDir: string | null,
): unknown {
  const file = BENCHES[name] ?? '';
  const compiled = viaTsx ? null : compileGraph(file, process.cwd());
  const entry = compiled ? [compiled.entry] : ['--import', 'tsx', file];
  const nodeFlags = AS_SHIPPED.has(name) ? shippedNodeFlags() : [];
  const profile = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  try {
    const stdout = execFileSync(
      process.execPath,
      ['--expose-gc', ...nodeFlags, ...profile, ...entry, ...flags],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as unknown;
  } finally {
    if (compiled) rmSync(compiled.outRoot, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const only = listFlag(args, '--only');
const viaTsx = args.includes('--tsx');
/** The places of a flag and of its value, when given. */
const flagAt = (name: string) => {
  const at = args.indexOf(name);
  return at < 0 ? [] : [at, at + 1];
};
const taken = new Set([...flagAt('--only'), ...flagAt('--profile')]);
const profileAt = args.indexOf('--profile');
const profileDir = profileAt < 0 ? null : resolve(args[profileAt + 1] ?? '.');
const flags = args.filter((arg, i) => arg !== '--tsx' && !taken.has(i));
const unknown = (only ?? []).filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(1);
}
const results: Record<string, unknown> = {};
for (const name of Object.keys(BENCHES)) {
  if (only === null || only.includes(name)) results[name] = runBench(name, flags, viaTsx, profileDir);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
