import { REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import { formatPct } from './alertText.js';

/** A monospace table for a code block: one row per instrument, one column per step, then the day move. */
export function formatReactionTable(rows: readonly { label: string; reaction: Reaction }[]): string {
  const header = ['', ...REACTION_STEPS_MINUTES.map((m) => `T+${m}`), 'Day'];
  const body = rows.map(({ label, reaction }) => {
    const cells = reaction.steps.map((s) => (s.changePct === null ? '·' : formatPct(s.changePct)));
    const lastDay = [...reaction.steps].reverse().find((s) => s.dayChangePct !== null)?.dayChangePct ?? null;
    const note = reaction.measuredFrom === 'open' ? ' (from open)' : '';
    return [`${label}${note}`, ...cells, lastDay === null ? '·' : formatPct(lastDay)];
  });
  const all = [header, ...body];
  const widths = header.map((_, col) => Math.max(...all.map((r) => (r[col] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, col) =>
          cell.padStart(col === 0 ? 0 : (widths[col] ?? 0)).padEnd(col === 0 ? (widths[0] ?? 0) : 0),
        )
        .join('  '),
    )
    .join('\n');
}
