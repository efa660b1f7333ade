/**
 * One PostgreSQL server for the whole vitest run (started once, not per test file): each file that
 * needs one creates its own database on it (test/store/tempStore.ts), so `npm test` needs nothing
 * installed and pays the server's start once. It starts in the background: a run that needs no
 * database does not wait for it, and one that does waits only in its first CREATE DATABASE.
 */
import type { TestProject } from 'vitest/node';
import { launchEmbeddedPostgres } from './embeddedPostgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the test server's `postgres` database, for creating each file's own database. */
    postgresAdminUrl: string;
  }
}

export default async function startTestPostgres(project: TestProject): Promise<() => Promise<void>> {
  const server = await launchEmbeddedPostgres();
  server.ready.catch((err: unknown) => {
    process.stderr.write(
      `the tests' PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  });
  project.provide('postgresAdminUrl', server.url('postgres'));
  return () => server.stop();
}
