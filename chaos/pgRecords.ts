/** The HA run's records, read from the PostgreSQL store the replicas share, with the SQLite queries. */
import pg from 'pg';
import { RECORD_QUERIES, recordsFromRows, type BotRecords, type RecordRows } from './tally.js';

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function pendingInPostgres(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(RECORD_QUERIES.pending);
    return Number(rows[0]?.n ?? 0);
  });
}

export async function readPostgresRecords(url: string): Promise<BotRecords> {
  return withClient(url, async (client) => {
    const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
    return recordsFromRows({
      alerts: await rows<RecordRows['alerts'][number]>(RECORD_QUERIES.alerts),
      outbox: await rows<RecordRows['outbox'][number]>(RECORD_QUERIES.outbox),
      deadLetters: await rows<RecordRows['deadLetters'][number]>(RECORD_QUERIES.deadLetters),
      pending: (await rows<{ n: string }>(RECORD_QUERIES.pending))[0]?.n ?? 0,
    });
  });
}
