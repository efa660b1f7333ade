import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { startBot } from '../../src/app/index.js';
import type { BotHandle } from '../../src/app/index.js';
import type { ConfigHolder } from '../../src/config/configHolder.js';
import type { Logger } from '../../src/log.js';
import type { DiscordOutput } from '../../src/discord/discordOutput.js';
import type { ReactionReporter } from '../../src/reports/reactionReporter.js';
import type { Monitor } from '../../src/pipeline/monitor.js';
import type { Store } from '../../src/store/openStore.js';
import { startFakeDiscord } from './fakeDiscord/index.js';
import type { CommandInteractionSpec, FakeDiscord } from './fakeDiscord/index.js';
import { silentLog } from './silentLog.js';
import { T, manualScheduler, quoteBoard, testEnv } from './botRig.js';

export { MINUTE, PREV, T, manualScheduler, quoteBoard, testEnv } from './botRig.js';

export interface Bot {
  readonly bot: BotHandle;
  readonly fake: FakeDiscord;
  readonly client: Client;
  readonly store: Store;
  readonly monitor: Monitor;
  readonly config: ConfigHolder;
  readonly output: DiscordOutput;
  readonly reactions: ReactionReporter;
  readonly configPath: string;
  readonly clock: { now: number };
  readonly board: ReturnType<typeof quoteBoard>;
  /** One scheduled poll at the clock (alerts, then reaction reports), then the outbox drained. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

/** The shipped config with the fake guild's alert channel (and a local streamer, if given), copied into `dir`. */
function writeBotConfig(dir: string, fake: FakeDiscord, streamUrl?: string): string {
  const configPath = join(dir, 'bot.yaml');
  copyFileSync('config/bot.yaml', configPath);
  const text = readFileSync(configPath, 'utf8').replace(
    /^ {2}channelId: null$/m,
    `  channelId: '${fake.guild.alertChannelId}'`,
  );
  // The shipped file has no streaming block: streaming is on by default, dialling only a given URL here.
  const streaming = streamUrl === undefined ? '' : `\nstreaming:\n  url: '${streamUrl}'\n`;
  writeFileSync(configPath, text + streaming);
  return configPath;
}

/** The whole bot, built by startBot, on a fake Discord with a quote board, a manual clock and scheduler. */
export async function startTestBot(
  dir: string,
  options: {
    fake?: FakeDiscord;
    dbPath?: string;
    env?: Record<string, string>;
    streamUrl?: string;
    log?: Logger;
  } = {},
): Promise<Bot> {
  const fake = options.fake ?? (await startFakeDiscord());
  const configPath = writeBotConfig(dir, fake, options.streamUrl);
  const clock = { now: T };
  const board = quoteBoard(clock);
  const env = testEnv({
    CONFIG_PATH: configPath,
    STATE_DB: options.dbPath ?? join(dir, 'bot.db'),
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    ...options.env,
  });
  const bot = await startBot({
    env,
    now: () => clock.now,
    log: options.log ?? silentLog,
    quotes: board.source,
    scheduler: manualScheduler(),
    version: '9.9.9',
  });
  const { discord, reactions } = bot;
  // Login runs beside monitoring; these tests drive slash commands, so they wait for it.
  const client = await bot.discordReady;
  if (!client || !discord) throw new Error('a bot token was given, so the bot must be on Discord');
  return {
    bot,
    fake,
    client,
    store: bot.store,
    monitor: bot.monitor,
    config: bot.config,
    output: discord,
    reactions,
    configPath,
    clock,
    board,
    async poll() {
      await bot.poll();
      await discord.delivery.drain();
    },
    async close() {
      await bot.stop();
      if (!options.fake) await fake.close();
    },
  };
}

/** Dispatches a slash command and resolves with the bot's first answer to it (reply or edited deferral). */
export async function runCommand(b: Pick<Bot, 'fake'>, spec: CommandInteractionSpec) {
  const interaction = b.fake.dispatchInteraction(b.fake.chatInputInteraction(spec));
  const response = await b.fake.waitFor(
    () => b.fake.interactionResponses.find((r) => r.interactionId === interaction.id),
    `answer to /${spec.name}`,
  );
  if (response.type !== 5)
    return { type: response.type, data: response.payload.data as Record<string, any>, files: response.files };
  // A deferred answer may wait for a chart, whose worker takes seconds to start under tsx on a busy machine.
  const edit = await b.fake.waitFor(
    () => b.fake.webhookEdits.find((e) => e.interactionToken === interaction.token),
    `edited answer to /${spec.name}`,
  );
  return { type: 5, data: edit.payload as Record<string, any>, files: edit.files };
}
