import { GatewayIntentBits, type GatewayIdentifyData } from 'discord.js';
import type { RawData } from 'ws';
import type { FakeState } from './state.js';

export interface Frame {
  readonly op: number;
  readonly d: unknown;
  readonly s: number | null;
  readonly t: string | null;
}

export const frame = (op: number, d: unknown = null): Frame => ({ op, d, s: null, t: null });

export const frameText = (data: RawData): string => {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
};

const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);
const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** The close code and reason Discord uses to refuse an IDENTIFY, if it would. */
export function identifyRefusal(
  alreadyIdentified: boolean,
  data: GatewayIdentifyData,
  state: FakeState,
): { code: number; reason: string } | undefined {
  if (alreadyIdentified) return { code: 4005, reason: 'Already authenticated' };
  if (data.token !== state.world.token) return { code: 4004, reason: 'Authentication failed' };
  if (typeof data.intents !== 'number' || (data.intents & ~ALL_INTENTS) !== 0) {
    return { code: 4013, reason: 'Invalid intent(s)' };
  }
  if ((data.intents & PRIVILEGED_INTENTS & ~state.limits.privilegedIntents) !== 0) {
    return { code: 4014, reason: 'Disallowed intent(s)' };
  }
  return undefined;
}
