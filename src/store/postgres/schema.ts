/**
 * The PostgreSQL schema: the same tables and columns as SQLite's migrations (src/store/migrations.ts)
 * up to their newest, written for PostgreSQL. Times in epoch ms are BIGINT, REAL is DOUBLE PRECISION,
 * flags stay INTEGER 0/1 so the store's SQL is one text for both. Text compares byte-wise (COLLATE
 * "C"), as SQLite's BINARY does, so ORDER BY gives the same order on both. `alerts` and
 * `reaction_reports` get a `rowid` column (insertion order), which the store orders by on SQLite.
 *
 * Versions are counted in `schema_version` (one row); entry i brings a database to version i + 1.
 * Never edit a shipped entry, append.
 */
const TEXT = 'TEXT COLLATE "C"';

/**
 * The leader lease's one row (src/replicas/leaderLease.ts). A replica creates it when it opens its
 * lease, before it leads and opens the store, and the store's first migration creates it on a
 * database no replica has used: one definition for both, and whichever comes second keeps it.
 */
export const LEADER_LEASE_TABLE = `
  CREATE TABLE IF NOT EXISTS leader_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder ${TEXT} NOT NULL,
    token BIGINT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    renewed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL
  );`;

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE bars (
    symbol ${TEXT} NOT NULL,
    time BIGINT NOT NULL,
    price DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (symbol, time)
  );
  CREATE INDEX bars_time ON bars (time);

  CREATE TABLE alerts (
    rowid BIGSERIAL NOT NULL,
    id ${TEXT} PRIMARY KEY,
    symbol ${TEXT} NOT NULL,
    rule ${TEXT} NOT NULL,
    direction ${TEXT} NOT NULL,
    severity DOUBLE PRECISION NOT NULL,
    time BIGINT NOT NULL,
    session_id ${TEXT} NOT NULL,
    payload TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
  );
  CREATE INDEX alerts_time ON alerts (time);
  CREATE INDEX alerts_session ON alerts (symbol, session_id);

  CREATE TABLE instrument_state (
    symbol ${TEXT} PRIMARY KEY,
    snapshot TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );

  CREATE TABLE outbox (
    seq BIGSERIAL PRIMARY KEY,
    nonce ${TEXT} NOT NULL UNIQUE,
    target ${TEXT} NOT NULL,
    payload TEXT NOT NULL,
    event_time BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    state ${TEXT} NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    sent_at BIGINT,
    message_id ${TEXT},
    kind ${TEXT} NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'edit')),
    report_key ${TEXT}
  );
  CREATE INDEX outbox_pending ON outbox (state, seq);
  CREATE INDEX outbox_target_pending ON outbox (state, target, seq);
  CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE state = 'sent';
  CREATE UNIQUE INDEX outbox_report_post ON outbox (report_key) WHERE kind = 'post';
  CREATE INDEX outbox_report_edits ON outbox (report_key, state) WHERE kind = 'edit';

  CREATE TABLE dead_letters (
    seq BIGINT PRIMARY KEY,
    nonce ${TEXT} NOT NULL,
    target ${TEXT} NOT NULL,
    payload TEXT NOT NULL,
    event_time BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    reason TEXT NOT NULL,
    dead_at BIGINT NOT NULL,
    kind ${TEXT} NOT NULL DEFAULT 'post',
    report_key ${TEXT}
  );
  CREATE INDEX dead_letters_at ON dead_letters (dead_at);
  CREATE INDEX dead_letters_report ON dead_letters (report_key) WHERE report_key IS NOT NULL;

  CREATE TABLE silences (
    symbol ${TEXT} PRIMARY KEY,
    until BIGINT NOT NULL,
    silenced_by ${TEXT} NOT NULL,
    created_at BIGINT NOT NULL
  );

  CREATE TABLE threshold_audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id ${TEXT} NOT NULL,
    user_name ${TEXT} NOT NULL,
    symbol ${TEXT} NOT NULL,
    rule ${TEXT} NOT NULL,
    old_value ${TEXT} NOT NULL,
    new_value ${TEXT} NOT NULL
  );
  CREATE INDEX threshold_audit_symbol ON threshold_audit (symbol, at);

  CREATE TABLE threshold_overrides (
    symbol ${TEXT} NOT NULL,
    rule ${TEXT} NOT NULL,
    value_text ${TEXT},
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (symbol, rule)
  );

  CREATE TABLE news_events (
    id ${TEXT} PRIMARY KEY,
    time BIGINT NOT NULL,
    title ${TEXT} NOT NULL,
    source ${TEXT} NOT NULL,
    link ${TEXT},
    matched TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    origin ${TEXT} NOT NULL CHECK (origin IN ('feed', 'command')),
    created_at BIGINT NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0,
    quiet INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX news_events_time ON news_events (time);

  CREATE TABLE news_event_items (
    event_id ${TEXT} NOT NULL,
    source ${TEXT} NOT NULL,
    item_key ${TEXT} NOT NULL,
    title ${TEXT} NOT NULL,
    link ${TEXT},
    published_at BIGINT NOT NULL,
    identity TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, source, item_key)
  );

  CREATE TABLE news_seen (
    source ${TEXT} NOT NULL,
    item_key ${TEXT} NOT NULL,
    published_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (source, item_key)
  );
  CREATE INDEX news_seen_at ON news_seen (seen_at);

  CREATE TABLE reaction_reports (
    rowid BIGSERIAL NOT NULL,
    event_id ${TEXT} PRIMARY KEY,
    published INTEGER NOT NULL DEFAULT 0,
    steps_done INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE personal_alerts (
    id BIGSERIAL PRIMARY KEY,
    member_id ${TEXT} NOT NULL,
    symbol ${TEXT} NOT NULL,
    kind ${TEXT} NOT NULL CHECK (kind IN ('above', 'below', 'move')),
    value DOUBLE PRECISION NOT NULL,
    repeat INTEGER NOT NULL,
    armed INTEGER NOT NULL,
    fired INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX personal_alerts_member ON personal_alerts (member_id);
  CREATE INDEX personal_alerts_symbol ON personal_alerts (symbol);

  ${LEADER_LEASE_TABLE}
  `,
  `
  -- Claimed by the leader (a fenced write) just before it posts; the close watch and wraps posted, so
  -- a new leader neither misses nor repeats a market's daily wrap.
  ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
  CREATE TABLE close_watch (
    market ${TEXT} PRIMARY KEY,
    trading_day ${TEXT} NOT NULL,
    trading INTEGER NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE TABLE wraps_posted (
    market ${TEXT} NOT NULL,
    trading_day ${TEXT} NOT NULL,
    posted_at BIGINT NOT NULL,
    PRIMARY KEY (market, trading_day)
  );
  `,
];

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/**
 * One key for the advisory lock that serialises migrations, so two replicas starting on a fresh
 * database cannot both run the same step (any constant no other code locks on).
 */
export const MIGRATION_LOCK_KEY = 720_020;
