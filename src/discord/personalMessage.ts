import { Routes } from 'discord.js';
import type { REST } from 'discord.js';
import type { PersonalFiring } from '../domain/personalAlert.js';
import { formatPersonalFiring } from '../presentation/personalAlertText.js';
import type { OutboxEntry } from '../store/outbox.js';
import { discordTime } from './alertEmbeds.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';

const PERSONAL_COLOR = 0x5865f2;
/** Discord's code for "Cannot send messages to this user": the member's DMs are closed to the bot. */
export const DMS_CLOSED = 50007;
/** Outbox targets of personal alerts: one queue per member, so a member's alerts keep their order. */
const DM_PREFIX = 'dm:';

/**
 * What the outbox keeps for a personal alert: the firing, and where it goes if the member's DMs are
 * closed (the alert channel, with one mention of them). `mention` sends it as that mention at once
 * (a webhook cannot DM).
 */
export interface PersonalPayload {
  readonly personal: PersonalFiring;
  readonly fallbackChannel?: string | null;
  readonly mention?: boolean;
}

export function dmTarget(memberId: string): string {
  return `${DM_PREFIX}${memberId}`;
}

export function isDmTarget(target: string): boolean {
  return target.startsWith(DM_PREFIX);
}

/**
 * The alert as an embed. As a mention it names the member in `content`, and `allowed_mentions` lets
 * only that user be pinged: the one mention the bot ever makes.
 */
export function renderPersonalMessage(
  payload: PersonalPayload,
  deps: Pick<RenderDeps, 'config'>,
  mention = payload.mention === true,
): RenderedMessage {
  const { personal } = payload;
  const decimals = deps.config.instruments.find((i) => i.id === personal.symbol)?.decimals;
  const repeat = personal.repeat
    ? 'It repeats: it re-arms once the price is back across.'
    : 'It has now been removed; /alert add sets a new one.';
  const embed = {
    title: `Your alert: ${personal.symbol}`,
    description: `${formatPersonalFiring(personal, decimals)}\n${discordTime(personal.time, 'f')} · alert #${personal.alertId}. ${repeat}`,
    color: PERSONAL_COLOR,
  };
  if (!mention) return { body: { embeds: [embed], allowed_mentions: { parse: [] } }, files: [] };
  return {
    body: {
      // A webhook cannot DM at all; otherwise the member's DMs are closed to the bot, which they may fix.
      content: `<@${personal.memberId}>, your alert${payload.mention === true ? '' : ' (your DMs are closed to this bot)'}:`,
      embeds: [embed],
      allowed_mentions: { parse: [], users: [personal.memberId] },
    },
    files: [],
  };
}

async function post(rest: REST, channelId: string, nonce: string, rendered: RenderedMessage) {
  const message = (await rest.post(Routes.channelMessages(channelId), {
    body: { ...rendered.body, nonce, enforce_nonce: true },
  })) as { id?: string };
  return message.id ?? null;
}

function dmsClosed(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DMS_CLOSED;
}

/**
 * Sends a personal alert by DM: opens (or finds) the DM channel, then posts with the entry's nonce.
 * Where the member's DMs are closed, posts it in the alert channel with a mention of them instead;
 * with no such channel the refusal stands (a dead letter).
 */
export async function sendPersonal(
  rest: REST,
  entry: OutboxEntry,
  deps: Pick<RenderDeps, 'config'>,
): Promise<string | null> {
  const payload = entry.payload as PersonalPayload;
  const recipient = payload.personal.memberId;
  const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: recipient } })) as {
    id: string;
  };
  try {
    return await post(rest, channel.id, entry.nonce, renderPersonalMessage(payload, deps, false));
  } catch (err) {
    const fallback = payload.fallbackChannel ?? null;
    if (!dmsClosed(err) || fallback === null) throw err;
    return post(rest, fallback, entry.nonce, renderPersonalMessage(payload, deps, true));
  }
}
