/**
 * `npm run bench [-- --only replay,memory] [-- <flags>]`: every benchmark in its own process (so
 * one's heap and event loop cannot colour another's figures), printed together as one JSON object.
 * Each runs as compiled JavaScript (see compileGraph.ts) unless `--tsx` is given, with
 * `--expose-gc` (and the memory bench with the node options of `npm start`); every flag but `--only` and `--tsx` is passed to every benchmark (each reads its own).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
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

function runBench(name: string, flags: readonly string[], viaTsx: boolean): unknown {
  const file = BENCHES[name] ?? '';
  const compiled = viaTsx ? null : compileGraph(file, process.cwd());
  const entry = compiled ? [compiled.entry] : ['--import', 'tsx', file];
  const nodeFlags = AS_SHIPPED.has(name) ? shippedNodeFlags() : [];
  try {
    const stdout = execFileSync(process.execPath, ['--expose-gc', ...nodeFlags, ...entry, ...flags], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as unknown;
  } finally {
    if (compiled) rmSync(compiled.outRoot, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const only = listFlag(args, '--only');
const viaTsx = args.includes('--tsx');
const onlyAt = args.indexOf('--only');
const flags = args.filter((arg, i) => arg !== '--tsx' && (onlyAt < 0 || (i !== onlyAt && i !== onlyAt + 1)));
const unknown = (only ?? []).filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(1);
}
const results: Record<string, unknown> = {};
for (const name of Object.keys(BENCHES)) {
  if (only === null || only.includes(name)) results[name] = runBench(name, flags, viaTsx);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
