import type { APIDMChannel, APIMessage, InteractionType } from 'discord.js';
import { FailurePlan } from './failures.js';
import type {
  FakeDiscordOptions,
  JsonObject,
  RecordedRequest,
  Records,
  UploadedFile,
  World,
} from './types.js';

export interface PendingInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly channelId: string;
  readonly guildId: string | undefined;
  readonly dispatchedAt: number;
  acknowledged: boolean;
  original: APIMessage | undefined;
  readonly followups: Map<string, APIMessage>;
}

export interface Limits {
  readonly heartbeatIntervalMs: number;
  readonly privilegedIntents: number;
  readonly nonceWindowMs: number;
  readonly interactionDeadlineMs: number;
  readonly maxFileBytes: number;
}

/** Everything the REST and gateway halves share. */
export interface FakeState {
  readonly origin: string;
  /** ws://127.0.0.1:PORT/gateway, also the resume URL. */
  readonly gatewayUrl: string;
  readonly world: World;
  readonly limits: Limits;
  /** Discord's clock for the interaction deadline (FakeDiscordOptions.now). */
  readonly now: () => number;
  readonly records: Records;
  readonly failures: FailurePlan;
  readonly interactions: Map<string, PendingInteraction>;
  /** Messages by id, so edits and fetches find them. */
  readonly messages: Map<string, APIMessage>;
  /** Uploaded files by `/attachments/{channel}/{id}/{name}`, served back at that URL. */
  readonly attachments: Map<string, UploadedFile>;
  /** Registered commands by `global` or guild id, as answered (with ids). */
  readonly commands: Map<string, JsonObject[]>;
  /** DM channels the bot opened, by recipient id. */
  readonly dmChannels: Map<string, APIDMChannel>;
  /** Users who do not accept DMs from the bot: posts to their DM channel get 50007. */
  readonly closedDms: Set<string>;
  readonly beforeAnswer: (request: RecordedRequest) => void;
}

export function createState(origin: string, world: World, options: FakeDiscordOptions): FakeState {
  const startedAt = Date.now();
  return {
    origin,
    gatewayUrl: `${origin.replace(/^http/, 'ws')}/gateway`,
    world,
    limits: {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      privilegedIntents: options.privilegedIntents ?? 0,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3_000,
      maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
    },
    now: options.now ?? (() => startedAt),
    records: {
      requests: [],
      messages: [],
      edits: [],
      interactionResponses: [],
      webhookEdits: [],
      commandRegistrations: [],
      validationErrors: [],
    },
    failures: new FailurePlan(),
    interactions: new Map(),
    messages: new Map(),
    attachments: new Map(),
    commands: new Map(),
    dmChannels: new Map(),
    closedDms: new Set(),
    beforeAnswer: options.beforeAnswer ?? (() => undefined),
  };
}
