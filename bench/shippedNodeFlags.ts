import { readFileSync } from 'node:fs';

/** The entry the live bot runs, in `npm start` and the Docker image. */
export const BOT_ENTRY = 'dist/main.js';

/**
 * The node options `npm start` runs the bot with (`node <options> dist/main.js` in package.json),
 * which the Docker image's CMD repeats (test/docker/startCommand.test.ts): the memory bench runs
 * the bot's process with them, so it measures the process as shipped.
 */
export function shippedNodeFlags(packageJson = 'package.json'): string[] {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== BOT_ENTRY) {
    throw new Error(
      `package.json's start script is not "node [options] ${BOT_ENTRY}": ${pkg.scripts?.start}`,
    );
  }
  return words.slice(1, -1);
}
