import { z } from 'zod';
import { PriceWindow } from './rules/priceWindow.js';
import type { VolatilityTracker } from './rules/volatility.js';
import type { Side } from './rules/levelCross.js';

/** The last alert of one gate key (instrument, rule, direction[, level]): what a cooldown compares with. */
export interface GateMemory {
  at: number;
  severity: number;
}

const sideSchema = z.enum(['above', 'below']);

/** What survives a restart. Window prices and volatility are rebuilt from recorded bars instead. */
export const instrumentSnapshotSchema = z.object({
  v: z.literal(1),
  sessionId: z.string().nullable(),
  lastTime: z.number().nullable(),
  lastPrice: z.number().nullable(),
  pending: z.object({ time: z.number(), price: z.number() }).nullable(),
  firedTiers: z.object({ up: z.number().int(), down: z.number().int() }),
  levelSides: z.record(z.string(), sideSchema),
  gates: z.record(z.string(), z.object({ at: z.number(), severity: z.number() })),
  holds: z.record(z.string(), z.number().int()),
  stale: z.boolean(),
});
export type InstrumentSnapshot = z.infer<typeof instrumentSnapshotSchema>;

/** Mutable per-instrument memory of the engine. */
export interface InstrumentState {
  sessionId: string | null;
  /** Time and price of the last accepted quote. */
  lastTime: number | null;
  lastPrice: number | null;
  /** A jump beyond the sanity bound waiting for the next poll to confirm it. */
  pending: { time: number; price: number } | null;
  firedTiers: { up: number; down: number };
  /** Confirmed side per level (keyed by the level as a string). */
  levelSides: Map<string, Side>;
  gates: Map<string, GateMemory>;
  /** Consecutive polls each condition has held. */
  holds: Map<string, number>;
  stale: boolean;
  window: PriceWindow;
  volatility: VolatilityTracker;
}

export function createInstrumentState(windowMinutes: number, volatility: VolatilityTracker): InstrumentState {
  return {
    sessionId: null,
    lastTime: null,
    lastPrice: null,
    pending: null,
    firedTiers: { up: 0, down: 0 },
    levelSides: new Map(),
    gates: new Map(),
    holds: new Map(),
    stale: false,
    window: new PriceWindow(windowMinutes * 60_000),
    volatility,
  };
}

export function toSnapshot(state: InstrumentState): InstrumentSnapshot {
  return {
    v: 1,
    sessionId: state.sessionId,
    lastTime: state.lastTime,
    lastPrice: state.lastPrice,
    pending: state.pending,
    firedTiers: { ...state.firedTiers },
    levelSides: Object.fromEntries(state.levelSides),
    gates: Object.fromEntries(state.gates),
    holds: Object.fromEntries(state.holds),
    stale: state.stale,
  };
}

export function applySnapshot(state: InstrumentState, snapshot: InstrumentSnapshot): void {
  state.sessionId = snapshot.sessionId;
  state.lastTime = snapshot.lastTime;
  state.lastPrice = snapshot.lastPrice;
  state.pending = snapshot.pending;
  state.firedTiers = { ...snapshot.firedTiers };
  state.levelSides = new Map(Object.entries(snapshot.levelSides));
  state.gates = new Map(Object.entries(snapshot.gates));
  state.holds = new Map(Object.entries(snapshot.holds));
  state.stale = snapshot.stale;
}

/**
 * A new trading session resets tiers, holds and the price window. Volatility is kept: the last
 * session's returns are a fair estimate, and resetting would blind the rule for its lookback.
 */
export function startSession(state: InstrumentState, sessionId: string): void {
  state.sessionId = sessionId;
  state.firedTiers = { up: 0, down: 0 };
  state.holds.clear();
  state.pending = null;
  state.lastPrice = null;
  state.window.clear();
}
