/**
 * The judge: every alert the bot recorded, held against the true price path. An alert the true
 * prices do not justify is false: priced at a price that was not true at its time, measured from
 * a base that was not true, smaller than its rule's threshold, a level cross the true path never
 * made, or stamped ahead of the moment it was recorded. The rules are read from the README, not
 * from the bot's engine. Chaos runs have no trade-news events, so no threshold is tightened.
 */
import {
  awayFromSide,
  heldDuring,
  pctMove,
  pricesDuring,
  samePrice,
  sideOf,
  type Side,
} from './truePrices.js';
import type { InstrumentTruth, Truth } from './truth.js';

/** Poll times are whole seconds and answers may be built a moment before they are sent. */
export const SKEW_MS = 2_000;
/**
 * An alert is recorded at its poll's clock, read before the quotes were fetched, which may take up
 * to the client's 8 s timeout: a quote time further ahead than this is stamped ahead.
 */
const AHEAD_MS = 15_000;
/** Windows are rebuilt from 1-minute bars, stamped at the start of their minute. */
const BAR_SLACK_MS = 2 * 60_000;
/** The volatility rule takes no return across a gap longer than this (src/domain/rules/volatility.ts). */
const RETURN_MAX_GAP_MS = 15 * 60_000;
const MINUTE_MS = 60_000;
/** Float32 prices move a percentage by about 1e-5 points; every threshold has a wider margin. */
const PCT_EPSILON = 1e-4;

export interface JudgedAlert {
  readonly id: string;
  readonly symbol: string;
  readonly rule: string;
  readonly direction: Side;
  readonly severity: number;
  readonly price: number;
  readonly basePrice?: number | undefined;
  readonly level?: number | undefined;
  /** The quote's time. */
  readonly time: number;
  /** When the bot recorded it: its poll's clock, or the streamed price's arrival (the fakes' clock too). */
  readonly recordedAt: number;
  readonly legs?: readonly { readonly symbol: string; readonly changePct: number }[] | undefined;
}

/** The thresholds the judge reads; a config instrument's resolved thresholds fit. */
export interface JudgeThresholds {
  readonly dayMove: {
    readonly tiersPct: readonly number[];
    readonly followThrough?: { readonly stepPct: number } | undefined;
    readonly recovery?: { readonly enabled: boolean; readonly hysteresisRatio: number } | undefined;
  };
  readonly windowMove: { readonly windowMinutes: number; readonly thresholdPct: number };
  readonly volatility: { readonly minMovePct: number };
  readonly levelCross: { readonly levels: readonly number[]; readonly hysteresisPct: number };
}

export interface JudgeCrossMarket {
  readonly indices: readonly string[];
  readonly fx: string;
  readonly indexMovePct: number;
  readonly fxMovePct: number;
}

export interface JudgeSettings {
  readonly thresholds: ReadonlyMap<string, JudgeThresholds>;
  readonly crossMarket: JudgeCrossMarket;
}

export interface FalseAlert {
  readonly id: string;
  readonly reason: string;
  /** The planted fault whose price the alert carries, when it carries one. */
  readonly fault: string | null;
}

export interface Judgement {
  readonly judged: Record<string, number>;
  /** Rules the judge has no model of (none of the price rules). */
  readonly unjudged: Record<string, number>;
  readonly false: readonly FalseAlert[];
}

interface Case {
  readonly alert: JudgedAlert;
  readonly truth: InstrumentTruth;
  readonly thresholds: JudgeThresholds;
  readonly earlier: readonly JudgedAlert[];
}

/** A reason the alert is false, or null when the true prices justify it. */
type RuleJudge = (c: Case, settings: JudgeSettings, truth: Truth) => string | null;

const fmt = (n: number): string => String(Number(n.toPrecision(8)));

/**
 * Where the true path must be searched for what justifies an alert that needs a fresh condition
 * (a level cross, a recovery): since the previous such alert, whose quote time may be a planted
 * future stamp, so its record time bounds it too. No skew here: the condition that justified the
 * previous alert must not justify this one as well.
 */
const sinceAlert = (previous: JudgedAlert | undefined): number =>
  previous ? Math.min(previous.time, previous.recordedAt) : -Infinity;
const since = (previous: JudgedAlert | undefined): string =>
  previous ? ` since its previous ${previous.rule} ${previous.direction} alert (${previous.id})` : '';
const near = (a: JudgedAlert) => ({ from: a.time - SKEW_MS, to: a.time + SKEW_MS });

function priceProblem({ alert, truth }: Case): string | null {
  const { from, to } = near(alert);
  if (heldDuring(truth, alert.price, from, to)) return null;
  return `price ${fmt(alert.price)} was not a true price at its time (true then: ${pricesDuring(truth, from, to).map(fmt).join(', ')})`;
}

