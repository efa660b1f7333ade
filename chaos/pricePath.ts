/**
 * The scripted price path: per instrument a list of plateaus (percent from the previous close),
 * and the alerts that path must produce under the config's day-move tiers and levels, worked out
 * here from the README's rules rather than by the bot's engine.
 */

export interface InstrumentPath {
  readonly id: 'HSI' | 'N225' | 'USDCNH';
  readonly yahooSymbol: string;
  /** A recorded chart response whose meta (symbol, previous close, periods) the fake reuses. */
  readonly fixture: string;
  readonly decimals: number;
  /** Each plateau is served several times before the next; margins from every tier are >= 0.1 %. */
  readonly plateausPct: readonly number[];
  /** A planted bad tick: this far from the current price, beyond the instrument's sanity bound. */
  readonly badTickPct: number;
}

export const PATHS: readonly InstrumentPath[] = [
  {
    id: 'HSI',
    yahooSymbol: '^HSI',
    fixture: 'yahoo/hsi-2025-06-02.json',
    decimals: 2,
    plateausPct: [0.2, 0.5, 1.2, 1.4, 2.3, 2.1, 3.4, 5.3, 4.8, 2.0, 0.5, -0.4, -1.3, -1.1, -2.2, -1.0],
    badTickPct: -25,
  },
  {
    id: 'N225',
    yahooSymbol: '^N225',
    fixture: 'yahoo/n225-2025-06-02.json',
    decimals: 2,
    plateausPct: [0.1, -0.3, -1.1, -1.5, -2.4, -1.8, -0.6, 0.4, 1.2, 0.7, 0.2, 0.4, 0.3, 0.1],
    badTickPct: 28,
  },
  {
    id: 'USDCNH',
    yahooSymbol: 'CNH=X',
    fixture: 'yahoo/cnh-2025-06-02.json',
    decimals: 4,
    plateausPct: [0.0, 0.1, 0.4, 0.2, 0.7, 0.5, 1.1, 0.8, 0.3, -0.1, -0.4, -0.2, -0.75, -0.45],
    badTickPct: -7,
  },
];

export interface PathThresholds {
  readonly dayMove: { readonly tiersPct: readonly number[] };
  readonly levelCross: { readonly levels: readonly number[]; readonly hysteresisPct: number };
}

export type Direction = 'up' | 'down';

/** A condition the path must alert on exactly once; `mark` is the tier or the level. */
export interface ExpectedAlert {
  readonly symbol: string;
  readonly rule: 'dayMove' | 'levelCross';
  readonly direction: Direction;
  readonly mark: number;
  /** The top day-move tier, which the config routes to the channel that always answers 403. */
  readonly topTier: boolean;
}

/** The key an alert is matched on: rule outcomes, not times (which depend on the faults). */
export function alertKey(a: Pick<ExpectedAlert, 'symbol' | 'rule' | 'direction' | 'mark'>): string {
  return `${a.symbol}:${a.rule}:${a.direction}:${a.mark}`;
}

const roundTo = (value: number, decimals: number): number => Number(value.toFixed(decimals));

export function plateauPrice(path: InstrumentPath, previousClose: number, pct: number): number {
  return roundTo(previousClose * (1 + pct / 100), path.decimals);
}

/** Each tier fires once per trading day and direction: the highest reached, when above the last. */
function expectedDayMoves(path: InstrumentPath, previousClose: number, tiersPct: readonly number[]) {
  const fired = { up: 0, down: 0 };
  const found: ExpectedAlert[] = [];
  for (const pct of path.plateausPct) {
    const move = ((plateauPrice(path, previousClose, pct) - previousClose) / previousClose) * 100;
    const direction: Direction = move >= 0 ? 'up' : 'down';
    const tier = tiersPct.filter((t) => Math.abs(move) >= t).length;
    if (tier <= fired[direction]) continue;
    fired[direction] = tier;
    found.push({
      symbol: path.id,
      rule: 'dayMove',
      direction,
      mark: tier,
      topTier: tier === tiersPct.length,
    });
  }
  return found;
}

/**
 * A side changes only beyond the hysteresis band; the first side comes from the previous close.
 * A run is far shorter than the 30-minute cooldown, so each level and direction alerts once.
 */
function expectedLevelCrosses(
  path: InstrumentPath,
  previousClose: number,
  { levels, hysteresisPct }: PathThresholds['levelCross'],
) {
  const found: ExpectedAlert[] = [];
  for (const level of levels) {
    const band = (level * hysteresisPct) / 100;
    const sideOf = (price: number, previous: Direction | null): Direction | null =>
      price >= level + band ? 'up' : price <= level - band ? 'down' : previous;
    let side = sideOf(previousClose, null);
    const alerted = new Set<Direction>();
    for (const pct of path.plateausPct) {
      const next = sideOf(plateauPrice(path, previousClose, pct), side);
      if (side !== null && next !== null && next !== side && !alerted.has(next)) {
        alerted.add(next);
        found.push({ symbol: path.id, rule: 'levelCross', direction: next, mark: level, topTier: false });
      }
      side = next;
    }
  }
  return found;
}

export function expectedAlerts(
  path: InstrumentPath,
  previousClose: number,
  thresholds: PathThresholds,
): ExpectedAlert[] {
  return [
    ...expectedDayMoves(path, previousClose, thresholds.dayMove.tiersPct),
    ...expectedLevelCrosses(path, previousClose, thresholds.levelCross),
  ];
}
