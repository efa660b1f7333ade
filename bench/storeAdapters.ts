/**
 * `npx tsx bench/storeAdapters.ts`: what the synchronous store costs on each adapter. Starts an
 * embedded PostgreSQL (fsync on, as a real server) and a SQLite file, then measures statements per
 * second through the store (a keyed read, an upsert) and the time of a poll's transaction: 3 and 500
 * instruments, each with two bars and its state snapshot, one alert and its outbox row. Prints JSON.
 * Not part of `npm run bench`: its worker thread is loaded by path, which the compiled graph omits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/openStore.js';
import type { Store } from '../src/store/openStore.js';
import { startEmbeddedPostgres } from '../test/support/embeddedPostgres.js';
import { sampleAlert } from '../test/support/sampleAlert.js';

const RUN_MS = 2_000;
const POLLS = 40;

/** A snapshot about the size of a real instrument's (tiers, gates, screen memory). */
const SNAPSHOT = {
  screen: { tradingDay: '2025-06-02', lastAccepted: { time: 1, price: 23_000 }, held: null },
  rules: Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`rule${i}`, { fired: [1, 2], until: 1e12 }]),
  ),
  gates: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`gate${i}`, { count: i, since: 1e12 }])),
};

function perSecond(step: (i: number) => void): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < RUN_MS) step(n++);
  return Math.round((n * 1000) / (performance.now() - start));
}

function poll(store: Store, symbols: readonly string[], i: number): void {
  const time = 1_700_000_000_000 + i * 60_000;
  store.transaction(() => {
    for (const symbol of symbols) {
      store.appendBars(symbol, [
        { time: time - 60_000, price: 23_000 + i },
        { time, price: 23_001 + i },
      ]);
      store.saveInstrumentState(symbol, SNAPSHOT, time);
    }
    const [alert] = store.recordAlerts([sampleAlert({ id: `poll-${symbols.length}-${i}`, time })], time);
    if (alert) store.enqueue({ nonce: `n-${alert.id}`, target: 'c1', payload: alert, eventTime: time }, time);
  });
}

function pollMs(store: Store, count: number): number {
  const symbols = Array.from({ length: count }, (_, i) => `SYM${i}`);
  poll(store, symbols, -1);
  const times: number[] = [];
  for (let i = 0; i < (count > 100 ? 5 : POLLS); i++) {
    const start = performance.now();
    poll(store, symbols, i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(2));
}

function measure(store: Store) {
  store.appendBars('HSI', [{ time: 1, price: 1 }]);
  return {
    keyedReadsPerSecond: perSecond(() => store.latestBar('HSI', 0)),
    upsertsPerSecond: perSecond((i) => store.appendBars('HSI', [{ time: 1, price: 2 + i }])),
    pollTransactionMs3Instruments: pollMs(store, 3),
    pollTransactionMs500Instruments: pollMs(store, 500),
  };
}

const folder = mkdtempSync(join(tmpdir(), 'store-bench-'));
const server = await startEmbeddedPostgres();
try {
  const sqlite = openStore(join(folder, 'state.db'));
  await server.createDatabase('bench');
  const postgres = openStore(server.url('bench'));
  const result = { sqlite: measure(sqlite), postgres: measure(postgres) };
  sqlite.close();
  postgres.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}