function directionProblem(alert: JudgedAlert, move: number): string | null {
  const actual: Side = move >= 0 ? 'up' : 'down';
  return actual === alert.direction ? null : `says ${alert.direction} but the move is ${fmt(move)} %`;
}

function thresholdProblem(what: string, move: number, thresholdPct: number): string | null {
  return Math.abs(move) + PCT_EPSILON >= thresholdPct
    ? null
    : `${what} ${fmt(move)} % is below its threshold ${fmt(thresholdPct)} %`;
}

function dayBaseProblem({ alert, truth }: Case): string | null {
  if (alert.basePrice !== undefined && samePrice(alert.basePrice, truth.previousClose)) return null;
  return `base ${fmt(alert.basePrice ?? NaN)} is not the previous close ${fmt(truth.previousClose)}`;
}

/** A configured tier, or a follow-through step past the top one. */
function tierThresholdPct(severity: number, dayMove: JudgeThresholds['dayMove']): number {
  const { tiersPct } = dayMove;
  const top = tiersPct.at(-1) ?? Infinity;
  if (severity <= tiersPct.length) return tiersPct[severity - 1] ?? Infinity;
  return top + (severity - tiersPct.length) * (dayMove.followThrough?.stepPct ?? Infinity);
}

const judgeDayMove: RuleJudge = (c) => {
  const { alert, truth, thresholds } = c;
  const move = pctMove(alert.price, truth.previousClose);
  return (
    priceProblem(c) ??
    dayBaseProblem(c) ??
    directionProblem(alert, move) ??
    thresholdProblem(
      `tier ${alert.severity}: the day move`,
      move,
      tierThresholdPct(alert.severity, thresholds.dayMove),
    )
  );
};

/** "Back inside": the true path had reached the first tier that way, and is now inside it by the hysteresis. */
const judgeRecovery: RuleJudge = (c) => {
  const { alert, truth, thresholds } = c;
  const recovery = thresholds.dayMove.recovery;
  if (recovery?.enabled !== true) return 'recovery notices are off for this instrument';
  const firstPct = thresholds.dayMove.tiersPct[0] ?? Infinity;
  const sign = alert.direction === 'up' ? 1 : -1;
  const size = sign * pctMove(alert.price, truth.previousClose);
  const previous = c.earlier.filter((e) => e.rule === 'recovery' && e.direction === alert.direction).at(-1);
  const reached = pricesDuring(truth, sinceAlert(previous), alert.time + SKEW_MS).some(
    (p) => sign * pctMove(p, truth.previousClose) + PCT_EPSILON >= firstPct,
  );
  const inside = size < firstPct * (1 - recovery.hysteresisRatio) + PCT_EPSILON;
  return (
    priceProblem(c) ??
    dayBaseProblem(c) ??
    (reached
      ? null
      : `the true path did not reach the first tier (${fmt(firstPct)} %) ${alert.direction}${since(previous)}`) ??
    (inside ? null : `the move ${fmt(size)} % is not back inside the first tier`)
  );
};

/** A move from `basePrice`, which must have been true within `spanMs` before the alert. */
function judgeMoveFromBase(c: Case, spanMs: number, thresholdPct: number, what: string): string | null {
  const { alert, truth } = c;
  const base = alert.basePrice;
  if (base === undefined) return `${what} without a base price`;
  const baseTrue = heldDuring(truth, base, alert.time - spanMs, alert.time + SKEW_MS);
  const move = pctMove(alert.price, base);
  return (
    priceProblem(c) ??
    (baseTrue
      ? null
      : `base ${fmt(base)} was not a true price in the ${fmt(spanMs / MINUTE_MS)} minutes before`) ??
    directionProblem(alert, move) ??
    thresholdProblem(what, move, thresholdPct)
  );
}

const judgeWindowMove: RuleJudge = (c) => {
  const { windowMinutes, thresholdPct } = c.thresholds.windowMove;
  return judgeMoveFromBase(c, windowMinutes * MINUTE_MS + BAR_SLACK_MS, thresholdPct, 'the windowed move');
};

const judgeVolatility: RuleJudge = (c) =>
  judgeMoveFromBase(c, RETURN_MAX_GAP_MS + BAR_SLACK_MS, c.thresholds.volatility.minMovePct, 'the return');

/** Beyond the band on its side, and the true path was on the other side since this level's last alert. */
const judgeLevelCross: RuleJudge = (c) => {
  const { alert, truth, thresholds, earlier } = c;
  const level = alert.level;
  if (level === undefined || !thresholds.levelCross.levels.includes(level)) {
    return `level ${String(level)} is not a configured level`;
  }
  const band = (level * thresholds.levelCross.hysteresisPct) / 100;
  const beyond = sideOf(alert.price, level, band, null) === alert.direction;
  const previous = earlier.filter((e) => e.rule === 'levelCross' && e.level === level).at(-1);
  const window = { from: sinceAlert(previous), to: alert.time + SKEW_MS };
  const crossed = awayFromSide(truth, level, band, alert.direction, window);
  return (
    priceProblem(c) ??
    (beyond ? null : `price ${fmt(alert.price)} is not beyond ${fmt(level)}'s band ${alert.direction}`) ??
    (crossed ? null : `the true path was not on the other side of ${fmt(level)}${since(previous)}`)
  );
};

