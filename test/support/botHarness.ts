import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import type { Instrument } from '../../src/config/config.js';
import { loadConfigFile } from '../../src/config/loadConfig.js';
import { createThresholdEditor } from '../../src/services/thresholdEditor.js';
import { safeLink } from '../../src/domain/news/sanitize.js';
import { scoreHeadline } from '../../src/domain/news/score.js';
import { createEventService } from '../../src/services/eventService.js';
import { startDiscordClient } from '../../src/discord/client.js';
import { createReactionReporter } from '../../src/discord/reactionReporter.js';
import type { ReactionReporter } from '../../src/discord/reactionReporter.js';
import { createDiscordOutput } from '../../src/discord/discordOutput.js';
import type { DiscordOutput } from '../../src/discord/discordOutput.js';
import type { Quote } from '../../src/domain/quote.js';
import { createMonitor } from '../../src/monitor/monitor.js';
import type { Monitor } from '../../src/monitor/monitor.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/openStore.js';
import { startFakeDiscord } from './fakeDiscord/index.js';
import type { FakeDiscord } from './fakeDiscord/index.js';
import { silentLog } from './silentLog.js';

/** Monday 2 June 2025, 10:16 in Hong Kong: HKEX, TSE and FX are all open. */
export const T = Date.parse('2025-06-02T02:16:00Z');
export const MINUTE = 60_000;
export const PREV = { HSI: 23_289.77, N225: 37_965.1, USDCNH: 7.203 } as const;

/** Quotes the test sets per instrument; each fetch returns the current one at the harness clock. */
export function quoteBoard(clock: { now: number }) {
  const prices = new Map<string, number>();
  return {
    set(symbol: keyof typeof PREV, price: number) {
      prices.set(symbol, price);
    },
    source: {
      fetchQuote(instrument: Instrument): Promise<Quote> {
        const prev = PREV[instrument.id as keyof typeof PREV];
        const price = prices.get(instrument.id) ?? prev;
        const bars = Array.from({ length: 40 }, (_, i) => ({
          time: clock.now - (40 - i) * MINUTE,
          price: prev + ((price - prev) * i) / 40,
        }));
        return Promise.resolve({
          symbol: instrument.id,
          price,
          time: clock.now,
          previousClose: prev,
          bars,
          provider: 'yahoo',
        });
      },
    },
  };
}

export interface Bot {
  readonly fake: FakeDiscord;
  readonly client: Client;
  readonly store: Store;
  readonly monitor: Monitor;
  readonly output: DiscordOutput;
  readonly reactions: ReactionReporter;
  readonly configPath: string;
  readonly clock: { now: number };
  readonly board: ReturnType<typeof quoteBoard>;
  /** One poll at the clock, then the outbox drained. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

/** The whole bot (monitor, outbox, discord.js client, commands) against a fake Discord, config in `dir`. */
export async function startBot(
  dir: string,
  options: { fake?: FakeDiscord; dbPath?: string } = {},
): Promise<Bot> {
  const fake = options.fake ?? (await startFakeDiscord());
  const configPath = join(dir, 'bot.yaml');
  copyFileSync('config/bot.yaml', configPath);
  const text = readFileSync(configPath, 'utf8').replace(
    /^ {2}channelId: null$/m,
    `  channelId: '${fake.guild.alertChannelId}'`,
  );
  writeFileSync(configPath, text);
  const clock = { now: T };
  const board = quoteBoard(clock);
  const store = openStore(options.dbPath ?? join(dir, 'bot.db'));
  let output: DiscordOutput | null = null;
  const monitor = createMonitor({
    config: loadConfigFile(configPath),
    store,
    quotes: board.source,
    sink: {
      stage: (batch) => output?.sink.stage?.(batch),
      deliver: (batch) => output?.sink.deliver(batch) ?? Promise.resolve(),
    },
    log: silentLog,
    now: () => clock.now,
  });
  const editor = createThresholdEditor({
    configPath,
    audit: store,
    apply: (config) => {
      monitor.applyConfig(config);
    },
    now: () => clock.now,
    log: silentLog,
  });
  const events = createEventService({
    store,
    monitor,
    score: (title) => scoreHeadline(title, monitor.config().news),
    safeLink,
    now: () => clock.now,
    log: silentLog,
  });
  const client = await startDiscordClient({
    token: fake.token,
    apiUrl: fake.apiBase,
    commands: {
      monitor,
      store,
      editor,
      events,
      newsHealth: () => [],
      now: () => clock.now,
      log: silentLog,
      startedAt: T - 60 * MINUTE,
      version: '9.9.9',
    },
    log: silentLog,
  });
  const reactions = createReactionReporter({
    store,
    monitor,
    rest: client.rest,
    target: () => fake.guild.alertChannelId,
    now: () => clock.now,
    log: silentLog,
  });
  output = createDiscordOutput({
    env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase },
    store,
    config: () => monitor.config(),
    calendar: () => monitor.calendar(),
    rest: client.rest,
    now: () => clock.now,
    log: silentLog,
  });
  const out = output;
  if (!out) throw new Error('a bot token was given, so there must be a Discord output');
  return {
    fake,
    client,
    store,
    monitor,
    output: out,
    reactions,
    configPath,
    clock,
    board,
    async poll() {
      await monitor.tick(clock.now);
      await out.delivery.drain();
    },
    async close() {
      await client.destroy();
      store.close();
      if (!options.fake) await fake.close();
    },
  };
}
