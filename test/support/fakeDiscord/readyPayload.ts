import type { GatewayReadyDispatchData } from 'discord.js';
import { bitfield } from './bitfield.js';
import type { FakeState } from './state.js';

/** READY lists guilds as unavailable; their GUILD_CREATEs follow, and discord.js waits for each. */
export function readyPayload(
  state: FakeState,
  sessionId: string,
  shard: readonly [number, number] | undefined,
): GatewayReadyDispatchData {
  const { world } = state;
  return {
    v: 10,
    user: world.botUser,
    guilds: world.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: state.gatewayUrl,
    shard: [shard?.[0] ?? 0, shard?.[1] ?? 1],
    application: { id: world.applicationId, flags: bitfield(0), flags_new: '0' },
  };
}
