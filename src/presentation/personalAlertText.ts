import type { PersonalCondition, PersonalFiring } from '../domain/personalAlert.js';
import { formatPct, formatPrice } from './alertText.js';

/*
 * How a personal alert reads, in one place for the console, Discord and the /alert answers. A level
 * keeps the digits the member typed; a move says its base (the previous close).
 */

function formatLevel(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** e.g. "above 20,000", "below 7.15", "moves 2% either way from the previous close". */
export function describeCondition(condition: PersonalCondition): string {
  if (condition.kind === 'move')
    return `moves ${formatLevel(condition.value)}% either way from the previous close`;
  return `${condition.kind} ${formatLevel(condition.value)}`;
}

/** Outputs that know no instrument (the console) show FX-sized prices with 4 decimals, indices with 2. */
function defaultDecimals(price: number): number {
  return price < 100 ? 4 : 2;
}

/** One line: "HSI is above 20,000: 20,012.50 (+1.20% from the previous close)". */
export function formatPersonalFiring(
  firing: PersonalFiring,
  decimals = defaultDecimals(firing.price),
): string {
  const change = firing.changePct === null ? '' : ` (${formatPct(firing.changePct)} from the previous close)`;
  const verb = firing.condition.kind === 'move' ? 'moved' : 'is';
  const what =
    firing.condition.kind === 'move'
      ? `${verb} ${formatLevel(firing.condition.value)}% or more from the previous close`
      : `${verb} ${describeCondition(firing.condition)}`;
  return `${firing.symbol} ${what}: ${formatPrice(firing.price, decimals)}${change}`;
}
