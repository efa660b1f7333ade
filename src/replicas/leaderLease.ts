/**
 * The leader lease of replicas sharing one PostgreSQL store: one row the database arbitrates, with a
 * fencing token that grows by one at every takeover. Times are the database's own (`now()`), so the
 * replicas' clocks never have to agree. The store refuses every write that does not carry the
 * current token (src/store/postgres), so a paused old leader's late writes are refused.
 */
import pg from 'pg';
import { LEADER_LEASE_TABLE } from '../store/postgres/schema.js';

/** The lease as one replica last read it. */
export interface LeaseFacts {
  /** The replica holding an unexpired lease, or null when nobody does. */
  readonly holder: string | null;
  readonly token: number;
  /** Seconds since the holder took the lease (by the database's clock), null when nobody holds it. */
  readonly ageSeconds: number | null;
}

export interface LeaderLease {
  /** Takes the lease when it is free or expired; its fencing token, or null when another replica holds it. */
  tryAcquire(): Promise<number | null>;
  /** Extends the lease held with token; false when it was lost (expired and taken, or released). */
  renew(token: number): Promise<boolean>;
  /** Ends the lease at once so a follower takes over without waiting for it to expire. */
  release(token: number): Promise<void>;
  read(): Promise<LeaseFacts>;
  close(): Promise<void>;
}

export interface LeaseOptions {
  readonly url: string;
  readonly replicaId: string;
  readonly ttlSeconds: number;
  /** A lease query that takes longer than this fails (a hung network must not stall the leader's checks). */
  readonly queryTimeoutMs: number;
}

/** Both replicas may start at once: the advisory lock keeps two CREATE TABLEs from racing on the catalog. */
const CREATE = `
  SELECT pg_advisory_xact_lock(8675309);
  ${LEADER_LEASE_TABLE}
  INSERT INTO leader_lease (id, holder, token, expires_at) VALUES (1, '', 0, to_timestamp(0))
    ON CONFLICT (id) DO NOTHING;`;

const ACQUIRE = `
  UPDATE leader_lease
     SET holder = $1, token = token + 1, acquired_at = now(), renewed_at = now(),
         expires_at = now() + make_interval(secs => $2)
   WHERE id = 1 AND expires_at <= now()
  RETURNING token`;

const RENEW = `
  UPDATE leader_lease SET renewed_at = now(), expires_at = now() + make_interval(secs => $3)
   WHERE id = 1 AND holder = $1 AND token = $2 AND expires_at > now()
  RETURNING token`;

const RELEASE = `UPDATE leader_lease SET holder = '', expires_at = now() WHERE id = 1 AND holder = $1 AND token = $2`;

const READ = `
  SELECT CASE WHEN expires_at > now() THEN holder END AS holder, token,
         CASE WHEN expires_at > now() THEN EXTRACT(EPOCH FROM now() - acquired_at) END AS age
    FROM leader_lease WHERE id = 1`;

/** The lease over its own connection: the store's connection may be busy or blocked in a long write. */
export async function openLeaderLease(options: LeaseOptions): Promise<LeaderLease> {
  const client = new pg.Client({
    connectionString: options.url,
    query_timeout: options.queryTimeoutMs,
    connectionTimeoutMillis: options.queryTimeoutMs,
  });
  // A dropped connection surfaces at the next query as a rejection; without a listener it would crash.
  client.on('error', () => undefined);
  await client.connect();
  await client.query(`BEGIN; ${CREATE} COMMIT;`);
  const { replicaId, ttlSeconds } = options;
  return {
    tryAcquire: async () => {
      const result = await client.query<{ token: string }>(ACQUIRE, [replicaId, ttlSeconds]);
      const row = result.rows[0];
      return row === undefined ? null : Number(row.token);
    },
    renew: async (token) => {
      const result = await client.query(RENEW, [replicaId, token, ttlSeconds]);
      return result.rowCount === 1;
    },
    release: async (token) => {
      await client.query(RELEASE, [replicaId, token]);
    },
    read: async () => {
      const result = await client.query<{ holder: string | null; token: string; age: string | null }>(READ);
      const row = result.rows[0];
      if (row === undefined) return { holder: null, token: 0, ageSeconds: null };
      return {
        holder: row.holder === '' ? null : row.holder,
        token: Number(row.token),
        ageSeconds: row.age === null ? null : Number(row.age),
      };
    },
    close: () => client.end(),
  };
}
