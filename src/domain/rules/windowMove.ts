import { changePct, directionOf } from './candidate.js';
import type { Candidate, RuleInput } from './candidate.js';
import { PriceWindow } from './priceWindow.js';

const MINUTE_MS = 60_000;

/** Windowed move: the move from the first price of a rolling window. */
export interface WindowMoveThresholds {
  readonly windowMinutes: number;
  readonly thresholdPct: number;
}

/** Nothing of it is persisted: the window is rebuilt from recorded bars when the bot starts. */
export interface WindowMoveState {
  readonly window: PriceWindow;
}

/** The move over an instrument's rolling window as of its last accepted quote. */
export interface WindowMove {
  readonly changePct: number;
  readonly basePrice: number;
  readonly price: number;
  readonly time: number;
}

export function createWindowMoveState(windowMinutes: number): WindowMoveState {
  return { window: new PriceWindow(windowMinutes * MINUTE_MS) };
}

export function resizeWindowMove(state: WindowMoveState, windowMinutes: number): void {
  state.window.resize(windowMinutes * MINUTE_MS);
}

/** The move from the window's first price to `last`, or null before any price. */
export function currentWindowMove(
  state: WindowMoveState,
  last: { readonly time: number; readonly price: number } | null,
): WindowMove | null {
  const base = state.window.firstPrice();
  if (base === null || last === null) return null;
  return { changePct: changePct(last.price, base), basePrice: base, price: last.price, time: last.time };
}

/** Fires while the move from the window start is at least the threshold, once it has held long enough. */
export function evaluateWindowMove(
  state: WindowMoveState,
  input: RuleInput,
  thresholds: WindowMoveThresholds,
): Candidate | null {
  const base = state.window.firstPrice();
  if (base === null) return null;
  const { price, factor, held } = input;
  const pct = changePct(price, base);
  const thresholdPct = thresholds.thresholdPct * factor;
  const direction = directionOf(pct);
  const hit = Math.abs(pct) >= thresholdPct;
  const up = held('windowMove:up', hit && direction === 'up');
  const down = held('windowMove:down', hit && direction === 'down');
  if (!up && !down) return null;
  return {
    rule: 'windowMove',
    direction,
    severity: Math.floor(Math.abs(pct) / thresholdPct),
    changePct: pct,
    basePrice: base,
    thresholdPct,
    windowMinutes: thresholds.windowMinutes,
  };
}
