import type { NewsEvent } from '../domain/events.js';
import type { ReportMessage, ReportRow } from '../hub/messages.js';
import type { ReactionRow } from '../pipeline/reactionRows.js';
import type { StoredEvent } from '../store/newsEvents.js';

export interface ReportFacts {
  readonly event: NewsEvent;
  /** The event as stored (feeds, /event add): its matched terms and merged headlines; none for config events. */
  readonly stored: StoredEvent | undefined;
  readonly rows: readonly ReactionRow[];
  /** Whether an earlier version was published: this one then updates it. */
  readonly published: boolean;
  readonly final: boolean;
  readonly now: number;
}

/**
 * The rows as a report carries them: the measured steps, and the prices only where the final chart
 * needs them (a version is queued durably; the earlier ones need no prices).
 */
function reportRows(rows: readonly ReactionRow[], final: boolean): ReportRow[] {
  return rows.map(({ label, reaction, points }) => ({
    label,
    reaction: {
      base: reaction.base,
      measuredFrom: reaction.measuredFrom,
      firstOpen: reaction.firstOpen,
      steps: reaction.steps,
    },
    points: final ? points : [],
  }));
}

/** One version of an event's reaction report, as published to the hub. */
export function reportMessage(facts: ReportFacts): ReportMessage {
  const { event, stored, final, now } = facts;
  const items = stored?.items ?? [];
  const newest = items.at(-1);
  return {
    kind: 'report',
    key: event.id,
    phase: facts.published ? 'update' : 'open',
    at: now,
    event: { id: event.id, title: event.title, time: event.time, link: event.link },
    terms: stored?.matchedTerms ?? [],
    // The first item is the event's own headline; a later one is another outlet or an update.
    update: items.length >= 2 && newest ? { title: newest.title, source: newest.source } : null,
    rows: reportRows(facts.rows, final),
    final,
  };
}
