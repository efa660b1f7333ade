import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/** What a caller may hand its worker: data (ports and shared memory among it) and what to transfer. */
export type ModuleWorkerOptions = Pick<WorkerOptions, 'workerData' | 'transferList'>;

/**
 * Under tsx or vitest the worker is a .ts file, which plain node cannot load. `--import tsx` in the
 * worker's execArgv does not help on Node 20 (hooks registered inside a worker do not apply to its
 * entry module), so a small eval'd bootstrap loads the worker through tsx's tsImport instead.
 */
function startTsWorker(file: URL, options: ModuleWorkerOptions): Worker {
  // tsx/esm/api's ESM build (its `import` export) sits beside the CommonJS one require resolves.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  );
  const [api, entry] = [tsxApi.href, file.href].map((u) => JSON.stringify(u)) as [string, string];
  const bootstrap = `import(${api}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Starts the worker module `name` (without extension) beside the caller's module `callerUrl`
 * (its import.meta.url): the compiled .js in a build, the .ts source under tsx or vitest.
 */
export function startModuleWorker(
  callerUrl: string,
  name: string,
  options: ModuleWorkerOptions = {},
): Worker {
  const fromTs = callerUrl.endsWith('.ts');
  const file = new URL(`./${name}${fromTs ? '.ts' : '.js'}`, callerUrl);
  return fromTs ? startTsWorker(file, options) : new Worker(file, options);
}
