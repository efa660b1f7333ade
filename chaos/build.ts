import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT_ENTRY = 'dist/main.js';
/** A build takes about 20 s on two cores; a hung one must not eat the 5-minute budget. */
const BUILD_TIMEOUT_MS = 90_000;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtMtimeMs(): number | null {
  try {
    return statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The chaos run measures the built bot, so a dist/ older than src/ would measure old code: it is
 * rebuilt with `npm run build` (the Dockerfile's build) first. Returns whether a build ran.
 */
export function ensureBuilt(): boolean {
  const built = builtMtimeMs();
  if (built !== null && built >= newestMtimeMs('src')) return false;
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: BUILD_TIMEOUT_MS,
  });
  if (result.status !== 0) {
    throw new Error('chaos: `npm run build` failed (see above); fix the compile errors and run again');
  }
  return true;
}
