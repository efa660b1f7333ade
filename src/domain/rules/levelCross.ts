export type Side = 'above' | 'below';

/**
 * Which side of `level` a price is on, with a hysteresis band of `hysteresisPct` of the level:
 * inside the band the previous side is kept, so a price wobbling on the level never flips.
 */
export function sideOfLevel(
  price: number,
  level: number,
  hysteresisPct: number,
  previous: Side | null,
): Side | null {
  const band = (level * hysteresisPct) / 100;
  if (price >= level + band) return 'above';
  if (price <= level - band) return 'below';
  return previous;
}
