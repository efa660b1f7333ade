/**
 * Event-loop blocking under a flood of streamed prices: a fake streamer in a child process (so its
 * sending does not block the loop measured) pushes FRAMES_PER_SECOND frames over 127.0.0.1, a
 * second's worth at once, for FLOOD_SECONDS into the real stream client, monitor and SQLite store.
 *
 * Two histograms: `blockingCpu`, the process CPU time between two ticks of a 1 ms timer (the work
 * the loop did before it could run the timer: the longest block, plus at most a millisecond, and
 * unlike wall time not lengthened when the machine's other processes hold the core), and
 * `eventLoopDelay`, perf_hooks' wall-clock delay, which on a shared machine also counts time the
 * process waited for a core. Prints JSON.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log.js';
import { createConfigHolder } from '../src/config/configHolder.js';
import { createMonitor } from '../src/pipeline/monitor.js';
import type { Monitor } from '../src/pipeline/monitor.js';
import { openStore } from '../src/store/openStore.js';
import { startStreaming } from '../src/stream/startStreaming.js';
import { startFakeStreamer } from '../test/support/fakeStreamer.js';
import { round } from './measure.js';
import { benchConfig, PREVIOUS_CLOSE, walkingQuotes } from './streamKit.js';

const FRAMES_PER_SECOND = 20_000;
const FLOOD_SECONDS = 5;
/** The child sends a slice of the flood this often. */
const SLICE_MS = 1000;

/** Records the process CPU time spent between ticks of a 1 ms timer, in microseconds. */
function blockingProbe() {
  const histogram = createHistogram();
  let last = process.cpuUsage();
  const timer = setInterval(() => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    histogram.record(Math.max(1, used.user + used.system));
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      const ms = (us: number) => round(us / 1000, 1);
      return {
        p50Ms: ms(histogram.percentile(50)),
        p99Ms: ms(histogram.percentile(99)),
        maxMs: ms(histogram.max),
      };
    },
  };
}

const log = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface FloodOrder {
  /** Yahoo symbol and a price near its previous close. */
  readonly symbols: { readonly id: string; readonly price: number }[];
  readonly perSecond: number;
  readonly seconds: number;
}

/** The child: a fake streamer that floods its subscribers on order, then reports what it sent. */
async function serve(): Promise<void> {
  const fake = await startFakeStreamer();
  process.on('message', (order: FloodOrder) => {
    const perSlice = Math.round((order.perSecond * SLICE_MS) / 1000);
    const slices = Math.round((order.seconds * 1000) / SLICE_MS);
    let sent = 0;
    let slice = 0;
    const timer = setInterval(() => {
      const time = Date.now();
      for (let n = 0; n < perSlice; n++) {
        const symbol = order.symbols[n % order.symbols.length];
        if (!symbol) continue;
        // Within ±0.05 % of the previous close: no alert, so the flood measures the stream path.
        const price = symbol.price * (1 + ((n % 10) - 5) / 10_000);
        if (fake.push({ id: symbol.id, price, time })) sent += 1;
      }
      slice += 1;
      if (slice < slices) return;
      clearInterval(timer);
      process.send?.({ sent });
    }, SLICE_MS);
  });
  process.on('disconnect', () => {
    void fake.close().then(() => process.exit(0));
  });
  process.send?.({ url: fake.url });
}

function startChild() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const reply = <T>() =>
    new Promise<T>((resolve) => {
      child.once('message', (message) => {
        resolve(message as T);
      });
    });
  return { child, reply };
}

/** Counts the prices the stream hands on to the monitor (after any coalescing). */
function countingMonitor(monitor: Monitor, counts: { forwarded: number }): Monitor {
  return {
    ...monitor,
    streamed(price) {
      counts.forwarded += 1;
      return monitor.streamed(price);
    },
  };
}

async function main(): Promise<void> {
  const { child, reply } = startChild();
  const { url } = await reply<{ url: string }>();
  const dir = mkdtempSync(join(tmpdir(), 'bench-flood-'));
  const store = openStore(join(dir, 'state.db'));
  const config = benchConfig(url);
  const holder = createConfigHolder(config);
  const monitor = createMonitor({
    config: holder,
    store,
    quotes: walkingQuotes().source,
    sink: { deliver: () => Promise.resolve() },
    log,
    now: Date.now,
  });
  const counts = { forwarded: 0 };
  const hub = { publish: () => undefined };
  const streaming = startStreaming({
    config: holder,
    monitor: countingMonitor(monitor, counts),
    hub,
    now: Date.now,
    log,
    quotesReplaced: true,
  });
  if (!streaming) throw new Error('the stream did not start');
  await monitor.tick(Date.now());
  streaming.sync(Date.now());
  while (streaming.state().subscribed.length < config.instruments.length) await sleep(5);
  await sleep(200);
  const symbols = config.instruments.map((i) => ({ id: i.symbols.yahoo, price: PREVIOUS_CLOSE[i.id] ?? 1 }));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const probe = blockingProbe();
  const cpu = process.cpuUsage();
  child.send({ symbols, perSecond: FRAMES_PER_SECOND, seconds: FLOOD_SECONDS } satisfies FloodOrder);
  const { sent } = await reply<{ sent: number }>();
  await sleep(500);
  histogram.disable();
  const blockingCpu = probe.stop();
  const { user, system } = process.cpuUsage(cpu);
  const state = streaming.state();
  await streaming.stop();
  child.disconnect();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  const ms = (ns: number) => round(ns / 1e6, 1);
  const result = {
    framesSent: sent,
    framesPerSecond: FRAMES_PER_SECOND,
    seconds: FLOOD_SECONDS,
    pricesReceived: state.updatesTotal,
    pricesEvaluated: counts.forwarded,
    cpuMs: round((user + system) / 1000, 0),
    blockingCpu,
    eventLoopDelay: {
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv.includes('--serve')) await serve();
else await main();
