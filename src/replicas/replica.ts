/**
 * One replica of several sharing a PostgreSQL store (STORE_URL): it stands by until it holds the
 * leader lease, then builds the whole bot (polls, stream, news, Discord gateway, delivery) with the
 * lease's fencing token, renews the lease, and gives up at once when it cannot: the process ends so
 * its supervisor restarts it as a follower. A clean stop stops the bot, then releases the lease so a
 * follower takes over within its retry interval. See docs/replicas.md.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expected } from '../app/context.js';
import { BotStartError } from '../app/types.js';
import type { BotHandle, BotOptions } from '../app/types.js';
import type { Config } from '../config/config.js';
import { loadConfigFile } from '../config/loadConfig.js';
import type { StopOutcome } from '../ops/shutdown.js';
import { startStandbyServer } from '../ops/standbyServer.js';
import type { OpsServer } from '../ops/httpServer.js';
import type { ReplicaView } from '../status/replicaView.js';
import { openLeaderLease } from './leaderLease.js';
import type { LeaderLease, LeaseFacts } from './leaderLease.js';

/** What a replica needs of the bot it leads. */
export type LedBot = Pick<BotHandle, 'fatal' | 'stop' | 'stopOutcome'>;

export interface ReplicaOptions extends BotOptions {
  /** Builds the bot once the lease is held (src/app's startBot). */
  readonly startBot: (options: BotOptions) => Promise<LedBot>;
}

/** What main.ts needs of a replica: the same shape as a lone bot's handle. */
export interface ReplicaHandle {
  /** Resolves when the replica must end: its lease is lost, or the bot it leads stopped itself. */
  readonly fatal: Promise<Error>;
  stop(): Promise<void>;
  stopOutcome(): StopOutcome | null;
}

type LeaseTimings = Config['storage']['lease'];

/** Half a second of slack: a renewal that lands this close to the lease's end may already be too late. */
const RENEW_SLACK_MS = 500;

function describeStore(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'STORE_URL';
  }
}

/** Opens the lease's own connection; a replica calls it again after any failure (PostgreSQL restarted). */
function leaseOpener(url: string, id: string, lease: LeaseTimings): () => Promise<LeaderLease> {
  return () =>
    openLeaderLease({
      url,
      replicaId: id,
      ttlSeconds: lease.ttlSeconds,
      queryTimeoutMs: Math.max(1_000, lease.renewEverySeconds * 1_000),
    });
}

/** Starts a replica: a follower at once, the leader when the lease comes its way. */
export async function startReplica(options: ReplicaOptions): Promise<ReplicaHandle> {
  const { env } = options;
  const url = env.STORE_URL;
  if (url === undefined)
    throw new BotStartError('A replica needs STORE_URL=postgres://… (the shared store).');
  const config = expected(
    () => loadConfigFile(options.configPath ?? env.CONFIG_PATH),
    (why) => why,
  );
  const id = env.REPLICA_ID ?? `${hostname()}-${process.pid}`;
  const timings = config.storage.lease;
  const replica = new Replica(options, {
    id,
    where: describeStore(url),
    timings,
    open: leaseOpener(url, id, timings),
  });
  await replica.standBy();
  return {
    fatal: replica.fatal,
    stop: () => replica.stop(),
    stopOutcome: () => replica.stopOutcome(),
  };
}

interface ReplicaParts {
  readonly id: string;
  /** host:port/database of the store, for log lines (never the password). */
  readonly where: string;
  readonly timings: LeaseTimings;
  readonly open: () => Promise<LeaderLease>;
}

class Replica {
  readonly fatal: Promise<Error>;
  private endWith: (err: Error) => void = () => undefined;
  private readonly stopping = new AbortController();
  private role: ReplicaView['role'] = 'follower';
  private facts: LeaseFacts & { readAt: number } = { holder: null, token: 0, ageSeconds: null, readAt: 0 };
  private standby: OpsServer | null = null;
  private bot: LedBot | null = null;
  private token: number | null = null;
  private lease: LeaderLease | null = null;
  /** Set while lease queries fail, so an outage is logged when it starts and ends, not at every try. */
  private troubled = false;
  private readonly id: string;
  private readonly timings: LeaseTimings;

  constructor(
    private readonly options: ReplicaOptions,
    private readonly parts: ReplicaParts,
  ) {
    this.id = parts.id;
    this.timings = parts.timings;
    this.fatal = new Promise<Error>((resolve) => {
      this.endWith = resolve;
    });
  }

  readonly view = (): ReplicaView => {
    const { holder, ageSeconds, readAt } = this.facts;
    const age = ageSeconds === null ? null : ageSeconds + (performance.now() - readAt) / 1_000;
    return { id: this.id, role: this.role, leaseHolder: holder, leaseAgeSeconds: age };
  };

