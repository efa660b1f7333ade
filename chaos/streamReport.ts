/**
 * The stream scenario's summary per fault: what was planted, the false alerts it led to, crashes,
 * and how soon the real crosses printed after it reached Discord. Pure: built from the records.
 */
import type { Crash } from './botProcess.js';
import type { FalseAlert } from './judge.js';
import { keyOf, type BotRecords } from './tally.js';

/**
 * A real cross must be decided this soon after its print (issue 18's target). Judged on the bot's
 * decision (the alert recorded and queued for Discord): the post after it adds the chart's
 * rendering and the fake Discord, which measure the machine; that time is reported beside it.
 */
export const PROBE_TARGET_MS = 2_000;

/** A stretch of the run: the baseline, then each fault from the moment it was planted. */
export interface Phase {
  readonly name: string;
  readonly at: number;
}

/** A real level cross printed by the script; `after` names the phase it was printed in. */
export interface Probe {
  readonly key: string;
  readonly after: string;
  readonly printAt: number;
}

export interface ProbeTiming {
  readonly key: string;
  readonly after: string;
  /** Print to the alert recorded (the bot's decision), ms; null when never recorded. */
  readonly decidedMs: number | null;
  /** Print to the message in Discord, ms; null when never posted. */
  readonly postedMs: number | null;
  /** Lost or late: decided later than PROBE_TARGET_MS, or never posted. */
  readonly verdict: 'ok' | 'late' | 'lost';
  /** For a lost probe: an earlier false alert of the same condition, whose cooldown may have muted it. */
  readonly mutedBy?: string;
}

export interface PostedAt {
  readonly nonce: string | number | undefined;
  readonly message: { readonly timestamp: string };
}

const earliest = (times: number[]): number | null => (times.length === 0 ? null : Math.min(...times));

/** The probe's alert: its condition, recorded after the print and not found false (a bad print's cross is no probe's). */
export function probeTiming(
  probe: Probe,
  records: BotRecords,
  messages: readonly PostedAt[],
  falseIds: ReadonlySet<string>,
): ProbeTiming {
  const alerts = records.alerts.filter(
    (a) => keyOf(a) === probe.key && a.recordedAt >= probe.printAt && !falseIds.has(a.id),
  );
  const ids = new Set(alerts.map((a) => a.id));
  const recordedAt = earliest(alerts.map((a) => a.recordedAt));
  const postedAt = earliest(
    messages
      .filter((m) => (records.outbox.get(String(m.nonce)) ?? []).some((id) => ids.has(id)))
      .map((m) => Date.parse(m.message.timestamp)),
  );
  const since = (t: number | null) => (t === null ? null : t - probe.printAt);
  const [decidedMs, postedMs] = [since(recordedAt), since(postedAt)];
  if (decidedMs === null || postedMs === null) {
    const muted = records.alerts.find(
      (a) => falseIds.has(a.id) && keyOf(a) === probe.key && a.recordedAt < probe.printAt,
    );
    const mutedBy = muted ? { mutedBy: muted.id } : {};
    return { key: probe.key, after: probe.after, decidedMs, postedMs, verdict: 'lost', ...mutedBy };
  }
  const verdict = decidedMs > PROBE_TARGET_MS ? 'late' : 'ok';
  return { key: probe.key, after: probe.after, decidedMs, postedMs, verdict };
}

/** The phase a moment falls in: the last one started by then. */
export function phaseAt(phases: readonly Phase[], time: number): string {
  return phases.filter((p) => p.at <= time).at(-1)?.name ?? phases[0]?.name ?? 'baseline';
}

export interface StreamRunFacts {
  readonly phases: readonly Phase[];
  readonly probes: readonly ProbeTiming[];
  readonly planted: Readonly<Record<string, Record<string, unknown>>>;
  readonly falseAlerts: readonly FalseAlert[];
  readonly crashes: readonly Crash[];
  readonly records: BotRecords;
}

/**
 * Per phase: what was planted, the false alerts (by the planted price they carry, else by when the
 * bot recorded them), the crashes, and the probes printed after it with their timings.
 */
export function streamFaultReport(facts: StreamRunFacts) {
  const recordedAt = new Map(facts.records.alerts.map((a) => [a.id, a.recordedAt]));
  const falseIn = (name: string) =>
    facts.falseAlerts.filter((f) => (f.fault ?? phaseAt(facts.phases, recordedAt.get(f.id) ?? 0)) === name);
  return Object.fromEntries(
    facts.phases.map(({ name }) => {
      const falseAlerts = falseIn(name);
      const probes = facts.probes.filter((p) => p.after === name);
      const crashes = facts.crashes.filter((c) => phaseAt(facts.phases, c.at) === name);
      return [
        name,
        {
          ...(facts.planted[name] ? { planted: facts.planted[name] } : {}),
          false: falseAlerts.length,
          crashed: crashes.length,
          probes,
          details: {
            false: falseAlerts.map((f) => `${f.id}: ${f.reason}`),
            crashes: crashes.map((c) => `exit ${String(c.code ?? c.signal)}: ${c.lastError}`),
          },
        },
      ];
    }),
  );
}
