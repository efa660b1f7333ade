import { inject } from 'vitest';
import { createDatabase } from './embeddedPostgres.js';

let databases = 0;

/** A new database on the run's test server (test/support/postgresGlobalSetup.ts); returns its URL. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `${prefix}_${process.pid}_${++databases}`;
  await createDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
