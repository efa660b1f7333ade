import { z } from 'zod';
import { cooldownsSnapshotSchema, holdsSnapshotSchema } from './gates.js';
import type { Cooldowns, HoldCounts } from './gates.js';
import type { RuleThresholds } from './instrument.js';
import {
  acceptPrice,
  createScreenState,
  lastAccepted,
  screenSnapshotShape,
  startScreenDay,
} from './priceScreen.js';
import type { ScreenState } from './priceScreen.js';
import type { HeldJump } from './jumpJudge.js';
import {
  createDayMoveState,
  dayBaseSnapshot,
  dayBaseSnapshotSchema,
  dayMoveSnapshot,
  dayMoveSnapshotSchema,
  resetDayMove,
  restoreDayMove,
} from './rules/dayMove.js';
import type { DayMoveState } from './rules/dayMove.js';
import {
  createLevelCrossState,
  levelCrossSnapshot,
  levelCrossSnapshotSchema,
  restoreLevelCross,
} from './rules/levelCross.js';
import type { LevelCrossState } from './rules/levelCross.js';
import { createQuietBand, type QuietBand } from './rules/quietBand.js';
import { isUsablePrice } from './quote.js';
import type { PricePoint } from './quote.js';
import { createVolatilityState, feedReturn, setLastFed } from './rules/volatility.js';
import type { VolatilityState, VolatilityTracker } from './rules/volatility.js';
import { createWindowMoveState, resizeWindowMove } from './rules/windowMove.js';
import type { WindowMoveState } from './rules/windowMove.js';

/**
 * What survives a restart, composed of each part's own schema. The JSON layout (v1) is the one
 * stores already hold; window prices and volatility are rebuilt from recorded bars instead.
 */
export const instrumentSnapshotSchema = z.object({
  v: z.literal(1),
  ...screenSnapshotShape,
  firedTiers: dayMoveSnapshotSchema,
  levelSides: levelCrossSnapshotSchema,
  gates: cooldownsSnapshotSchema,
  holds: holdsSnapshotSchema,
  dayBase: dayBaseSnapshotSchema.optional(),
});
export type InstrumentSnapshot = z.infer<typeof instrumentSnapshotSchema>;

/** Mutable per-instrument memory of the engine: the screen's, each rule's and the gates'. */
export interface InstrumentState {
  readonly screen: ScreenState;
  readonly dayMove: DayMoveState;
  readonly windowMove: WindowMoveState;
  readonly volatility: VolatilityState;
  readonly levelCross: LevelCrossState;
  /** Where the day rules cannot fire (derived, never persisted). */
  readonly quiet: QuietBand;
  holds: HoldCounts;
  cooldowns: Cooldowns;
}

export function createInstrumentState(
  thresholds: RuleThresholds,
  createVolatility: (lookbackReturns: number) => VolatilityTracker,
): InstrumentState {
  return {
    screen: createScreenState(),
    dayMove: createDayMoveState(),
    windowMove: createWindowMoveState(thresholds.windowMove.windowMinutes),
    volatility: createVolatilityState(createVolatility(thresholds.volatility.lookbackReturns)),
    levelCross: createLevelCrossState(),
    quiet: createQuietBand(),
    holds: new Map(),
    cooldowns: new Map(),
  };
}

export function toSnapshot(state: InstrumentState): InstrumentSnapshot {
  const { screen } = state;
  const dayBase = dayBaseSnapshot(state.dayMove);
  return {
    v: 1,
    sessionId: screen.tradingDay,
    lastTime: screen.lastTime,
    lastPrice: screen.lastPrice,
    pending: pendingSnapshot(screen.pending),
    firedTiers: dayMoveSnapshot(state.dayMove),
    levelSides: levelCrossSnapshot(state.levelCross),
    gates: Object.fromEntries(state.cooldowns),
    holds: Object.fromEntries(state.holds),
    stale: screen.stale,
    // Written only when set, so a snapshot without it stays byte for byte what older code wrote.
    ...(dayBase === null ? {} : { dayBase }),
  };
}

