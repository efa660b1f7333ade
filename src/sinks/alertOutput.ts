import { createDiscordOutput } from '../discord/discordOutput.js';
import type { DiscordOutput, DiscordOutputDeps } from '../discord/discordOutput.js';
import { createConsoleSink } from '../console/consoleSink.js';
import type { TextSink } from '../console/consoleSink.js';
import type { WrapPost } from '../wrap/dailyWrap.js';
import type { Output } from '../hub/outputHub.js';

export type OutputKind = 'discord bot' | 'discord webhook' | 'console';

/** The one output the bot (or a replay) subscribes to its hub. */
export interface ChosenOutput {
  readonly kind: OutputKind;
  readonly output: Output;
  /** Set when alerts go to Discord: its outbox delivery is drained on a timer and at stop. */
  readonly discord: DiscordOutput | null;
}

export interface AlertOutputDeps extends DiscordOutputDeps {
  /** Where alerts go when neither DISCORD_TOKEN nor DISCORD_WEBHOOK_URL is set. */
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
    const output = {
      sink: discord.sink,
      notice: (text: string) => {
        discord.notice(text);
      },
      wrap: (post: WrapPost) => {
        discord.wrap(post);
      },
    };
    return { kind, output, discord };
  }
  const { stream, format } = deps.console;
  const sink = createConsoleSink(stream, format);
  const wrap = (post: WrapPost) => {
    stream.write(format === 'json' ? `${JSON.stringify({ wrap: post })}\n` : `${post.text}\n`);
  };
  return { kind: 'console', output: { sink, wrap }, discord: null };
}
