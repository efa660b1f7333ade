import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config, Instrument } from '../config/config.js';
import type { Alert } from '../domain/alert.js';
import { validBars } from '../domain/priceScreen.js';
import type { Logger } from '../log.js';
import { createReplayProvider } from '../providers/replay.js';
import type { NewsEvent } from '../domain/events.js';
import { createConfigHolder } from '../config/configHolder.js';
import type { ConfigHolder } from '../config/configHolder.js';
import { createMonitor } from '../pipeline/monitor.js';
import { reactionRows } from '../pipeline/reactionRows.js';
import type { ReactionRow } from '../pipeline/reactionRows.js';
import type { DiscordOutputDeps } from '../discord/discordOutput.js';
import { createAlertOutput } from '../app/outputs.js';
import type { TextSink } from '../console/consoleSink.js';
import { createOutputHub } from '../hub/outputHub.js';
import { openStore } from '../store/openStore.js';
import type { Store } from '../store/openStore.js';

export interface ReplayOptions {
  readonly config: Config;
  readonly dataDir: string;
  /** Where alerts are printed when they are not posted. */
  readonly console: { readonly stream: TextSink; readonly format: 'text' | 'json' };
  /** Post to Discord instead, as the live bot would (bot token or webhook); throws if it names neither. */
  readonly discord?: DiscordOutputDeps['env'];
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
  /** Each trade-news event in the replayed span and every instrument's reaction to it. */
  readonly reactions: readonly { readonly event: NewsEvent; readonly rows: readonly ReactionRow[] }[];
}

/**
 * Drives the live pipeline (provider → core → store → sink) over saved chart responses with a
 * simulated clock, one poll per recorded minute, against a throwaway state database.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const { config, dataDir, log } = options;
  let clock = 0;
  const provider = createReplayProvider({ dir: dataDir, now: () => clock });
  for (const i of config.instruments) {
    if (!provider.supports(i))
      log.warn({ symbol: i.id, yahoo: i.symbols.yahoo }, 'no recorded data; skipped');
  }
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const store = openStore(join(dir, 'replay.db'));
  try {
    const hub = createOutputHub(log);
    const holder = createConfigHolder(config);
    const monitor = createMonitor({
      config: holder,
      store,
      quotes: provider,
      sink: hub.sink,
      log,
      now: () => clock,
    });
    hub.subscribe(chooseOutput(options, store, holder, () => clock));
    const alerts: Alert[] = [];
    const timeline = provider.timeline();
    for (const t of timeline) {
      clock = t;
      alerts.push(...(await monitor.tick(t)).alerts);
    }
    const closes = await Promise.all(
      monitor.instruments().map(async (instrument) => {
        const q = await provider.fetchQuote(instrument).catch(() => null);
        // The last price the screen keeps, as the bot stores it: a bad last print is not the close.
        const kept = q ? validBars(q, instrument.thresholds.sanityJumpPct).at(-1) : undefined;
        return { instrument, price: kept?.price ?? null, previousClose: q?.previousClose ?? null };
      }),
    );
    const first = timeline[0] ?? 0;
    const last = timeline.at(-1) ?? 0;
    const reactions = monitor
      .events()
      .filter((event) => event.time >= first && event.time <= last)
      .map((event) => ({ event, rows: reactionRows({ monitor, store, config: holder }, event, last) }));
    return { polls: timeline.length, alerts, closes, reactions };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The console, or Discord rendered at each alert's own (simulated) time; the outbox lives in the throwaway store. */
function chooseOutput(options: ReplayOptions, store: Store, holder: ConfigHolder, now: () => number) {
  const chosen = createAlertOutput({
    env: options.discord ?? {},
    store,
    config: () => holder.current(),
    calendar: () => holder.calendar(),
    console: options.console,
    now,
    log: options.log,
  });
  if (options.discord && !chosen.discord)
    throw new Error(
      '--post needs DISCORD_TOKEN (with DISCORD_CHANNEL_ID or discord.channelId) or DISCORD_WEBHOOK_URL',
    );
  return chosen.output;
}
