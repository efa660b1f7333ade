/**
 * News ingestion benchmark: a feed of 10,000 relevant items (real RSS 2.0, ~1 MB) parsed and
 * ingested as the live bot does (seen check, reading, story index, store), with the per-source cap
 * lifted so every item is read. Prints JSON: items per second, and the worst event-loop stall seen
 * by perf_hooks' delay monitor and by a 5 ms interval probe (which must stay under 50 ms). A 1,000-item
 * run alongside shows whether throughput holds as the feed grows (near-linear, not all-pairs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { NEWS_DEFAULTS } from '../src/config/newsSchema.js';
import { readHeadline } from '../src/domain/news/readHeadline.js';
import { createLogger } from '../src/log.js';
import { ingestNews } from '../src/news/ingestNews.js';
import { parseFeedXml } from '../src/news/parseFeed.js';
import { openStore } from '../src/store/openStore.js';

const NOW = Date.parse('2025-06-02T05:30:00Z');
const PROBE_MS = 5;
const PARTIES = ['China', 'Beijing', 'Japan', 'Hong Kong'];
const ACTIONS = [
  'raises tariffs on',
  'adds firms to export blacklist over',
  'tightens chip export controls on',
  'launches anti-dumping probe into',
];

/** Distinct stories (each its own figure) that share parties and concepts, as a flood would. */
function feed(count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const title = `US ${ACTIONS[i % ACTIONS.length]} ${PARTIES[i % PARTIES.length]} imports worth $${i + 1}bn`;
    const date = new Date(NOW - 60_000 - i * 1_000).toUTCString();
    return `<item><title>${title}</title><link>https://wire.example.org/n/${i}</link><guid>wire-${i}</guid><pubDate>${date}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Wire</title><link>https://wire.example.org/</link><description>bench</description>${items.join('')}</channel></rss>`;
}

/** Worst event-loop stall while `work` runs: perf_hooks' delay monitor and a 5 ms interval probe. */
async function stalls<T>(work: () => Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worstProbeMs = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worstProbeMs = Math.max(worstProbeMs, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  delay.enable();
  // Let the probe and the monitor take their first sample before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 2 * PROBE_MS));
  const result = await work();
  delay.disable();
  clearInterval(probe);
  return {
    result,
    worstStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    worstProbeLateMs: worstProbeMs,
  };
}

/** `memory`: a store without a disk, to tell the ingestion's own stalls from SQLite's WAL checkpoint fsyncs. */
async function run(count: number, memory = false) {
  const xml = feed(count);
  const parseStart = performance.now();
  const { items } = parseFeedXml('wire', xml);
  const parseMs = performance.now() - parseStart;
  const dir = mkdtempSync(join(tmpdir(), 'news-bench-'));
  const store = openStore(memory ? ':memory:' : join(dir, 'bench.db'));
  const news = { ...NEWS_DEFAULTS, caps: { itemsPerSourcePerPoll: count, reportsPerHour: 6 } };
  const log = createLogger({ level: 'silent' });
  const start = performance.now();
  const measured = await stalls(() => ingestNews(items, { store, news, now: NOW, log }));
  const seconds = (performance.now() - start) / 1000;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    items: count,
    feedBytes: Buffer.byteLength(xml),
    events: measured.result.added.length,
    ingestSeconds: Number(seconds.toFixed(2)),
    itemsPerSecond: Math.round(count / seconds),
    worstStallMs: Number(measured.worstStallMs.toFixed(1)),
    p99StallMs: Number(measured.p99StallMs.toFixed(1)),
    worstProbeLateMs: Number(measured.worstProbeLateMs.toFixed(1)),
    // fast-xml-parser is synchronous: parsing the whole body is one block of the event loop.
    parseMs: Math.round(parseMs),
  };
}

readHeadline('warm-up: load the language model', NEWS_DEFAULTS);
await run(300); // warms the JIT so the small run is comparable
const small = await run(1_000);
const large = await run(10_000);
const inMemory = await run(10_000, true);
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'news ingestion',
      ...large,
      at1000: { itemsPerSecond: small.itemsPerSecond, worstStallMs: small.worstStallMs },
      inMemoryStore: { itemsPerSecond: inMemory.itemsPerSecond, worstStallMs: inMemory.worstStallMs },
    },
    null,
    2,
  )}\n`,
);
