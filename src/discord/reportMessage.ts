import { inertText } from '../presentation/inertText.js';
import type { APIEmbed, RawFile } from 'discord.js';
import type { EventRef } from '../domain/alert.js';
import type { ReportMessage, ReportRow } from '../hub/messages.js';
import { formatMissingPrices, formatReactionTable } from '../presentation/reactionTable.js';
import { discordTime } from './alertEmbeds.js';
import { renderNormalisedChartPngOffThread } from './chart/index.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';

const NEWS_COLOR = 0x5865f2;

/** What the outbox keeps for one version of a reaction report (its post, then each edit). */
export interface ReportPayload {
  readonly report: ReportMessage;
}

function reportEmbed(
  event: EventRef,
  rows: readonly ReportRow[],
  terms: readonly string[],
  final: boolean,
  update: string,
  withChart: boolean,
): APIEmbed {
  const table = formatReactionTable(rows);
  const missing = formatMissingPrices(rows)
    .map((line) => `\n${inertText(line)}`)
    .join('');
  const matched = terms.length > 0 ? `\nMatched: ${inertText(terms.join(', '))}` : '';
  return {
    title: `📰 ${inertText(event.title)}`.slice(0, 256),
    ...(event.link ? { url: event.link } : {}),
    color: NEWS_COLOR,
    description:
      `Reaction since ${discordTime(event.time, 'f')}${matched}${update}\n\`\`\`\n${table}\n\`\`\`${missing}`.slice(
        0,
        4000,
      ),
    footer: { text: footerText(rows, final) },
    ...(withChart ? { image: { url: 'attachment://reaction.png' } } : {}),
    timestamp: new Date(event.time).toISOString(),
  };
}

/** Final at T+60; a row still measured from a later open says when it will be completed. */
function footerText(rows: readonly ReportRow[], final: boolean): string {
  if (!final) return 'Updating at T+1, 5, 15, 30 and 60 minutes';
  const pending = rows.filter((r) => r.reaction.steps.some((s) => s.price === null && !s.missing));
  if (pending.length === 0) return 'Final: T+60 reached';
  const labels = pending.map((r) => r.label).join(', ');
  return `Final: T+60 reached; ${labels} (closed at the event) completed an hour after the open`;
}

/** The newest headline merged into the event (another outlet or a later update), if any. */
function updateLine(update: ReportMessage['update']): string {
  if (!update) return '';
  return `\nUpdate: ${inertText(update.title)} (${inertText(update.source)})`;
}

/** The final report's chart; a render that fails or times out costs the image, never the report. */
async function chartFiles(
  report: ReportMessage,
  deps: Pick<RenderDeps, 'log' | 'config'>,
): Promise<RawFile[]> {
  try {
    return [await chartFile(report.event, report.rows, deps.config.discord.displayTimeZone)];
  } catch (err) {
    deps.log.warn(
      { eventId: report.event.id, err: { message: (err as Error).message } },
      'reaction chart not rendered; sending the report without it',
    );
    return [];
  }
}

async function chartFile(event: EventRef, rows: readonly ReportRow[], timeZone: string): Promise<RawFile> {
  const data = await renderNormalisedChartPngOffThread({
    title: `Reaction to: ${event.title}`,
    // An instrument with no prices yet (never polled, closed all along) has no line to draw.
    series: rows.filter((r) => r.points.length > 0).map((r) => ({ label: r.label, points: r.points })),
    baseTime: event.time,
    event: { time: event.time, label: event.title },
    timeZone,
  });
  return { name: 'reaction.png', data, contentType: 'image/png' };
}

/** One version of a report as an embed; the final one with the chart of every instrument since T0. */
export async function renderReportMessage(
  payload: ReportPayload,
  deps: Pick<RenderDeps, 'log' | 'config'>,
): Promise<RenderedMessage> {
  const { report } = payload;
  const files = report.final ? await chartFiles(report, deps) : [];
  const embed = reportEmbed(
    report.event,
    report.rows,
    report.terms,
    report.final,
    updateLine(report.update),
    files.length > 0,
  );
  return { body: { embeds: [embed], allowed_mentions: { parse: [] } }, files };
}
