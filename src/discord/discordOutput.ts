import { REST } from 'discord.js';
import type { Config } from '../config/config.js';
import { secretValues } from '../config/env.js';
import type { Env } from '../config/env.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { Logger } from '../log.js';
import type { ReportMessage } from '../hub/messages.js';
import type { Output } from '../hub/outputHub.js';
import { createRedactor } from '../http/redact.js';
import type { Store } from '../store/openStore.js';
import { channelFor, renderAlertChart } from './alertMessage.js';
import type { RenderChartPng } from './alertMessage.js';
import { createAlertChartFollowUp } from './alertChartFollowUp.js';
import type { RenderDeps } from './rendering.js';
import { restOptions } from './client.js';
import { createDelivery } from './delivery.js';
import type { Delivery } from './delivery.js';
import { createAlertStaging, newNonce } from './discordSink.js';
import { renderOutboxMessage } from './outboxMessage.js';
import { dmTarget } from './personalMessage.js';
import type { PersonalPayload } from './personalMessage.js';
import type { PersonalFiring } from '../domain/personalAlert.js';
import type { OutboxPayload } from './outboxMessage.js';
import { botSender, parseWebhookUrl, WEBHOOK_TARGET, webhookSender } from './senders.js';
import type { SendEntry } from './delivery.js';

/**
 * Every message to Discord through the outbox, as a bot (token) or through a webhook: alerts to
 * their channels, notices, wraps and reaction reports to the default one (a report's post there,
 * then edits of that message).
 */
export interface DiscordOutput extends Output {
  readonly stage: NonNullable<Output['stage']>;
  readonly delivery: Delivery;
  /** At stop: finishes the alert charts being rendered, then sends everything queued. */
  settle(): Promise<void>;
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
  /** Renders alert charts; the chart worker's by default (tests hold or fail renders with it). */
  readonly renderChartPng?: RenderChartPng;
}

function renderDeps(deps: DiscordOutputDeps): RenderDeps {
  const { store, log } = deps;
  return {
    config: deps.config(),
    calendar: deps.calendar(),
    recentBars: (symbol, since) => store.recentBars(symbol, since),
    log,
  };
}

/** How messages are sent, and where those without a channel of their own go. */
function chooseSender(
  deps: DiscordOutputDeps,
): { send: SendEntry; defaultTarget: () => string | null } | null {
  const { env } = deps;
  const render = (payload: OutboxPayload, at: number) => renderOutboxMessage(payload, renderDeps(deps), at);
  if (env.DISCORD_TOKEN) {
    const rest = deps.rest ?? new REST(restOptions(env.DISCORD_API_URL)).setToken(env.DISCORD_TOKEN);
    const defaultTarget = () => env.DISCORD_CHANNEL_ID ?? deps.config().discord.channelId;
    return { send: botSender(rest, render, deps.config), defaultTarget };
  }
  if (env.DISCORD_WEBHOOK_URL) {
    const url = env.DISCORD_WEBHOOK_URL;
    const webhook = parseWebhookUrl(url);
    if ('error' in webhook) throw new Error(webhook.error);
    const api = url.slice(0, url.indexOf('/webhooks/'));
    return {
      send: webhookSender(new REST(restOptions(api)), webhook, render),
      defaultTarget: () => WEBHOOK_TARGET,
    };
  }
  return null;
}

/**
 * A report's first version is posted; later ones edit that message, wherever it went (a channel
 * change in the config does not move a running report).
 */
function stageReport(deps: DiscordOutputDeps, report: ReportMessage, target: string | null): void {
  const { store, now, log } = deps;
  const payload = { report };
  if (report.phase === 'update') {
    const seq = store.enqueueEdit(
      { reportKey: report.key, nonce: newNonce(), payload, eventTime: report.at },
      now(),
    );
    if (seq === null)
      log.debug({ reportKey: report.key }, 'report not edited: its message was never posted or was refused');
    return;
  }
  if (target === null) {
    log.error(
      { reportKey: report.key },
      'no Discord channel for reaction reports; set discord.channelId or DISCORD_CHANNEL_ID',
    );
    return;
  }
  store.enqueue({ nonce: newNonce(), target, payload, eventTime: report.at, reportKey: report.key }, now());
}

/**
 * A personal alert is queued per member by DM, with the channel to mention them in if their DMs are
 * closed (the instrument's channel); a webhook cannot DM, so there it is that mention at once.
 */
function stagePersonal(
  deps: DiscordOutputDeps,
  firing: PersonalFiring,
  defaultTarget: string | null,
  webhookMode: boolean,
): void {
  const fallbackChannel = deps.config().discord.symbolChannels[firing.symbol] ?? defaultTarget;
  const payload: PersonalPayload = webhookMode
    ? { personal: firing, mention: true }
    : { personal: firing, fallbackChannel };
  const target = webhookMode ? WEBHOOK_TARGET : dmTarget(firing.memberId);
  // The firing's key is the nonce: one firing is one message, however often it is retried.
  deps.store.enqueue({ nonce: firing.key, target, payload, eventTime: firing.time }, deps.now());
}

/** Alerts are staged as text posts; their charts follow as edits once the text is out. */
function alertStages(
  deps: DiscordOutputDeps,
  delivery: Delivery,
  webhookMode: boolean,
  defaultTarget: () => string | null,
) {
  const { store, now, log } = deps;
  const stageAlerts = createAlertStaging({
    outbox: store,
    targetFor: (alert) => (webhookMode ? WEBHOOK_TARGET : channelFor(alert, deps.config(), defaultTarget())),
    now,
    log,
  });
  const charts = createAlertChartFollowUp({
    outbox: store,
    renderChart: (payload) => renderAlertChart(payload, renderDeps(deps), deps.renderChartPng),
    onQueued: () => {
      delivery.drain().catch((err: unknown) => {
        log.error({ err }, 'alert chart edit not delivered');
      });
    },
    now,
    log,
  });
  return { stageAlerts, charts };
}

/** Returns null when neither DISCORD_TOKEN nor DISCORD_WEBHOOK_URL is set (console mode). */
export function createDiscordOutput(deps: DiscordOutputDeps): DiscordOutput | null {
  const chosen = chooseSender(deps);
  if (!chosen) return null;
  const { store, now, log } = deps;
  const { defaultTarget } = chosen;
  const redact = createRedactor(secretValues(deps.env));
  const delivery = createDelivery({ store, send: chosen.send, now, log, redact });
  const webhookMode = !deps.env.DISCORD_TOKEN;
  const { stageAlerts, charts } = alertStages(deps, delivery, webhookMode, defaultTarget);
  // Notices and wraps go to the default channel, through the outbox like alerts.
  const queue = (payload: OutboxPayload) => {
    const target = defaultTarget();
    if (target !== null) store.enqueue({ nonce: newNonce(), target, payload, eventTime: now() }, now());
  };
  return {
    delivery,
    stage(message) {
      switch (message.kind) {
        case 'alerts':
          charts.expect(stageAlerts(message.batch));
          return;
        case 'notice':
          queue({ notice: message.text });
          return;
        case 'wrap':
          queue({ wrap: message.wrap });
          return;
        case 'report':
          stageReport(deps, message, defaultTarget());
          return;
        case 'personal':
          stagePersonal(deps, message.firing, defaultTarget(), webhookMode);
      }
    },
    async deliver() {
      // The text first; the charts are drawn once it is out, so drawing never delays it.
      await delivery.drain();
      charts.start();
    },
    async settle() {
      charts.start();
      await charts.settle();
      await delivery.drain();
    },
  };
}
