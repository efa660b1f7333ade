import { composeStore, StoreOpenError } from '../store.js';
import type { Store } from '../store.js';
import { outboxFacts } from '../storeProbe.js';
import type { StoreProbe } from '../storeProbe.js';
import { describePostgresUrl, openPostgresDatabase } from './postgresDatabase.js';
import type { PostgresDatabase, PostgresOptions } from './postgresDatabase.js';

function postgresProbe(db: PostgresDatabase): StoreProbe {
  return { outbox: outboxFacts(db), writeProblem: () => db.writeProblem(), close: () => undefined };
}

/** One line naming the database (never its password) and what to do. */
function openError(where: string, err: unknown): StoreOpenError {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'PG_NEWER_SCHEMA') {
    return new StoreOpenError(
      `The PostgreSQL store at ${where} was created by a newer version of the bot (${message}); upgrade the bot, or point STORE_URL at another database.`,
      { cause: err },
    );
  }
  return new StoreOpenError(
    `Cannot open the PostgreSQL store at ${where} (${message}); check STORE_URL (host, port, database, user and password) and that the server is up.`,
    { cause: err },
  );
}

/** Connects on a worker thread, brings the schema up to date and returns the store over it. */
export function openPostgresStore(url: string, options: PostgresOptions): Store {
  const where = describePostgresUrl(url);
  let db: PostgresDatabase;
  try {
    db = openPostgresDatabase(url, options);
  } catch (err) {
    throw openError(where, err);
  }
  try {
    return composeStore(db, { path: where, shared: true, openProbe: () => postgresProbe(db) });
  } catch (err) {
    db.close();
    throw openError(where, err);
  }
}
