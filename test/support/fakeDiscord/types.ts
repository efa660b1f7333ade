import type { APIUser, ChannelType } from 'discord.js';
import type { RecordedRequest } from './records.js';

export type * from './records.js';

export interface ChannelSpec {
  readonly id?: string;
  readonly name: string;
  /** Defaults to a text channel (0). */
  readonly type?: ChannelType;
}

export interface RoleSpec {
  readonly id?: string;
  readonly name: string;
  /** Decimal permission bitfield, as Discord sends it. */
  readonly permissions: string;
}

export interface GuildSpec {
  readonly id?: string;
  readonly name?: string;
  /** The first text channel becomes `alertChannelId`. */
  readonly channels?: readonly ChannelSpec[];
  readonly roles?: readonly RoleSpec[];
  /** Decimal bitfield for @everyone. */
  readonly everyonePermissions?: string;
}

export interface WebhookSpec {
  readonly id?: string;
  readonly token?: string;
  /** Defaults to the first guild's alert channel. */
  readonly channelId?: string;
}

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly guilds?: readonly GuildSpec[];
  readonly webhooks?: readonly WebhookSpec[];
  /** Decimal bitfield granted to the bot's managed role (also sent as `app_permissions`). */
  readonly botPermissions?: string;
  /** Privileged intents the application is approved for; others close the gateway with 4014. */
  readonly privilegedIntents?: number;
  /** Only needs to be long: discord.js waits a random share of it before its first heartbeat. */
  readonly heartbeatIntervalMs?: number;
  readonly nonceWindowMs?: number;
  /** Discord answers 10062 Unknown interaction when the first response comes later than this. */
  readonly interactionDeadlineMs?: number;
  /**
   * The clock the interaction deadline is judged on. By default it stands still, so a loaded machine
   * never expires an interaction; a test of the deadline passes its own clock and moves it.
   */
  readonly now?: () => number;
  readonly maxFileBytes?: number;
  /**
   * Hears each REST request once it is carried out, its status set, just before the answer is
   * written (not for resets, closes or drops): a chaos run kills the bot there, between Discord
   * posting a message and the bot learning so.
   */
  readonly beforeAnswer?: (request: RecordedRequest) => void;
}

export interface FakeChannel {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly type: ChannelType;
  readonly position: number;
}

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: string;
  readonly position: number;
  readonly managed: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly alertChannelId: string;
  readonly channels: readonly FakeChannel[];
  readonly roles: readonly FakeRole[];
  readonly everyonePermissions: string;
}

export interface FakeWebhook {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  /** `${origin}/api/webhooks/{id}/{token}` */
  readonly url: string;
}

/**
 * An answer that replaces the real one: an HTTP reply; 'reset' (TCP RST, the client sees ECONNRESET);
 * 'close' (the socket ends without an answer, "other side closed"); 'hang' (no answer until the client gives up);
 * 'drop' (the request IS carried out, then the answer is lost to a TCP RST: the case nonces exist for).
 */
export type InjectedFailure =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }
  | 'reset'
  | 'close'
  | 'hang'
  | 'drop';

export interface World {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** Owns the guilds and is the default user of dispatched interactions. */
  readonly humanUser: APIUser;
  readonly botRoleIds: ReadonlyMap<string, string>;
  readonly botPermissions: string;
  readonly guilds: readonly FakeGuild[];
  readonly webhooks: readonly FakeWebhook[];
}
