import type { AlertFacts, EventRef } from './alert.js';
import type { WindowMove } from './rules/windowMove.js';

/** Moves older than this are not "in the same window" as the others (a closed or stale market). */
const SAME_WINDOW_MS = 2 * 60_000;
export const CROSS_MARKET_SYMBOL = 'ASIA';
const COVERED_RULES = new Set<AlertFacts['rule']>(['windowMove', 'volatility']);

/** The risk-off/risk-on signal's settings; the config's `crossMarket` satisfies it. */
export interface CrossMarketSettings {
  readonly enabled: boolean;
  /** Index instruments that must all move. */
  readonly indices: readonly string[];
  /** The FX instrument that must move the other way. */
  readonly fx: string;
  readonly indexMovePct: number;
  readonly fxMovePct: number;
  /** After a signal, it stays quiet and holds back the alerts it covers this long. */
  readonly cooldownMinutes: number;
}

export interface CrossMarket {
  /** A risk-off/risk-on alert when every leg moved beyond its threshold, outside the cooldown. */
  evaluate(
    moves: ReadonlyMap<string, WindowMove>,
    time: number,
    event: EventRef | null,
    factor: number,
  ): AlertFacts | null;
  /** Whether a single-instrument alert is already told by an active signal (Alertmanager-style inhibition). */
  inhibits(alert: AlertFacts): boolean;
}

export function createCrossMarket(config: CrossMarketSettings): CrossMarket {
  let active: { at: number; direction: AlertFacts['direction'] } | null = null;
  const cooldownMs = config.cooldownMinutes * 60_000;
  const isActive = (time: number) => active !== null && time - active.at < cooldownMs;

  return {
    evaluate(moves, time, event, factor) {
      if (!config.enabled || isActive(time)) return null;
      const legs = [...config.indices, config.fx].map((symbol) => ({ symbol, move: moves.get(symbol) }));
      if (legs.some((l) => !l.move || time - l.move.time > SAME_WINDOW_MS)) return null;
      const indexMoves = legs.slice(0, -1).map((l) => l.move?.changePct ?? 0);
      const fxMove = moves.get(config.fx);
      if (!fxMove) return null;
      const idx = config.indexMovePct * factor;
      const fx = config.fxMovePct * factor;
      const riskOff = indexMoves.every((m) => m <= -idx) && fxMove.changePct >= fx;
      const riskOn = indexMoves.every((m) => m >= idx) && fxMove.changePct <= -fx;
      if (!riskOff && !riskOn) return null;
      const direction = riskOff ? 'down' : 'up';
      active = { at: time, direction };
      const label = riskOff ? 'risk-off' : 'risk-on';
      const mean = indexMoves.reduce((a, b) => a + b, 0) / indexMoves.length;
      return {
        id: `${CROSS_MARKET_SYMBOL}:crossMarket:${label}:${time}`,
        symbol: CROSS_MARKET_SYMBOL,
        name: `Asia ${label}`,
        rule: 'crossMarket',
        direction,
        severity: 1,
        price: fxMove.price,
        changePct: mean,
        dayChangePct: null,
        basePrice: fxMove.basePrice,
        thresholdPct: idx,
        time,
        sessionId: new Date(time).toISOString().slice(0, 10),
        event: event ?? undefined,
        legs: legs.map((l) => ({ symbol: l.symbol, changePct: l.move?.changePct ?? 0 })),
        escalated: false,
      };
    },
    inhibits(alert) {
      if (!active || !isActive(alert.time) || !COVERED_RULES.has(alert.rule)) return false;
      const isIndex = config.indices.includes(alert.symbol);
      const isFx = alert.symbol === config.fx;
      // Risk-off covers falling indices and a rising pair; risk-on the reverse.
      const indexDirection = active.direction;
      const fxDirection = active.direction === 'down' ? 'up' : 'down';
      return (isIndex && alert.direction === indexDirection) || (isFx && alert.direction === fxDirection);
    },
  };
}
