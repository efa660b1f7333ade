import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection of the calling thread's heap, for a worker whose JS objects hold native
 * memory V8 cannot see (resvg's parsed tree and pixmap, about 1.7 MB a render, freed only when
 * their wrappers are collected). Without it such a worker, allocating almost nothing on the JS
 * heap, collects once every hundred renders or so, and the memory freed then stays resident.
 *
 * `gc` is exposed only to contexts created while --expose-gc is set, so the flag is set for one
 * new context and cleared again (jest's leak detector does the same), unless the process was
 * started with it, when the global is already there.
 */
export function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
