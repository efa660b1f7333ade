import type { RuleName } from '../domain/alert.js';
import { formatPct, formatPrice } from '../presentation/alertText.js';
import { formatReactionTable } from '../presentation/reactionTable.js';
import { formatUtcMinute } from '../console/consoleSink.js';
import type { ReplayResult } from './runReplay.js';

const RULES: readonly RuleName[] = [
  'dayMove',
  'windowMove',
  'volatility',
  'levelCross',
  'recovery',
  'onshoreGap',
];

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The closing table of a replay: per instrument, where it ended and how many alerts of each rule. */
export function formatReplaySummary(result: ReplayResult): string {
  const header = ['Instrument', 'Prev close', 'Last', 'Day', ...RULES, 'Total'];
  const rows = result.closes.map(({ instrument, price, previousClose }) => {
    const mine = result.alerts.filter((a) => a.symbol === instrument.id);
    const day = price !== null && previousClose ? formatPct((price / previousClose - 1) * 100) : 'n/a';
    return [
      instrument.id,
      previousClose === null ? 'n/a' : formatPrice(previousClose, instrument.decimals),
      price === null ? 'n/a' : formatPrice(price, instrument.decimals),
      day,
      ...RULES.map((rule) => String(mine.filter((a) => a.rule === rule).length)),
      String(mine.length),
    ];
  });
  const cross = result.alerts.filter((a) => a.rule === 'crossMarket').map((a) => a.name);
  const crossLine = cross.length > 0 ? `Cross-market signals: ${cross.join(', ')}\n` : '';
  const reactions = result.reactions.map(
    ({ event, rows: reactionRows }) =>
      `\nReaction to “${event.title}” (${formatUtcMinute(event.time)}):\n${formatReactionTable(reactionRows)}\n`,
  );
  return `\nReplayed ${result.polls} polls; ${result.alerts.length} alerts.\n${table([header, ...rows])}\n${crossLine}${reactions.join('')}`;
}
