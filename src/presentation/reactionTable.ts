import { REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import type { Reaction, ReactionStep } from '../domain/reaction.js';
import { formatPct } from './alertText.js';

/** What the wording of a reaction needs: the measured steps and where they count from. */
type ReactionLine = { readonly label: string; readonly reaction: Pick<Reaction, 'steps' | 'measuredFrom'> };

/** A step's cell: its move, "no price" once it is known to have none, '·' while it may still come. */
function stepCell(step: ReactionStep): string {
  if (step.changePct !== null) return formatPct(step.changePct);
  return step.missing ? 'no price' : '·';
}

/** A monospace table for a code block: one row per instrument, one column per step, then the day move. */
export function formatReactionTable(rows: readonly ReactionLine[]): string {
  const header = ['', ...REACTION_STEPS_MINUTES.map((m) => `T+${m}`), 'Day'];
  const body = rows.map(({ label, reaction }) => {
    const cells = reaction.steps.map(stepCell);
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

/**
 * Why the table says "no price", one line per instrument and reason:
 * `USDCNH: no price at T+1, 5, 15, 30, 60 (no quote)`. Empty when every price is there.
 */
export function formatMissingPrices(rows: readonly ReactionLine[]): string[] {
  return rows.flatMap(({ label, reaction }) => {
    const reasons = [...new Set(reaction.steps.flatMap((s) => (s.missing ? [s.missing] : [])))];
    return reasons.map((reason) => {
      const steps = reaction.steps.filter((s) => s.missing === reason).map((s) => s.minutes);
      return `${label}: no price at T+${steps.join(', ')} (${reason})`;
    });
  });
}

/** One line: each instrument's latest measured move and its step (`HSI -0.61% (T+5), N225 ·`). */
export function formatReactionLine(rows: readonly ReactionLine[]): string {
  return rows
    .map(({ label, reaction }) => {
      const latest = [...reaction.steps].reverse().find((s) => s.changePct !== null);
      const name = reaction.measuredFrom === 'open' ? `${label} (from open)` : label;
      const change = latest?.changePct ?? null;
      if (latest && change !== null) return `${name} ${formatPct(change)} (T+${latest.minutes})`;
      const missing = reaction.steps.find((s) => s.missing)?.missing;
      return missing ? `${name} no price (${missing})` : `${name} ·`;
    })
    .join(', ');
}
