import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/openStore.js';
import { escapeRegExp as escape, useTempStores } from './tempStore.js';

const { dbPath, open } = useTempStores();

function withDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('migrate', () => {
  it('has one schema version per migration', () => {
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
  });

  it('runs every migration on a fresh database and none on the second run', () => {
    const path = dbPath();
    expect(withDb(path, migrate)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(withDb(path, migrate)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it('keeps data when the store is reopened', () => {
    const path = dbPath();
    open(path).appendBars('HSI', [{ time: 1, price: 10 }]);
    const reopened = open(path);
    expect(reopened.recentBars('HSI', 0)).toEqual([{ time: 1, price: 10 }]);
    expect(withDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
  });

  it('creates the tables and indexes the store relies on', () => {
    const path = dbPath();
    withDb(path, migrate);
    const names = withDb(path, (db) =>
      db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all()
        .map((r) => r.name),
    );
    expect(names).toEqual([
      'alerts',
      'alerts_session',
      'alerts_time',
      'bars',
      'instrument_state',
      'news_events',
      'news_events_time',
      'outbox',
      'outbox_pending',
      'reaction_reports',
      'silences',
      'threshold_audit',
      'threshold_audit_symbol',
    ]);
  });

  it('refuses a database created by a newer version, naming the file', () => {
    const path = dbPath();
    withDb(path, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    expect(() => openStore(path)).toThrow(
      new RegExp(
        `${escape(path)} was created by a newer version of the bot \\(schema ${SCHEMA_VERSION + 1}, this build knows up to ${SCHEMA_VERSION}\\)`,
      ),
    );
    // Refusing must not have changed anything.
    expect(withDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION + 1);
  });
});
