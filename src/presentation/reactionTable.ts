import { REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import { formatPct } from './alertText.js';

/** What the wording of a reaction needs: the measured steps and where they count from. */
type ReactionLine = { readonly label: string; readonly reaction: Pick<Reaction, 'steps' | 'measuredFrom'> };

/** A monospace table for a code block: one row per instrument, one column per step, then the day move. */
export function formatReactionTable(rows: readonly ReactionLine[]): string {
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

/** One line: each instrument's latest measured move and its step (`HSI -0.61% (T+5), N225 ·`). */
export function formatReactionLine(rows: readonly ReactionLine[]): string {
  return rows
    .map(({ label, reaction }) => {
      const latest = [...reaction.steps].reverse().find((s) => s.changePct !== null);
      const name = reaction.measuredFrom === 'open' ? `${label} (from open)` : label;
      const change = latest?.changePct ?? null;
      return latest && change !== null ? `${name} ${formatPct(change)} (T+${latest.minutes})` : `${name} ·`;
    })
    .join(', ');
}
