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
      'close_watch',
      'dead_letters',
      'dead_letters_at',
      'dead_letters_report',
      'instrument_state',
      'news_event_items',
      'news_events',
      'news_events_time',
      'news_seen',
      'news_seen_at',
      'outbox',
      'outbox_pending',
      'outbox_report_edits',
      'outbox_report_post',
      'outbox_sent_at',
      'outbox_target_pending',
      'personal_alerts',
      'personal_alerts_member',
      'personal_alerts_symbol',
      'reaction_reports',
      'silences',
      'threshold_audit',
      'threshold_audit_symbol',
      'threshold_overrides',
      'wraps_posted',
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

describe('dead-letter migration', () => {
  it('GIVEN outbox rows given up on before dead letters existed THEN they become dead letters', () => {
    const path = dbPath();
    const before = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE dead_letters'));
    expect(before).toBeGreaterThan(0);
    withDb(path, (db) => {
      for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
      db.pragma(`user_version = ${before}`);
      db.prepare(
        `INSERT INTO outbox (nonce, target, payload, event_time, created_at, state, attempts, next_attempt_at, last_error)
         VALUES ('old', 'c1', '{}', 1, 5, 'failed', 1, 5, 'HTTP 400: Invalid Form Body')`,
      ).run();
    });
    const store = open(path);
    expect(store.pendingCount()).toBe(0);
    expect(store.deadLetterSummary()).toMatchObject({
      count: 1,
      latest: { target: 'c1', reason: 'HTTP 400: Invalid Form Body', deadAt: 5 },
    });
  });
});

describe('reaction reports migration', () => {
  it('GIVEN reports from before the outbox sent them THEN their progress stays and a posted one is edited through its message', () => {
    const path = dbPath();
    const before = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE reaction_reports_v7'));
    expect(before).toBeGreaterThan(0);
    withDb(path, (db) => {
      for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
      db.pragma(`user_version = ${before}`);
      const insert = db.prepare(
        `INSERT INTO reaction_reports (event_id, target, nonce, message_id, steps_done, finished, next_attempt_at, last_error)
         VALUES (?, ?, ?, ?, ?, ?, 0, NULL)`,
      );
      insert.run('ev-posted', 'chan-1', 'nonce-1', '111111111111111111', 3, 0);
      insert.run('ev-waiting', 'chan-1', 'nonce-2', null, 0, 0);
      insert.run('ev-done', 'chan-1', 'nonce-3', '222222222222222222', 15, 1);
    });
    const store = open(path);
    expect(store.openReports()).toEqual([
      { eventId: 'ev-posted', published: true, stepsDone: 3 },
      { eventId: 'ev-waiting', published: false, stepsDone: 0 },
    ]);
    // Nothing is sent again for the upgrade itself.
    expect(store.pendingCount()).toBe(0);
    const edit = store.enqueueEdit({ reportKey: 'ev-posted', nonce: 'e1', payload: {}, eventTime: 1 }, 1);
    expect(edit).not.toBeNull();
    expect(store.nextDueFor('chan-1', 1)).toMatchObject({
      seq: edit,
      kind: 'edit',
      messageId: '111111111111111111',
    });
    // A finished report is not edited again, and an unposted one has nothing to edit yet.
    expect(store.enqueueEdit({ reportKey: 'ev-done', nonce: 'e2', payload: {}, eventTime: 1 }, 1)).toBeNull();
    expect(
      store.enqueueEdit({ reportKey: 'ev-waiting', nonce: 'e3', payload: {}, eventTime: 1 }, 1),
    ).toBeNull();
  });
});
