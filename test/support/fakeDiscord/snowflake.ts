import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH_MS = 1_420_070_400_000n;
let increment = 0n;

/** A Discord-shaped snowflake: 19 digits for any date after 2022, strictly increasing within a process. */
export function snowflake(atMs: number = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(atMs) - DISCORD_EPOCH_MS) << 22n) | (1n << 17n) | increment).toString();
}

/** The ISO timestamp encoded in a snowflake, the way Discord derives message timestamps. */
export function snowflakeTimestamp(id: string): string {
  const ms = Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Opaque token text; interaction tokens are long and URL-safe like Discord's. */
export function opaqueToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Bot tokens are `base64(user id).timestamp.hmac`; discord.js only needs a non-empty string. */
export function botToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${opaqueToken(4)}.${opaqueToken(27)}`;
}