/** Written as older code wrote it unless a poll has seen the held jump (`polledAt`, read back as null when absent). */
function pendingSnapshot(pending: HeldJump | null): InstrumentSnapshot['pending'] {
  if (pending === null) return null;
  const { time, price, polledAt } = pending;
  return polledAt === null ? { time, price } : { time, price, polledAt };
}

export function applySnapshot(state: InstrumentState, snapshot: InstrumentSnapshot): void {
  const { screen } = state;
  screen.tradingDay = snapshot.sessionId;
  screen.lastTime = snapshot.lastTime;
  screen.lastPrice = snapshot.lastPrice;
  const { pending } = snapshot;
  screen.pending = pending && {
    time: pending.time,
    price: pending.price,
    polledAt: pending.polledAt ?? null,
  };
  screen.stale = snapshot.stale;
  restoreDayMove(state.dayMove, snapshot.firedTiers, snapshot.dayBase);
  restoreLevelCross(state.levelCross, snapshot.levelSides);
  state.cooldowns = new Map(Object.entries(snapshot.gates));
  state.holds = new Map(Object.entries(snapshot.holds));
}

/**
 * The day-scoped parts start again on a new trading day: tiers (see resetDayMove for the base),
 * holds and the price window (the screen forgets its own). Volatility is kept: the last day's
 * returns are a fair estimate, and resetting would blind the rule for its lookback. Level sides
 * and cooldowns carry over.
 */
export function resetForTradingDay(
  state: InstrumentState,
  dayBase: number | null,
  providerClose: number | null,
): void {
  resetDayMove(state.dayMove, dayBase, providerClose);
  state.holds.clear();
  state.windowMove.window.clear();
  // No return spans two trading days (an FX roll included).
  setLastFed(state.volatility, null);
}

/** The trading day recorded points belong to, and its base (see dayBase.ts). */
export interface WarmUpDay {
  readonly tradingDay: string;
  readonly dayBase: number | null;
  readonly providerClose: number | null;
}

/**
 * Rebuilds the price window and volatility from recorded points of `day`, without alerting,
 * and makes the newest of them the last accepted price.
 * Entering a new trading day here resets the screen's part too, as a quote would.
 */
export function warmUpState(state: InstrumentState, points: readonly PricePoint[], day: WarmUpDay): void {
  if (day.tradingDay !== state.screen.tradingDay) {
    startScreenDay(state.screen, day.tradingDay);
    resetForTradingDay(state, day.dayBase, day.providerClose);
  }
  let previous: PricePoint | null = null;
  for (const point of points) {
    if (!isUsablePrice(point.price)) continue;
    feedReturn(state.volatility, previous, point.time, point.price);
    state.windowMove.window.push(point.time, point.price);
    previous = point;
  }
  // The next poll's return starts from the newest recorded price, not from the last quote before a
  // restart: the returns in between were just fed, and feeding them again would count them twice.
  const { lastTime } = state.screen;
  if (previous !== null && (lastTime === null || previous.time > lastTime))
    acceptPrice(state.screen, previous.time, previous.price);
  setLastFed(state.volatility, lastAccepted(state.screen));
}

/** Restores persisted state; a problem description instead of a throw on a bad snapshot. */
export function restoreSnapshot(state: InstrumentState, symbol: string, snapshot: unknown): string | null {
  const parsed = instrumentSnapshotSchema.safeParse(snapshot);
  if (!parsed.success) {
    const problem = parsed.error.issues[0]?.message ?? 'invalid';
    return `saved state for ${symbol} is unreadable (${problem}); starting it fresh`;
  }
  applySnapshot(state, parsed.data);
  return null;
}

/** Follows edited thresholds while keeping what the instrument remembers. */
export function adaptToThresholds(
  state: InstrumentState,
  was: RuleThresholds | undefined,
  now: RuleThresholds,
  createVolatility: (lookbackReturns: number) => VolatilityTracker,
): void {
  if (was?.windowMove.windowMinutes !== now.windowMove.windowMinutes) {
    resizeWindowMove(state.windowMove, now.windowMove.windowMinutes);
  }
  // A new lookback needs a new tracker; it warms up again from the next returns.
  if (was?.volatility.lookbackReturns !== now.volatility.lookbackReturns) {
    state.volatility.tracker = createVolatility(now.volatility.lookbackReturns);
  }
}
