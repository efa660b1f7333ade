import type { ConfigHolder } from '../config/configHolder.js';
import type { NewsEvent } from '../domain/events.js';
import { REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import type { ReportMessage } from '../hub/messages.js';
import type { OutputHub } from '../hub/outputHub.js';
import type { Logger } from '../log.js';
import type { Monitor } from '../pipeline/monitor.js';
import { reactionRows } from '../pipeline/reactionRows.js';
import type { ReactionRow } from '../pipeline/reactionRows.js';
import type { Store } from '../store/openStore.js';
import type { ReactionReportRow } from '../store/reactionReports.js';
import { reportMessage } from './reportMessage.js';

/** A report whose instruments never reopen (a long holiday) stops being updated after this. */
const GIVE_UP_MS = 4 * 24 * 60 * 60_000;
/** An event found later than this after T0 (e.g. the bot was down) gets no report: it would be stale news. */
const OPEN_REPORT_WITHIN_MS = 60 * 60_000;

export interface ReactionReporter {
  /**
   * Opens a report for every event whose T0 has just passed (config, feeds, /event add alike; one per
   * event, even across restarts), then publishes a new version of each open report whenever another
   * step has been measured, until T+60. Call after each poll.
   */
  advance(): Promise<void>;
}

export interface ReactionReporterDeps {
  readonly config: Pick<ConfigHolder, 'current' | 'calendar'>;
  readonly store: Store;
  readonly monitor: Monitor;
  /** Where each version goes; the outputs decide how (Discord posts, then edits that message). */
  readonly hub: Pick<OutputHub, 'stage' | 'deliver'>;
  readonly now: () => number;
  readonly log: Logger;
}

function filledCells(rows: readonly ReactionRow[]): number {
  return rows.reduce((sum, r) => sum + r.reaction.steps.filter((s) => s.price !== null).length, 0);
}

/** The version of a report due now, or null when nothing new was measured since the last one. */
function dueVersion(
  deps: ReactionReporterDeps,
  report: ReactionReportRow,
  event: NewsEvent,
  now: number,
): { readonly message: ReportMessage; readonly cells: number } | null {
  if (now < event.time) return null;
  const rows = reactionRows(deps, event, now);
  const cells = filledCells(rows);
  const final = cells >= rows.length * REACTION_STEPS_MINUTES.length || now - event.time > GIVE_UP_MS;
  if (report.published && cells <= report.stepsDone && !final) return null;
  const stored = deps.store.events(event.time - 1).find((e) => e.id === event.id);
  return { message: reportMessage({ event, stored, rows, published: report.published, final, now }), cells };
}

/**
 * Publishes one report's due version. Staging and recording the step are one transaction, so a
 * restart neither opens a report twice nor forgets a version; delivery (retries, backoff, dead
 * letters) is the outputs' business.
 */
async function advanceReport(deps: ReactionReporterDeps, report: ReactionReportRow, now: number) {
  const { store, hub, log } = deps;
  const event = deps.monitor.events().find((e) => e.id === report.eventId);
  if (!event) {
    store.closeReport(report.eventId);
    return;
  }
  const due = dueVersion(deps, report, event, now);
  if (!due) return;
  const { message: version, cells } = due;
  store.transaction(() => {
    hub.stage(version);
    store.markPublished(report.eventId, cells, version.final);
  });
  log.info(
    { eventId: event.id, phase: version.phase, cells, final: version.final },
    'reaction report published',
  );
  try {
    await hub.deliver(version);
  } catch (err) {
    log.warn({ eventId: event.id, err }, 'reaction report not delivered yet; the output retries it');
  }
}

function openNewReports(deps: ReactionReporterDeps, now: number): void {
  const { store } = deps;
  // Quiet events were over the hourly report cap (news.caps) and were summarised instead.
  const quiet = store.quietEventIds(now - OPEN_REPORT_WITHIN_MS);
  for (const event of deps.monitor.events()) {
    if (event.time <= now && now - event.time < OPEN_REPORT_WITHIN_MS && !quiet.has(event.id)) {
      store.scheduleReport(event.id);
    }
  }
}

export function createReactionReporter(deps: ReactionReporterDeps): ReactionReporter {
  let running: Promise<void> | null = null;
  return {
    advance() {
      running ??= (async () => {
        const now = deps.now();
        openNewReports(deps, now);
        for (const report of deps.store.openReports()) await advanceReport(deps, report, now);
      })().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
