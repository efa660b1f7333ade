import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIApplicationCommandAutocompleteGuildInteraction,
  APIChatInputApplicationCommandGuildInteraction,
  APIInteraction,
  APIUser,
  GatewayIdentifyData,
} from 'discord.js';
import { FakeGateway } from './gateway.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  registerInteraction,
  type AutocompleteInteractionSpec,
  type CommandInteractionSpec,
} from './interactions.js';
import { createRestListener } from './rest.js';
import { createState } from './state.js';
import type { FakeDiscordOptions, FakeGuild, FakeWebhook, InjectedFailure, Records } from './types.js';
import { waitFor } from '../waitFor.js';
import { specValidator } from './validate.js';
import { buildWorld } from './world.js';

export { rateLimited } from './http.js';
export { loginClient } from './loginClient.js';
export type * from './types.js';
export type { AutocompleteInteractionSpec, CommandInteractionSpec, OptionValue } from './interactions.js';

export interface FakeDiscord extends Readonly<Records> {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** `${origin}/api`, for `new Client({ rest: { api } })` and `new REST({ api })`. */
  readonly apiBase: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The first guild; `guild.alertChannelId` is its first text channel. */
  readonly guild: FakeGuild;
  readonly guilds: readonly FakeGuild[];
  /** The first channel webhook; `webhook.url` is `${origin}/api/webhooks/{id}/{token}`. */
  readonly webhook: FakeWebhook;
  readonly webhooks: readonly FakeWebhook[];
  /** Sessions started by a valid IDENTIFY. */
  readonly identifies: number;
  readonly resumes: number;
  /** Every IDENTIFY received, valid or not. */
  readonly identifyPayloads: readonly GatewayIdentifyData[];
  /** Serve `reply` instead of the real answer to the next `times` matching requests. */
  readonly failNext: (method: string, route: string | RegExp, reply: InjectedFailure, times?: number) => void;
  /** From now on the user does not accept DMs from the bot: posts to their DM channel get 403 50007. */
  readonly closeDms: (userId: string) => void;
  /** The id of the DM channel the bot opened with the user, if it did. */
  readonly dmChannelId: (userId: string) => string | undefined;
  /** While down, every REST request gets 503. */
  readonly setDown: (down: boolean) => void;
  /** Server-side close of every gateway socket; 4000 lets discord.js resume. */
  readonly disconnectGateway: (code?: number) => void;
  /** Sends a dispatch (op 0) to every live session, or queues it for their resume. */
  readonly dispatch: (event: string, data: unknown) => void;
  readonly chatInputInteraction: (
    spec: CommandInteractionSpec,
  ) => APIChatInputApplicationCommandGuildInteraction;
  readonly autocompleteInteraction: (
    spec: AutocompleteInteractionSpec,
  ) => APIApplicationCommandAutocompleteGuildInteraction;
  /** Registers the interaction (so its callback is accepted) and sends INTERACTION_CREATE. */
  readonly dispatchInteraction: <T extends APIInteraction>(interaction: T) => T;
  /** Resolves with the first truthy value of `probe`; fails, naming `what`, only when the test has hung. */
  readonly waitFor: <T>(
    probe: () => T | undefined | null | false,
    what: string,
    hungAfterMs?: number,
  ) => Promise<T>;
  readonly close: () => Promise<void>;
}

/** A local Discord (REST under /api/v10 and a gateway at /gateway) on an OS-chosen 127.0.0.1 port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  specValidator();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const world = buildWorld(options, origin);
  const state = createState(origin, world, options);
  const gateway = new FakeGateway(state);
  server.on('request', createRestListener(state));
  server.on('upgrade', (req, socket, head) => {
    gateway.handleUpgrade(req, socket, head);
  });
  const [guild] = world.guilds;
  const [webhook] = world.webhooks;
  if (!guild || !webhook) throw new Error('fakeDiscord: the world needs a guild and a webhook');
  return {
    ...state.records,
    origin,
    apiBase: `${origin}/api`,
    gatewayUrl: state.gatewayUrl,
    token: world.token,
    applicationId: world.applicationId,
    botUser: world.botUser,
    guild,
    guilds: world.guilds,
    webhook,
    webhooks: world.webhooks,
    get identifies() {
      return gateway.identifies;
    },
    get resumes() {
      return gateway.resumes;
    },
    identifyPayloads: gateway.identifyPayloads,
    failNext: (method, route, reply, times = 1) => {
      state.failures.add(method, route, reply, times);
    },
    closeDms: (userId) => {
      state.closedDms.add(userId);
    },
    dmChannelId: (userId) => state.dmChannels.get(userId)?.id,
    setDown: (down) => {
      state.failures.setDown(down);
    },
    disconnectGateway: (code = 4000) => {
      gateway.disconnect(code);
    },
    dispatch: (event, data) => {
      gateway.dispatch(event, data);
    },
    chatInputInteraction: (spec) => chatInputInteraction(state, spec),
    autocompleteInteraction: (spec) => autocompleteInteraction(state, spec),
    dispatchInteraction: (interaction) => {
      registerInteraction(state, interaction);
      gateway.dispatch('INTERACTION_CREATE', interaction);
      return interaction;
    },
    waitFor,
    close: async () => {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
