/**
 * Print → alert-decision latency, streaming vs polling, on a local fake streamer (127.0.0.1).
 * Streaming: a print is pushed by the fake at its own time stamp; the latency is until the monitor
 * has screened, decided, recorded and delivered it (runStreamTick through the serial queue, bursts
 * coalesced). Polling: a print waits for the next poll (prints spread evenly over one period),
 * plus the measured duration of a poll. Yahoo's own delays (network, bar publication) are not
 * modelled, so real polling is slower still. Prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config/config.js';
import { createLogger } from '../src/log.js';
import { createConfigHolder } from '../src/config/configHolder.js';
import { createMonitor } from '../src/pipeline/monitor.js';
import type { Monitor } from '../src/pipeline/monitor.js';
import { openStore } from '../src/store/openStore.js';
import { startStreaming } from '../src/stream/startStreaming.js';
import { startFakeStreamer } from '../test/support/fakeStreamer.js';
import type { FakeStreamer } from '../test/support/fakeStreamer.js';
import { round } from './measure.js';
import { benchConfig, walkingQuotes } from './streamKit.js';

const PRINTS_PER_SYMBOL = 200;
const PRINT_SPACING_MS = 20;
const POLL_PERIOD_MS = 60_000;
const POLL_SAMPLES = 50;

const log = createLogger({ level: 'silent' });
const wallNow = () => performance.timeOrigin + performance.now();

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const summary = (values: readonly number[]) => ({
  p50Ms: round(percentile(values, 50), 1),
  p99Ms: round(percentile(values, 99), 1),
  maxMs: round(Math.max(...values), 1),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Times polls (with the stream attached, as in the bot); the first warms the engine up. */
async function timePolls(monitor: Monitor): Promise<number[]> {
  const pollMs: number[] = [];
  for (let i = 0; i < POLL_SAMPLES; i++) {
    const started = performance.now();
    await monitor.tick(Date.now());
    pollMs.push(performance.now() - started);
  }
  return pollMs;
}

/** Pushes bursts of prints (one per symbol every PRINT_SPACING_MS) and waits for every decision. */
async function pushPrints(fake: FakeStreamer, config: Config, next: (id: string) => number, probe: Probe) {
  for (let n = 0; n < PRINTS_PER_SYMBOL; n++) {
    const time = Date.now();
    probe.sentAt.set(time, wallNow());
    for (const inst of config.instruments) fake.push({ id: inst.symbols.yahoo, price: next(inst.id), time });
    await sleep(PRINT_SPACING_MS);
  }
  while (probe.latencies.length < PRINTS_PER_SYMBOL * config.instruments.length) await sleep(5);
}

interface Probe {
  readonly sentAt: Map<number, number>;
  readonly latencies: number[];
}

/** The monitor the stream feeds, timed: a print's decision is done when its evaluation resolves. */
function timedMonitor(monitor: Monitor, probe: Probe): Monitor {
  return {
    ...monitor,
    async streamed(price) {
      await monitor.streamed(price);
      const sent = probe.sentAt.get(price.time);
      if (sent !== undefined) probe.latencies.push(wallNow() - sent);
    },
  };
}

async function main(): Promise<void> {
  const fake = await startFakeStreamer();
  const dir = mkdtempSync(join(tmpdir(), 'bench-stream-'));
  const store = openStore(join(dir, 'state.db'));
  const quotes = walkingQuotes();
  const config = benchConfig(fake.url);
  const sink = { deliver: () => Promise.resolve() };
  const holder = createConfigHolder(config);
  const monitor = createMonitor({ config: holder, store, quotes: quotes.source, sink, log, now: Date.now });
  const probe: Probe = { sentAt: new Map(), latencies: [] };
  const hub = { publish: () => undefined };
  const streaming = startStreaming({
    config: holder,
    monitor: timedMonitor(monitor, probe),
    hub,
    now: Date.now,
    log,
    quotesReplaced: true,
  });
  if (!streaming) throw new Error('the stream did not start');
  const pollMs = await timePolls(monitor);
  streaming.sync(Date.now());
  while (fake.subscribed().length < config.instruments.length) await sleep(5);
  await pushPrints(fake, config, quotes.next, probe);
  const state = streaming.state();
  await streaming.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
  const total = probe.latencies.length;
  // A print waits for the next poll: prints spread evenly over one period, plus a measured poll.
  const polling = probe.latencies.map(
    (_, i) => POLL_PERIOD_MS * (1 - i / total) + (pollMs[i % pollMs.length] ?? 0),
  );
  const result = {
    prints: total,
    printSpacingMs: PRINT_SPACING_MS,
    streaming: summary(probe.latencies),
    polling: { periodMs: POLL_PERIOD_MS, ...summary(polling) },
    pollTickMs: summary(pollMs),
    streamUpdatesReceived: state.updatesTotal,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
