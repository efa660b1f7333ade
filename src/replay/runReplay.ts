import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config, Instrument } from '../config/config.js';
import type { Alert } from '../domain/alert.js';
import { createCalendar } from '../domain/calendar.js';
import { createEngine } from '../domain/engine.js';
import { toNewsEvents } from '../domain/events.js';
import type { Logger } from '../log.js';
import { createReplayProvider } from '../providers/replay.js';
import { createTickMemory, runTick } from '../scheduler/tick.js';
import type { AlertSink } from '../sinks/sink.js';
import { openStore } from '../store/openStore.js';

export interface ReplayOptions {
  readonly config: Config;
  readonly dataDir: string;
  readonly sink: AlertSink;
  readonly log: Logger;
}

/** Where an instrument stood at the end of the replay. */
export interface ReplayClose {
  readonly instrument: Instrument;
  readonly price: number | null;
  readonly previousClose: number | null;
}

export interface ReplayResult {
  readonly polls: number;
  readonly alerts: readonly Alert[];
  readonly closes: readonly ReplayClose[];
}

/**
 * Drives the live pipeline (provider → core → store → sink) over saved chart responses with a
 * simulated clock, one poll per recorded minute, against a throwaway state database.
 */
export async function runReplay({ config, dataDir, sink, log }: ReplayOptions): Promise<ReplayResult> {
  let clock = 0;
  const provider = createReplayProvider({ dir: dataDir, now: () => clock });
  const instruments = config.instruments.filter((i) => provider.supports(i));
  for (const i of config.instruments) {
    if (!instruments.includes(i))
      log.warn({ symbol: i.id, yahoo: i.symbols.yahoo }, 'no recorded data; skipped');
  }
  const calendar = createCalendar(config.markets);
  const engine = createEngine({
    config,
    calendar,
    events: toNewsEvents(config.events.list, config.events.windowMinutes),
  });
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const store = openStore(join(dir, 'replay.db'));
  try {
    const deps = { instruments, calendar, quotes: provider, engine, store, sink, log };
    const memory = createTickMemory();
    const alerts: Alert[] = [];
    const timeline = provider.timeline();
    for (const t of timeline) {
      clock = t;
      const result = await runTick(deps, memory, t);
      alerts.push(...result.alerts);
    }
    const closes = await Promise.all(
      instruments.map(async (instrument) => {
        const q = await provider.fetchQuote(instrument).catch(() => null);
        return { instrument, price: q?.price ?? null, previousClose: q?.previousClose ?? null };
      }),
    );
    return { polls: timeline.length, alerts, closes };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
