import type { Alert } from '../domain/alert.js';
import type { AlertBatch, HubMessage, ReportMessage } from '../hub/messages.js';
import type { Output } from '../hub/outputHub.js';
import { formatPersonalFiring } from '../presentation/personalAlertText.js';
import { formatReactionLine } from '../presentation/reactionTable.js';

/** `2025-06-02 02:07 UTC`: alerts are read across time zones, so one unambiguous zone. */
export function formatUtcMinute(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The machine-readable form of one alert: one JSON object per line, one line per instrument. */
export function alertToJson(alert: Alert): Record<string, unknown> {
  return {
    symbol: alert.symbol,
    rule: alert.rule,
    direction: alert.direction,
    price: alert.price,
    changePct: round(alert.changePct, 4),
    dayChangePct: alert.dayChangePct === null ? null : round(alert.dayChangePct, 4),
    time: new Date(alert.time).toISOString(),
    message: alert.message,
    severity: alert.severity,
    basePrice: alert.basePrice,
    thresholdPct: round(alert.thresholdPct, 4),
    ...(alert.windowMinutes === undefined ? {} : { windowMinutes: alert.windowMinutes }),
    ...(alert.zScore === undefined ? {} : { zScore: round(alert.zScore, 2) }),
    ...(alert.level === undefined ? {} : { level: alert.level }),
    ...(alert.event === undefined ? {} : { event: { id: alert.event.id, title: alert.event.title } }),
    escalated: alert.escalated,
    id: alert.id,
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Human lines; a poll in which several instruments moved is shown as one group. */
export function formatBatch(batch: AlertBatch): string {
  const symbols = new Set(batch.alerts.map((a) => a.symbol));
  const stamp = formatUtcMinute(batch.alerts[0]?.time ?? batch.time);
  if (symbols.size <= 1) return batch.alerts.map((a) => `[${stamp}] ${a.message}`).join('\n');
  const header = `[${stamp}] ${symbols.size} instruments moved together (${[...symbols].join(', ')}):`;
  return [header, ...batch.alerts.map((a) => `    ${a.message}`)].join('\n');
}

/** Anything text can be written to: process.stdout, a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** One line per version of a reaction report, stamped with when it was measured. */
export function formatReport(report: ReportMessage): string {
  const final = report.final ? ' (final)' : '';
  return `[${formatUtcMinute(report.at)}] Reaction to "${report.event.title}"${final}: ${formatReactionLine(report.rows)}`;
}

/** The machine-readable form of one version of a report: each row's moves at T+1…60 and its day move. */
function reportToJson(report: ReportMessage): Record<string, unknown> {
  return {
    key: report.key,
    phase: report.phase,
    final: report.final,
    at: new Date(report.at).toISOString(),
    event: {
      id: report.event.id,
      title: report.event.title,
      time: new Date(report.event.time).toISOString(),
    },
    rows: report.rows.map(({ label, reaction }) => ({
      label,
      measuredFrom: reaction.measuredFrom,
      changePct: reaction.steps.map((s) => (s.changePct === null ? null : round(s.changePct, 4))),
    })),
  };
}

function wordText(message: HubMessage): string {
  switch (message.kind) {
    case 'alerts':
      return formatBatch(message.batch);
    case 'notice':
      return message.text;
    case 'wrap':
      return message.wrap.text;
    case 'report':
      return formatReport(message);
    case 'personal':
      return `[${formatUtcMinute(message.firing.time)}] for member ${message.firing.memberId}: ${formatPersonalFiring(message.firing)}`;
  }
}

function wordJson(message: HubMessage): string {
  switch (message.kind) {
    case 'alerts':
      return message.batch.alerts.map((a) => JSON.stringify(alertToJson(a))).join('\n');
    case 'notice':
      return JSON.stringify({ notice: message.text });
    case 'wrap':
      return JSON.stringify({ wrap: message.wrap });
    case 'report':
      return JSON.stringify({ report: reportToJson(message) });
    case 'personal':
      return JSON.stringify({
        personal: { ...message.firing, time: new Date(message.firing.time).toISOString() },
      });
  }
}

/** Prints every message as it is published: human lines, or one JSON object per line. */
export function createConsoleOutput(out: TextSink, format: 'text' | 'json'): Output {
  return {
    deliver(message) {
      const text = format === 'json' ? wordJson(message) : wordText(message);
      if (text) out.write(`${text}\n`);
      return Promise.resolve();
    },
  };
}
