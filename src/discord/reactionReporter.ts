import { Routes } from 'discord.js';
import type { APIEmbed, RawFile, REST } from 'discord.js';
import type { NewsEvent } from '../domain/events.js';
import { REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import { inertText } from '../presentation/inertText.js';
import { formatReactionTable } from '../presentation/reactionTable.js';
import type { Logger } from '../log.js';
import { errorText, redactSecretParams } from '../providers/redact.js';
import type { Redact } from '../providers/redact.js';
import type { Monitor } from '../monitor/monitor.js';
import { reactionRows } from '../monitor/reactionRows.js';
import type { ReactionRow } from '../monitor/reactionRows.js';
import type { Store } from '../store/openStore.js';
import type { StoredEvent } from '../store/newsEvents.js';
import type { ReactionReportRow } from '../store/reactionReports.js';
import { discordTime } from './alertEmbeds.js';
import { renderNormalisedChartPngOffThread } from './chart/index.js';
import { newNonce } from './discordSink.js';

/** A report whose instruments never reopen (a long holiday) stops being edited after this. */
const GIVE_UP_MS = 4 * 24 * 60 * 60_000;
const RETRY_MS = 30_000;
/** An event found later than this after T0 (e.g. the bot was down) gets no report: it would be stale news. */
const OPEN_REPORT_WITHIN_MS = 60 * 60_000;
const NEWS_COLOR = 0x5865f2;

export interface ReactionReporter {
  /**
   * Opens a report for every event whose T0 has just passed (config, feeds, /event add alike; one per
   * event, even across restarts), then posts and edits reports as the minutes pass. Call after each poll.
   */
  advance(): Promise<void>;
}

export interface ReactionReporterDeps {
  readonly store: Store;
  readonly monitor: Monitor;
  readonly rest: REST;
  /** Channel for reports; null disables them. */
  readonly target: () => string | null;
  readonly now: () => number;
  readonly log: Logger;
  /** Masks secrets in the error kept with a report awaiting a retry; defaults to secret-named parameters. */
  readonly redact?: Redact;
}

function filledCells(rows: readonly ReactionRow[]): number {
  return rows.reduce((sum, r) => sum + r.reaction.steps.filter((s) => s.price !== null).length, 0);
}

function reportEmbed(
  event: NewsEvent,
  rows: readonly ReactionRow[],
  terms: readonly string[],
  final: boolean,
  update: string,
  withChart: boolean,
): APIEmbed {
  const table = formatReactionTable(rows.map((r) => ({ label: r.label, reaction: r.reaction })));
  const matched = terms.length > 0 ? `\nMatched: ${inertText(terms.join(', '))}` : '';
  return {
    title: `📰 ${inertText(event.title)}`.slice(0, 256),
    ...(event.link ? { url: event.link } : {}),
    color: NEWS_COLOR,
    description:
      `Reaction since ${discordTime(event.time, 'f')}${matched}${update}\n\`\`\`\n${table}\n\`\`\``.slice(
        0,
        4000,
      ),
    footer: { text: final ? 'Final: T+60 reached' : 'Updating at T+1, 5, 15, 30 and 60 minutes' },
    ...(withChart ? { image: { url: 'attachment://reaction.png' } } : {}),
    timestamp: new Date(event.time).toISOString(),
  };
}

/** The newest headline merged into the event (another outlet or a later update), if any. */
function updateLine(stored: StoredEvent | undefined): string {
  const items = stored?.items ?? [];
  const latest = items.at(-1);
  if (items.length < 2 || !latest) return '';
  return `\nUpdate: ${inertText(latest.title)} (${inertText(latest.source)})`;
}

/** The final report's chart; a render that fails or times out costs the image, never the report. */
async function chartFiles(deps: ReactionReporterDeps, event: NewsEvent, rows: readonly ReactionRow[]) {
  try {
    return [await chartFile(event, rows)];
  } catch (err) {
    deps.log.warn(
      { eventId: event.id, err: { message: (err as Error).message } },
      'reaction chart not rendered; sending the report without it',
    );
    return [];
  }
}

async function chartFile(event: NewsEvent, rows: readonly ReactionRow[]): Promise<RawFile> {
  const data = await renderNormalisedChartPngOffThread({
    title: `Reaction to: ${event.title}`,
    // An instrument with no prices yet (never polled, closed all along) has no line to draw.
    series: rows.filter((r) => r.points.length > 0).map((r) => ({ label: r.label, points: r.points })),
    baseTime: event.time,
    event: { time: event.time, label: event.title },
    timeZone: 'Asia/Hong_Kong',
  });
  return { name: 'reaction.png', data, contentType: 'image/png' };
}

/** Posts the report the first time (with its nonce), edits it afterwards; records the step reached. */
async function writeReport(
  deps: ReactionReporterDeps,
  report: ReactionReportRow,
  body: { embeds: unknown[]; allowed_mentions: { parse: never[] } },
  files: RawFile[],
): Promise<void> {
  const { rest, store } = deps;
  if (report.messageId === null) {
    const message = (await rest.post(Routes.channelMessages(report.target), {
      body: { ...body, nonce: report.nonce, enforce_nonce: true },
      files,
    })) as { id: string };
    store.markPosted(report.eventId, message.id);
  } else {
    await rest.patch(Routes.channelMessage(report.target, report.messageId), {
      body: files.length > 0 ? { ...body, attachments: [{ id: '0', filename: 'reaction.png' }] } : body,
      files,
    });
  }
}

async function advanceReport(
  deps: ReactionReporterDeps,
  report: ReactionReportRow,
  now: number,
): Promise<void> {
  const { store, log } = deps;
  const event = deps.monitor.events().find((e) => e.id === report.eventId);
  if (!event) {
    store.markStep(report.eventId, report.stepsDone, true);
    return;
  }
  if (now < event.time || now < report.nextAttemptAt) return;
  const rows = reactionRows(deps, event, now);
  const cells = filledCells(rows);
  const final = cells >= rows.length * REACTION_STEPS_MINUTES.length || now - event.time > GIVE_UP_MS;
  if (report.messageId !== null && cells <= report.stepsDone && !final) return;
  const stored = store.events(event.time - 1).find((e) => e.id === event.id);
  const files = final ? await chartFiles(deps, event, rows) : [];
  const terms = stored?.matchedTerms ?? [];
  const embed = reportEmbed(event, rows, terms, final, updateLine(stored), files.length > 0);
  const body = { embeds: [embed], allowed_mentions: { parse: [] as never[] } };
  try {
    await writeReport(deps, report, body, files);
    store.markStep(report.eventId, cells, final);
    log.info({ eventId: event.id, cells, final }, 'reaction report updated');
  } catch (err) {
    // Past the give-up time a report that still cannot be written is closed rather than retried forever.
    if (now - event.time > GIVE_UP_MS) store.markStep(report.eventId, report.stepsDone, true);
    else
      store.markReportRetry(
        report.eventId,
        errorText(err, deps.redact ?? redactSecretParams),
        now + RETRY_MS,
      );
    log.warn({ eventId: event.id, err }, 'reaction report not updated; will retry until it is stale');
  }
}

function openNewReports(deps: ReactionReporterDeps, now: number): void {
  const { store } = deps;
  const target = deps.target();
  if (target === null) return;
  // Quiet events were over the hourly report cap (news.caps) and were summarised instead.
  const quiet = store.quietEventIds(now - OPEN_REPORT_WITHIN_MS);
  for (const event of deps.monitor.events()) {
    if (event.time <= now && now - event.time < OPEN_REPORT_WITHIN_MS && !quiet.has(event.id)) {
      store.scheduleReport(event.id, target, newNonce());
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
