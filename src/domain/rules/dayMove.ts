/**
 * The highest tier (1-based) that a move against the previous close reaches, or 0.
 * Tiers are scaled by `factor` (event windows tighten them).
 */
export function dayMoveTier(changePct: number, tiersPct: readonly number[], factor: number): number {
  const size = Math.abs(changePct);
  let tier = 0;
  for (let i = 0; i < tiersPct.length; i++) {
    if (size >= (tiersPct[i] ?? Infinity) * factor) tier = i + 1;
    else break;
  }
  return tier;
}
