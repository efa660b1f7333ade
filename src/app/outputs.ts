import { createDiscordOutput } from '../discord/discordOutput.js';
import type { DiscordOutput, DiscordOutputDeps } from '../discord/discordOutput.js';
import { createConsoleOutput } from '../console/consoleSink.js';
import type { TextSink } from '../console/consoleSink.js';
import type { Output } from '../hub/outputHub.js';
import { observeOutbox } from '../ops/observe.js';
import { expected } from './context.js';
import type { BotContext } from './context.js';
import type { OutputKind } from './types.js';
import type { DiscordBot } from './discordBot.js';

/** The one output the bot (or a replay) subscribes to its hub. */
export interface ChosenOutput {
  readonly kind: OutputKind;
  readonly output: Output;
  /** Set when messages go to Discord: its outbox delivery is drained on a timer and at stop. */
  readonly discord: DiscordOutput | null;
}

export interface AlertOutputDeps extends DiscordOutputDeps {
  /** Where messages go when neither DISCORD_TOKEN nor DISCORD_WEBHOOK_URL is set. */
  readonly console: { readonly stream: TextSink; readonly format: 'text' | 'json' };
}

/**
 * Discord (bot or webhook, through the outbox) when the environment names it, else the console.
 * Throws when DISCORD_WEBHOOK_URL is not a webhook URL.
 */
export function createAlertOutput(deps: AlertOutputDeps): ChosenOutput {
  const discord = createDiscordOutput(deps);
  if (discord) {
    const kind = deps.env.DISCORD_TOKEN ? 'discord bot' : 'discord webhook';
    return { kind, output: discord, discord };
  }
  const { stream, format } = deps.console;
  return { kind: 'console', output: createConsoleOutput(stream, format), discord: null };
}

/** Chooses the output (Discord bot, webhook or console), subscribes it to the hub, and drains it at stop. */
export function subscribeOutput(ctx: BotContext, bot: DiscordBot | null): ChosenOutput {
  const { env, now, log, store, config, ops } = ctx;
  const chosen = expected(
    () =>
      createAlertOutput({
        env,
        store: ops ? observeOutbox(store, ops.metrics) : store,
        config: () => config.current(),
        calendar: () => config.calendar(),
        ...(bot ? { rest: bot.rest } : {}),
        console: { stream: ctx.options.stdout ?? process.stdout, format: 'text' },
        ...(ctx.options.renderChartPng ? { renderChartPng: ctx.options.renderChartPng } : {}),
        now,
        log,
      }),
    (why) => `cannot set up the Discord output: ${why}; check DISCORD_WEBHOOK_URL`,
  );
  ctx.hub.subscribe(chosen.output);
  const { discord } = chosen;
  // Drained last before logging out, so messages queued by the final poll still go out.
  if (discord) ctx.teardown.push(() => discord.settle(), 'send the queued Discord messages and alert charts');
  return chosen;
}
