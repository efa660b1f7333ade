export type RuleName =
  'dayMove' | 'windowMove' | 'volatility' | 'levelCross' | 'crossMarket' | 'recovery' | 'onshoreGap';
export type Direction = 'up' | 'down';

/** The trade-news event whose window an alert fired in. */
export interface EventRef {
  readonly id: string;
  readonly title: string;
  readonly time: number;
  readonly link?: string | undefined;
}

/** The offshore–onshore yuan gap at an alert's time (src/domain/onshoreGap.ts). */
export interface OnshoreContext {
  readonly onshoreSymbol: string;
  /** The last onshore price known: on a mainland holiday, that of its last trading day. */
  readonly onshorePrice: number;
  /** Offshore minus onshore, in pips (0.0001); positive when the offshore yuan is the weaker. */
  readonly spreadPips: number;
  /** The same spread in percent of the onshore rate. */
  readonly spreadPct: number;
  /** False on a day the mainland market has no session at all (weekend, holiday). */
  readonly mainlandTrades: boolean;
  /** The onshore calendar's reason, e.g. 'closed: Dragon Boat Festival'. */
  readonly mainlandStatus: string;
  /** For a gap alert on a level: the level reached, in pips. */
  readonly levelPips?: number | undefined;
  /** For a fast-widening gap alert: by how many pips it widened within its window. */
  readonly widenedPips?: number | undefined;
}

/** One alert for one instrument, as decided by the core: data only. Times are epoch ms. */
export interface AlertFacts {
  /** Stable id: the same condition on the same quote always yields the same id. */
  readonly id: string;
  /** Config instrument id, e.g. HSI. */
  readonly symbol: string;
  readonly name: string;
  readonly rule: RuleName;
  readonly direction: Direction;
  /** Higher is more serious: the tier number, or the multiple of the threshold reached. */
  readonly severity: number;
  readonly price: number;
  /** The move that triggered the rule, in percent. */
  readonly changePct: number;
  /** Move against the previous close at that moment, in percent (null when unknown). */
  readonly dayChangePct: number | null;
  /** Price the move is measured from: previous close, window start, previous poll or the level. */
  readonly basePrice: number;
  /** The threshold that was crossed, in percent, after any event tightening. */
  readonly thresholdPct: number;
  readonly windowMinutes?: number | undefined;
  readonly zScore?: number | undefined;
  readonly level?: number | undefined;
  /** Time of the triggering quote. */
  readonly time: number;
  /**
   * Trading day the alert belongs to, e.g. HKEX local date 2025-06-02. The name predates the
   * calendar's wording (tradingDay vs session) and stays because stored alerts and outbox rows carry it.
   */
  readonly sessionId: string;
  readonly event?: EventRef | undefined;
  /** For a cross-market alert: each instrument's move in the window. */
  readonly legs?: readonly { readonly symbol: string; readonly changePct: number }[] | undefined;
  /** For USD/CNH alerts and the gap signal: the offshore–onshore spread then. */
  readonly onshore?: OnshoreContext | undefined;
  /** Alert passed a cooldown because it escalated. */
  readonly escalated: boolean;
}

/**
 * An alert as recorded and delivered: the core's facts plus one line a person can read, worded by
 * the presentation layer (src/presentation/alertText.ts) where alerts leave the core for output.
 */
export interface Alert extends AlertFacts {
  readonly message: string;
}
