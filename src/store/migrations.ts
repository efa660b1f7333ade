import type Database from 'better-sqlite3';

/** Schema steps in order; entry i brings the database to user_version i + 1. Never edit a shipped entry, append. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE bars (
    symbol TEXT NOT NULL,
    time INTEGER NOT NULL,
    price REAL NOT NULL,
    PRIMARY KEY (symbol, time)
  ) WITHOUT ROWID;

  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    symbol TEXT NOT NULL,
    rule TEXT NOT NULL,
    direction TEXT NOT NULL,
    severity REAL NOT NULL,
    time INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
  );
  CREATE INDEX alerts_time ON alerts (time);
  CREATE INDEX alerts_session ON alerts (symbol, session_id);

  CREATE TABLE instrument_state (
    symbol TEXT PRIMARY KEY,
    snapshot TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    nonce TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL,
    payload TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    sent_at INTEGER,
    message_id TEXT
  );
  CREATE INDEX outbox_pending ON outbox (state, seq);

  CREATE TABLE silences (
    symbol TEXT PRIMARY KEY,
    until INTEGER NOT NULL,
    silenced_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE threshold_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    symbol TEXT NOT NULL,
    rule TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
  );
  CREATE INDEX threshold_audit_symbol ON threshold_audit (symbol, at);
  `,
  `
  CREATE TABLE news_events (
    id TEXT PRIMARY KEY,
    time INTEGER NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    link TEXT,
    matched TEXT NOT NULL,
    score REAL NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('feed', 'command')),
    created_at INTEGER NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX news_events_time ON news_events (time);

  CREATE TABLE reaction_reports (
    event_id TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    nonce TEXT NOT NULL,
    message_id TEXT,
    steps_done INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  `,
  `
  -- quiet: a feed event over the hourly reaction-report cap (news.caps); it still tightens thresholds.
  ALTER TABLE news_events ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;

  -- Every headline merged into a feed event, with its story identity (JSON) to rebuild the story index.
  CREATE TABLE news_event_items (
    event_id TEXT NOT NULL,
    source TEXT NOT NULL,
    item_key TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    published_at INTEGER NOT NULL,
    identity TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, source, item_key)
  ) WITHOUT ROWID;

  -- Every feed item read (relevant or not), so a re-polled item is skipped cheaply, across restarts.
  CREATE TABLE news_seen (
    source TEXT NOT NULL,
    item_key TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (source, item_key)
  ) WITHOUT ROWID;
  CREATE INDEX news_seen_at ON news_seen (seen_at);
  `,
  `
  -- A message Discord refused for good (unknown channel or webhook, missing access, a payload it
  -- will never accept). Moved out of the outbox so it never blocks its destination; kept for /status.
  CREATE TABLE dead_letters (
    seq INTEGER PRIMARY KEY,
    nonce TEXT NOT NULL,
    target TEXT NOT NULL,
    payload TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    reason TEXT NOT NULL,
    dead_at INTEGER NOT NULL
  );
  CREATE INDEX dead_letters_at ON dead_letters (dead_at);

  -- Rows given up on before dead letters existed (a 400) become dead letters too.
  INSERT INTO dead_letters (seq, nonce, target, payload, event_time, created_at, attempts, reason, dead_at)
    SELECT seq, nonce, target, payload, event_time, created_at, attempts,
           coalesce(last_error, 'rejected by Discord'), created_at
    FROM outbox WHERE state = 'failed';
  DELETE FROM outbox WHERE state = 'failed';

  -- Each destination's queue head is its oldest pending row; sent rows are pruned by age.
  CREATE INDEX outbox_target_pending ON outbox (state, target, seq);
  CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE state = 'sent';
  `,
  `
  -- An outbox entry posts a new message or edits one posted earlier. A reaction report's post and
  -- its edits share the report's key; an edit goes where its post went, once the post is sent.
  ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'edit'));
  ALTER TABLE outbox ADD COLUMN report_key TEXT;
  CREATE UNIQUE INDEX outbox_report_post ON outbox (report_key) WHERE kind = 'post';
  CREATE INDEX outbox_report_edits ON outbox (report_key, state) WHERE kind = 'edit';

  -- A refused post or edit of a report stops its later edits (there is nothing Discord will edit).
  ALTER TABLE dead_letters ADD COLUMN kind TEXT NOT NULL DEFAULT 'post';
  ALTER TABLE dead_letters ADD COLUMN report_key TEXT;
  CREATE INDEX dead_letters_report ON dead_letters (report_key) WHERE report_key IS NOT NULL;
  `,
  `
  -- A reaction report's progress only: where it went and its message id are its outbox post's.
  CREATE TABLE reaction_reports_v7 (
    event_id TEXT PRIMARY KEY,
    published INTEGER NOT NULL DEFAULT 0,
    steps_done INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO reaction_reports_v7 (event_id, published, steps_done, finished)
    SELECT event_id, message_id IS NOT NULL, steps_done, finished FROM reaction_reports ORDER BY rowid;

  -- A report posted before: its message becomes its post, sent now, so that later edits find it.
  INSERT OR IGNORE INTO outbox (nonce, target, payload, event_time, created_at, state, attempts,
                                next_attempt_at, sent_at, message_id, kind, report_key)
    SELECT nonce, target, '{}', 0, now, 'sent', 1, 0, now, message_id, 'post', event_id
    FROM reaction_reports,
         (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now)
    WHERE message_id IS NOT NULL AND finished = 0;

  DROP TABLE reaction_reports;
  ALTER TABLE reaction_reports_v7 RENAME TO reaction_reports;
  `,
  `
  CREATE TABLE personal_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id TEXT NOT NULL,
    symbol TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('above', 'below', 'move')),
    value REAL NOT NULL,
    repeat INTEGER NOT NULL,
    armed INTEGER NOT NULL,
    fired INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX personal_alerts_member ON personal_alerts (member_id);
  CREATE INDEX personal_alerts_symbol ON personal_alerts (symbol);
  `,
  `
  -- Thresholds set at run time, laid over the config file's (value_text NULL: back to the file's).
  CREATE TABLE threshold_overrides (
    symbol TEXT NOT NULL,
    rule TEXT NOT NULL,
    value_text TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (symbol, rule)
  ) WITHOUT ROWID;
  `,
  `
  -- Claimed by the leader just before it posts; the close watch and wraps posted, so a restarted bot
  -- (or a new leader of replicas) neither misses nor repeats a market's daily wrap.
  ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
  CREATE TABLE close_watch (
    market TEXT PRIMARY KEY,
    trading_day TEXT NOT NULL,
    trading INTEGER NOT NULL,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE wraps_posted (
    market TEXT NOT NULL,
    trading_day TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    PRIMARY KEY (market, trading_day)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The database was written by a newer build; its message names the file and what to do. */
export class NewerSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NewerSchemaError';
  }
}

/** Brings the schema up to SCHEMA_VERSION; refuses a database written by a newer build. */
export function migrate(db: Database.Database): MigrationResult {
  // IMMEDIATE takes the write lock before reading the version, so two processes starting on a fresh
  // file cannot both decide to run the same migration.
  return db
    .transaction((): MigrationResult => {
      const from = userVersion(db);
      if (from > SCHEMA_VERSION) {
        throw new NewerSchemaError(
          `State database ${db.name} was created by a newer version of the bot (schema ${from}, this build knows up to ${SCHEMA_VERSION}); ` +
            'upgrade the bot, or point STATE_DB at another file.',
        );
      }
      for (let version = from; version < SCHEMA_VERSION; version++) {
        db.exec(MIGRATIONS[version] ?? '');
        db.pragma(`user_version = ${version + 1}`);
      }
      return { from, to: SCHEMA_VERSION };
    })
    .immediate();
}
