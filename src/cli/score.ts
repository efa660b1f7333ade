import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { scoreHeadline } from '../domain/news/score.js';

const USAGE = 'usage: npm run score -- <file of headlines, one per line> [--config <file>] [--json]';

/** Scores headlines under the current terms, so terms can be tuned against hand-labelled headlines. */
function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        config: { type: 'string', default: process.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch (err) {
    process.stderr.write(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
    return 1;
  }
  let news;
  try {
    news = loadConfigFile(parsed.values.config).news;
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 1;
  }
  for (const headline of lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const s = scoreHeadline(headline, news);
    const out = parsed.values.json
      ? JSON.stringify({
          headline,
          score: s.score,
          matched: s.matched,
          bothSides: s.bothSides,
          relevant: s.relevant,
        })
      : `${s.relevant ? 'RELEVANT' : 'ignored '}  ${String(s.score).padStart(3)}  ${headline}\n          matched: ${s.matched.join(', ') || 'none'}${s.bothSides ? ' + both sides' : ''}`;
    process.stdout.write(`${out}\n`);
  }
  return 0;
}

process.exitCode = main();
