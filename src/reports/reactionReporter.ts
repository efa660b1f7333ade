import type { ConfigHolder } from '../config/configHolder.js';
import type { NewsEvent } from '../domain/events.js';
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
   * step has settled (a price, or "no price" after the grace), until every row is settled: T+60 for
   * the markets open at T0, an hour after the next open for the others. Call after each poll.
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

type RowSteps = Pick<ReactionRow, 'reaction'>;

/** A step is settled once it has a price or is known to have none ("no price", after the grace). */
const settledSteps = (row: RowSteps) =>
  row.reaction.steps.filter((s) => s.price !== null || s.missing).length;
const isSettled = (row: RowSteps) => settledSteps(row) === row.reaction.steps.length;

/**
 * Where a report stands. Final (the version with the chart) once every row measured from T0 is
 * settled, at T+60 plus the grace at the latest, so an instrument that cannot be quoted holds nothing
 * back. A market closed at T0 is measured from its next open: its row is completed by later edits of
 * the final version, and the report ends when every row is settled or after GIVE_UP_MS.
 */
function reportProgress(rows: readonly RowSteps[], sinceT0Ms: number) {
  const fromEvent = rows.filter((r) => r.reaction.measuredFrom === 'event');
  const finished = rows.every(isSettled) || sinceT0Ms > GIVE_UP_MS;
  const final = finished || (fromEvent.length > 0 && fromEvent.every(isSettled));
  return { cells: rows.reduce((sum, r) => sum + settledSteps(r), 0), final, finished };
}

/** The version of a report due now, or null when nothing was settled since the last one. */
function dueVersion(
  deps: ReactionReporterDeps,
  report: ReactionReportRow,
  event: NewsEvent,
  now: number,
): { readonly message: ReportMessage; readonly cells: number; readonly finished: boolean } | null {
  if (now < event.time) return null;
  const rows = reactionRows(deps, event, now);
  const { cells, final, finished } = reportProgress(rows, now - event.time);
  if (report.published && cells <= report.stepsDone && !finished) return null;
  const stored = deps.store.events(event.time - 1).find((e) => e.id === event.id);
  return {
    message: reportMessage({ event, stored, rows, published: report.published, final, now }),
    cells,
    finished,
  };
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
  const { message: version, cells, finished } = due;
  store.transaction(() => {
    hub.stage(version);
    store.markPublished(report.eventId, cells, finished);
  });
  log.info(
    { eventId: event.id, phase: version.phase, cells, final: version.final, finished },
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
