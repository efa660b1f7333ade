import { REST } from 'discord.js';
import type { Config } from '../config/config.js';
import { secretValues } from '../config/env.js';
import type { Env } from '../config/env.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { Logger } from '../log.js';
import { createRedactor } from '../providers/redact.js';
import type { AlertSink } from '../sinks/sink.js';
import type { Store } from '../store/openStore.js';
import type { WrapPost } from '../wrap/dailyWrap.js';
import { channelFor, renderOutboxMessage } from './alertMessage.js';
import type { OutboxPayload } from './alertMessage.js';
import { restOptions } from './client.js';
import { createDelivery } from './delivery.js';
import type { Delivery } from './delivery.js';
import { createDiscordSink, newNonce } from './discordSink.js';
import { botSender, parseWebhookUrl, WEBHOOK_TARGET, webhookSender } from './senders.js';

/** Alerts to Discord through the outbox, as a bot (token) or through a webhook. */
export interface DiscordOutput {
  readonly sink: AlertSink;
  readonly delivery: Delivery;
  /** Queues a plain notice for the default channel (e.g. a rejected config edit). */
  notice(text: string): void;
  /** Queues a market's daily wrap for the default channel. */
  wrap(post: WrapPost): void;
}

export interface DiscordOutputDeps {
  readonly env: Pick<Env, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_WEBHOOK_URL' | 'DISCORD_CHANNEL_ID'>;
  readonly store: Store;
  readonly config: () => Config;
  readonly calendar: () => MarketCalendar;
  /** The bot client's REST when logged in; otherwise one is made from the token or webhook. */
  readonly rest?: REST;
  readonly now: () => number;
  readonly log: Logger;
}

/** Returns null when neither DISCORD_TOKEN nor DISCORD_WEBHOOK_URL is set (console mode). */
export function createDiscordOutput(deps: DiscordOutputDeps): DiscordOutput | null {
  const { env, store, now, log } = deps;
  const render = (payload: Parameters<typeof renderOutboxMessage>[0], at: number) =>
    renderOutboxMessage(
      payload,
      {
        config: deps.config(),
        calendar: deps.calendar(),
        recentBars: (symbol, since) => store.recentBars(symbol, since),
        log,
      },
      at,
    );

  let send;
  let defaultTarget: () => string | null;
  if (env.DISCORD_TOKEN) {
    const rest = deps.rest ?? new REST(restOptions(env.DISCORD_API_URL)).setToken(env.DISCORD_TOKEN);
    send = botSender(rest, render);
    defaultTarget = () => env.DISCORD_CHANNEL_ID ?? deps.config().discord.channelId;
  } else if (env.DISCORD_WEBHOOK_URL) {
    const url = env.DISCORD_WEBHOOK_URL;
    const webhook = parseWebhookUrl(url);
    if ('error' in webhook) throw new Error(webhook.error);
    const api = url.slice(0, url.indexOf('/webhooks/'));
    send = webhookSender(new REST(restOptions(api)), webhook, render);
    defaultTarget = () => WEBHOOK_TARGET;
  } else {
    return null;
  }
  const delivery = createDelivery({ store, send, now, log, redact: createRedactor(secretValues(env)) });
  const webhookMode = !env.DISCORD_TOKEN;
  const sink = createDiscordSink({
    outbox: store,
    delivery,
    targetFor: (alert) => (webhookMode ? WEBHOOK_TARGET : channelFor(alert, deps.config(), defaultTarget())),
    now,
    log,
  });
  // Notices and wraps go to the default channel, through the outbox like alerts.
  const queue = (payload: OutboxPayload) => {
    const target = defaultTarget();
    if (target === null) return;
    store.enqueue({ nonce: newNonce(), target, payload, eventTime: now() }, now());
    void delivery.drain();
  };
  return {
    sink,
    delivery,
    notice(text) {
      queue({ notice: text });
    },
    wrap(post) {
      queue({ wrap: post });
    },
  };
}
