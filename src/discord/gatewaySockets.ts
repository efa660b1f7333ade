/**
 * Ends the gateway sockets discord.js leaves behind when a client is destroyed mid-handshake.
 * @discordjs/ws closes only an OPEN socket on destroy; one still CONNECTING loses its error handler
 * and is left to finish on its own: a late 101 opened a second gateway connection nobody used, and a
 * late "Unexpected server response: 408" was emitted with no listener and crashed the process. The
 * shards and their sockets are private there, hence the structural read below.
 */
import type { IShardingStrategy } from 'discord.js';

/** The part of a raw `ws` socket this needs. */
interface RawSocket {
  readonly readyState: number;
  on(event: 'error', listener: (err: Error) => void): unknown;
  terminate(): void;
}

/** What SimpleShardingStrategy keeps privately: its shards, each with its current socket. */
interface StrategyInternals {
  readonly shards?: ReadonlyMap<number, { readonly connection?: RawSocket | null }>;
}

const CLOSED = 3;

export interface GatewaySockets {
  /** For `ws.buildStrategy`: remembers the strategy and returns it unchanged. */
  track<T extends IShardingStrategy>(strategy: T): T;
  /** The shards' sockets now; read before destroying the client, which forgets its shards. */
  current(): RawSocket[];
}

export function trackGatewaySockets(): GatewaySockets {
  const strategies: IShardingStrategy[] = [];
  return {
    track(strategy) {
      strategies.push(strategy);
      return strategy;
    },
    current() {
      return strategies.flatMap((strategy) =>
        [...((strategy as StrategyInternals).shards?.values() ?? [])]
          .map((shard) => shard.connection)
          .filter((socket): socket is RawSocket => socket !== null && socket !== undefined),
      );
    },
  };
}

/** Terminates every socket not yet closed, with an error listener so a late failure is harmless. */
export function endStraySockets(sockets: readonly RawSocket[]): number {
  let ended = 0;
  for (const socket of sockets) {
    if (socket.readyState === CLOSED) continue;
    socket.on('error', () => undefined);
    socket.terminate();
    ended += 1;
  }
  return ended;
}
