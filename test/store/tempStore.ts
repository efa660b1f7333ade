import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';

/** Gives each test a fresh folder under the OS temp dir; stores opened through it are closed and the folder removed after the test. */
export function useTempStores(): { dbPath: (name?: string) => string; open: (path: string) => Store } {
  const dirs: string[] = [];
  const opened: Store[] = [];
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dbPath: (name = 'state.db') => {
      const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
      dirs.push(dir);
      return join(dir, name);
    },
    open: (path) => {
      const store = openStore(path);
      opened.push(store);
      return store;
    },
  };
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
