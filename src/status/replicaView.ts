/**
 * Which part one replica plays when several share a PostgreSQL store: the leader runs the bot, the
 * followers stand by for its lease. A bot on its own SQLite file has no replica view.
 */
export interface ReplicaView {
  /** This replica's name in the lease (REPLICA_ID). */
  readonly id: string;
  readonly role: 'leader' | 'follower';
  /** The replica holding the lease as last read, null when nobody holds it. */
  readonly leaseHolder: string | null;
  /** Seconds since the holder took the lease, null when nobody holds it. */
  readonly leaseAgeSeconds: number | null;
}

/** The replica fields of /readyz and /status: a lone bot reads as role "single". */
export function replicaReadout(view: ReplicaView | null): {
  role: ReplicaView['role'] | 'single';
  replica: string | null;
  leaseHolder: string | null;
  leaseAgeSeconds: number | null;
} {
  if (view === null) return { role: 'single', replica: null, leaseHolder: null, leaseAgeSeconds: null };
  const age = view.leaseAgeSeconds === null ? null : Math.round(view.leaseAgeSeconds * 10) / 10;
  return { role: view.role, replica: view.id, leaseHolder: view.leaseHolder, leaseAgeSeconds: age };
}