  async standBy(): Promise<void> {
    const { env, log } = this.options;
    if (env.HTTP_PORT !== undefined) {
      this.standby = await startStandbyServer({
        host: env.HTTP_HOST,
        port: env.HTTP_PORT,
        log,
        replica: this.view,
      });
    }
    void this.follow();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.stepDown();
    await this.standby?.close();
    await this.lease?.close().catch(() => undefined);
  }

  stopOutcome(): StopOutcome | null {
    return this.bot?.stopOutcome() ?? null;
  }

  /**
   * Runs one lease query, connecting first if need be. A failure counts as "no answer" (the caller
   * decides what that means) and drops the connection, so the next query starts a fresh one.
   */
  private async ask<T>(what: string, query: (lease: LeaderLease) => Promise<T>): Promise<T | undefined> {
    try {
      this.lease ??= await this.parts.open();
      const answer = await query(this.lease);
      if (this.troubled) this.options.log.info({ replica: this.id }, 'lease: PostgreSQL answers again');
      this.troubled = false;
      return answer;
    } catch (err) {
      const broken = this.lease;
      this.lease = null;
      await broken?.close().catch(() => undefined);
      if (!this.troubled) {
        const why = err instanceof Error ? err.message : String(err);
        this.options.log.warn(
          { replica: this.id, err: why },
          `lease: ${what} failed at ${this.parts.where}; retrying (check STORE_URL and that PostgreSQL is up)`,
        );
      }
      this.troubled = true;
      return undefined;
    }
  }

  /** A method, not a field read: the checks after an await must see a stop that came meanwhile. */
  private stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private async follow(): Promise<void> {
    while (!this.stopped()) {
      const askedAt = performance.now();
      const won = await this.ask('taking the lease', (l) => l.tryAcquire());
      if (won !== undefined && won !== null) return this.lead(won, askedAt);
      const read = await this.ask('reading the lease', (l) => l.read());
      if (read) this.facts = { ...read, readAt: performance.now() };
      // Jitter keeps followers that started together from asking in lockstep.
      await this.pause(this.timings.retryEverySeconds * 1_000 * (0.75 + Math.random() * 0.5));
    }
  }

  private async lead(won: number, askedAt: number): Promise<void> {
    this.token = won;
    this.role = 'leader';
    this.facts = { holder: this.id, token: won, ageSeconds: 0, readAt: askedAt };
    this.options.log.info({ replica: this.id, leaseToken: won }, 'leader lease acquired');
    await this.standby?.close();
    this.standby = null;
    const fence = { holder: this.id, token: won };
    try {
      this.bot = await this.options.startBot({ ...this.options, replica: { fence, view: this.view } });
    } catch (err) {
      await this.ask('releasing the lease', (l) => l.release(won));
      this.endWith(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // A stop that came while the bot was being built finds no bot to stop; stop it here instead.
    if (this.stopped()) return this.stepDown();
    void this.bot.fatal.then(async (err) => {
      await this.ask('releasing the lease', (l) => l.release(won));
      this.endWith(err);
    });
    await this.keepLease(won, askedAt);
  }

  /** Renews until stopped; ends the replica when the lease is lost or may have run out unrenewed. */
  private async keepLease(held: number, askedAt: number): Promise<void> {
    const ttlMs = this.timings.ttlSeconds * 1_000;
    let validUntil = askedAt + ttlMs;
    while (!this.stopped()) {
      await this.pause(this.timings.renewEverySeconds * 1_000);
      if (this.stopped()) return;
      const sentAt = performance.now();
      const renewed = await this.ask('renewing the lease', (l) => l.renew(held));
      if (renewed === true) validUntil = sentAt + ttlMs;
      if (renewed === false || performance.now() > validUntil - RENEW_SLACK_MS) {
        this.options.log.error({ replica: this.id, leaseToken: held }, 'leader lease lost');
        this.endWith(
          new Error(
            `Replica ${this.id} lost the leader lease (another replica took it, or PostgreSQL did not answer the renewal in time); exiting so a supervisor restarts it as a follower.`,
          ),
        );
        return;
      }
    }
  }

  /** Stops the bot this replica leads, then hands the lease on at once. */
  private async stepDown(): Promise<void> {
    const { bot, token } = this;
    if (bot === null || token === null) return;
    await bot.stop();
    await this.ask('releasing the lease', (l) => l.release(token));
    this.options.log.info({ replica: this.id, leaseToken: token }, 'leader lease released');
    this.token = null;
  }
}
