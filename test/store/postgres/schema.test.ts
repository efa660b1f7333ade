import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/migrations.js';
import { useStores } from '../tempStore.js';

const { fresh, location } = useStores('postgres');

const clients: pg.Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
});

/** Columns the PostgreSQL schema adds on purpose: insertion order for `ORDER BY rowid`, and the lease. */
const POSTGRES_ONLY = [
  'alerts.rowid',
  'reaction_reports.rowid',
  'schema_version.id',
  'schema_version.version',
];
const LEASE = [
  'leader_lease.expires_at',
  'leader_lease.holder',
  'leader_lease.id',
  'leader_lease.renewed_at',
  'leader_lease.token',
];

function sqliteColumns(): string[] {
  const db = new Database(':memory:');
  try {
    migrate(db);
    return db
      .prepare<[], { column: string }>(
        `SELECT t.name || '.' || c.name AS column FROM sqlite_schema t, pragma_table_info(t.name) c
         WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'`,
      )
      .all()
      .map((r) => r.column)
      .sort();
  } finally {
    db.close();
  }
}

describe('the PostgreSQL schema', () => {
  it('GIVEN both adapters migrated THEN PostgreSQL has every table and column of SQLite newest schema, plus only its own on purpose', async () => {
    fresh();
    const client = new pg.Client({ connectionString: location() });
    clients.push(client);
    await client.connect();
    const { rows } = await client.query<{ column: string }>(
      `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
       WHERE table_schema = current_schema()`,
    );
    const postgres = rows.map((r) => r.column).sort();
    expect(postgres).toEqual([...sqliteColumns(), ...POSTGRES_ONLY, ...LEASE].sort());
  });
});
