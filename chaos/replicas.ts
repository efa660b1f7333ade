/**
 * Replicas of the built bot sharing one PostgreSQL store: each its own process, REPLICA_ID, ops port
 * and log file. Who leads is read from their logs ("leader lease acquired" / "released"), tied to
 * the run (start) of the process that wrote it, so a killed run's late lines never name a leader.
 */
import { join } from 'node:path';
import { botProcess, type BotProcess, type Crash } from './botProcess.js';
import { leaseEventOf, type LeaseEvent } from './failover.js';
import { freePort } from './rig.js';

export interface Replica {
  readonly id: string;
  readonly httpPort: number;
  readonly bot: BotProcess;
}

/** The replica leading now: its run that took the lease and when (its log's clock). */
export interface Leadership {
  readonly replica: Replica;
  readonly run: number;
  readonly since: number;
}

export interface ReplicaSet {
  readonly replicas: readonly Replica[];
  /** Every lease event, in the order the lines arrived. */
  readonly events: readonly LeaseEvent[];
  /** Acquisitions while another run still led without having been killed or stopped. */
  readonly overlaps: number;
  /**
   * Exits after "leader lease lost": the designed end of a leader that could not renew in time (a
   * stalled event loop or database), counted apart from crashes.
   */
  leaseLosses(): Crash[];
  leader(): Leadership | null;
  /** SIGKILLs the leader's process at once (the signal is sent before this returns). */
  killLeader(): Leadership | null;
  /** Starts every replica that is not running: at the start, and a killed one as a new follower. */
  startStopped(): void;
  crashes(): Crash[];
  stopAll(): Promise<void>;
}

const replicaName = (i: number): string => `replica-${String.fromCharCode(97 + i)}`;

export async function startReplicas(
  count: number,
  env: Readonly<Record<string, string>>,
  dir: string,
): Promise<ReplicaSet> {
  const events: LeaseEvent[] = [];
  let leading: Leadership | null = null;
  let overlaps = 0;
  const lostRuns = new Set<string>();
  const runKey = (replica: string, run: number) => `${replica}#${run}`;
  const current = (l: Leadership | null) =>
    l !== null && l.replica.bot.running() && l.replica.bot.starts === l.run ? l : null;
  const onLease = (replica: Replica, run: number, event: LeaseEvent) => {
    events.push(event);
    if (event.kind === 'acquired') {
      if (current(leading) && leading?.replica !== replica) overlaps += 1;
      leading = { replica, run, since: event.at };
    } else if (leading?.replica === replica && leading.run === run) leading = null;
    if (event.kind === 'lost') lostRuns.add(runKey(replica.id, run));
  };
  const exits = () => replicas.flatMap((r) => r.bot.crashes.map((c) => ({ replica: r.id, crash: c })));
  const lost = (e: { replica: string; crash: Crash }) => lostRuns.has(runKey(e.replica, e.crash.run));
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const id = replicaName(i);
    const httpPort = await freePort();
    const replicaEnv = { ...env, REPLICA_ID: id, HTTP_PORT: String(httpPort) };
    const replica: Replica = {
      id,
      httpPort,
      bot: botProcess(replicaEnv, join(dir, `${id}.log`), (line, run) => {
        const event = leaseEventOf(line);
        if (event && event.replica === id) onLease(replica, run, event);
      }),
    };
    replicas.push(replica);
  }
  return {
    replicas,
    events,
    get overlaps() {
      return overlaps;
    },
    leader: () => current(leading),
    killLeader: () => {
      const killed = current(leading);
      if (killed === null) return null;
      leading = null;
      void killed.replica.bot.kill();
      return killed;
    },
    startStopped: () => {
      for (const r of replicas) if (!r.bot.running()) r.bot.start();
    },
    crashes: () =>
      exits()
        .filter((e) => !lost(e))
        .map((e) => e.crash),
    leaseLosses: () =>
      exits()
        .filter(lost)
        .map((e) => e.crash),
    stopAll: async () => {
      await Promise.all(replicas.map((r) => r.bot.stop()));
    },
  };
}

/** What a replica's /readyz says about the lease, or why it said nothing. */
export interface ReadyzView {
  readonly replica: string;
  readonly status: number | null;
  readonly role: string | null;
  readonly leaseHolder: string | null;
}

const READYZ_TIMEOUT_MS = 5_000;

export async function readyzOf(replica: Replica): Promise<ReadyzView> {
  const none = { replica: replica.id, status: null, role: null, leaseHolder: null };
  try {
    const res = await fetch(`http://127.0.0.1:${replica.httpPort}/readyz`, {
      signal: AbortSignal.timeout(READYZ_TIMEOUT_MS),
    });
    const body = (await res.json()) as { role?: unknown; leaseHolder?: unknown };
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { ...none, status: res.status, role: text(body.role), leaseHolder: text(body.leaseHolder) };
  } catch {
    return none;
  }
}