/** Each leg's move must be one the true path made: a true price near the alert against one within the window. */
function legProblem(
  alert: JudgedAlert,
  leg: { readonly symbol: string; readonly changePct: number },
  truth: Truth,
  settings: JudgeSettings,
): string | null {
  const legTruth = truth.instruments.get(leg.symbol);
  const windowMinutes = settings.thresholds.get(leg.symbol)?.windowMove.windowMinutes;
  if (!legTruth || windowMinutes === undefined) return `leg ${leg.symbol} has no true path`;
  const nowPrices = pricesDuring(legTruth, alert.time - SKEW_MS, alert.time + SKEW_MS);
  const bases = pricesDuring(legTruth, alert.time - windowMinutes * MINUTE_MS - BAR_SLACK_MS, alert.time);
  const made = nowPrices.some((p) =>
    bases.some((b) => Math.abs(pctMove(p, b) - leg.changePct) <= PCT_EPSILON * 10),
  );
  return made ? null : `leg ${leg.symbol} ${fmt(leg.changePct)} % is no move of its true path`;
}

const judgeCrossMarket: RuleJudge = (c, settings, truth) => {
  const { alert } = c;
  const { indices, fx, indexMovePct, fxMovePct } = settings.crossMarket;
  const legs = alert.legs ?? [];
  const sign = alert.direction === 'up' ? 1 : -1;
  for (const name of [...indices, fx]) {
    const leg = legs.find((l) => l.symbol === name);
    if (!leg) return `leg ${name} is missing`;
    const wanted = name === fx ? -sign * fxMovePct : sign * indexMovePct;
    if (
      Math.sign(leg.changePct) !== Math.sign(wanted) ||
      Math.abs(leg.changePct) + PCT_EPSILON < Math.abs(wanted)
    ) {
      return `leg ${name} ${fmt(leg.changePct)} % does not meet ${fmt(wanted)} %`;
    }
    const problem = legProblem(alert, leg, truth, settings);
    if (problem) return problem;
  }
  return null;
};

const JUDGES: Record<string, RuleJudge> = {
  dayMove: judgeDayMove,
  recovery: judgeRecovery,
  windowMove: judgeWindowMove,
  volatility: judgeVolatility,
  levelCross: judgeLevelCross,
  crossMarket: judgeCrossMarket,
};

function plantedFault(alert: JudgedAlert, truth: Truth): string | null {
  const carried = [alert.price, alert.basePrice].filter((p): p is number => p !== undefined);
  const found = truth.planted.find(
    (p) => p.symbol === alert.symbol && carried.some((c) => samePrice(c, p.price)),
  );
  return found?.fault ?? null;
}

/** The instrument an alert is judged on: its own, or the fx leg's for a cross-market alert. */
function reasonFor(
  alert: JudgedAlert,
  earlier: readonly JudgedAlert[],
  settings: JudgeSettings,
  truth: Truth,
) {
  if (alert.time > alert.recordedAt + AHEAD_MS) {
    return `stamped ${fmt((alert.time - alert.recordedAt) / MINUTE_MS)} minutes ahead of when it was recorded`;
  }
  const symbol = alert.rule === 'crossMarket' ? settings.crossMarket.fx : alert.symbol;
  const instrument = truth.instruments.get(symbol);
  const thresholds = settings.thresholds.get(symbol);
  if (!instrument || !thresholds) return `the fakes never served ${symbol}`;
  const sameSymbol = earlier.filter((e) => e.symbol === alert.symbol);
  return (
    JUDGES[alert.rule]?.({ alert, truth: instrument, thresholds, earlier: sameSymbol }, settings, truth) ??
    null
  );
}

/** Judges every alert of a rule it knows, in the order the bot recorded them. */
export function judgeAlerts(
  alerts: readonly JudgedAlert[],
  truth: Truth,
  settings: JudgeSettings,
): Judgement {
  const judged: Record<string, number> = {};
  const unjudged: Record<string, number> = {};
  const found: FalseAlert[] = [];
  const ordered = [...alerts].sort((a, b) => a.recordedAt - b.recordedAt || a.time - b.time);
  ordered.forEach((alert, i) => {
    const tally = alert.rule in JUDGES ? judged : unjudged;
    tally[alert.rule] = (tally[alert.rule] ?? 0) + 1;
    if (!(alert.rule in JUDGES)) return;
    const reason = reasonFor(alert, ordered.slice(0, i), settings, truth);
    if (reason !== null) found.push({ id: alert.id, reason, fault: plantedFault(alert, truth) });
  });
  return { judged, unjudged, false: found };
}
