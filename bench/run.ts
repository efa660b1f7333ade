/**
 * `npm run bench`: every benchmark in its own process (so one's heap and event loop cannot colour
 * another's figures), printed together as one JSON object.
 */
import { execFileSync } from 'node:child_process';

const BENCHES = { replay: 'bench/replayThroughput.ts', news: 'bench/newsIngest.ts' } as const;

const results: Record<string, unknown> = {};
for (const [name, file] of Object.entries(BENCHES)) {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  results[name] = JSON.parse(stdout) as unknown;
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
