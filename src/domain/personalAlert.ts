/*
 * Personal alerts: a member's own price condition on one instrument, matched against the prices the
 * one price screen accepted (never a held or rejected print). A condition fires once per crossing:
 * it fires when it becomes true while armed; a repeating alert then waits, disarmed, until the price
 * goes back across before it can fire again; any other alert is removed when it fires.
 */

/** above/below: the price at or beyond a level; move: |change from the previous close| ≥ pct. */
export type PersonalCondition =
  | { readonly kind: 'above'; readonly value: number }
  | { readonly kind: 'below'; readonly value: number }
  | { readonly kind: 'move'; readonly value: number };

export interface PersonalAlert {
  /** Short, for `/alert remove <id>`. */
  readonly id: number;
  readonly memberId: string;
  readonly symbol: string;
  readonly condition: PersonalCondition;
  readonly repeat: boolean;
  /** Whether the condition may fire now (false until the price is back across, after firing). */
  readonly armed: boolean;
  /** How often it fired; names each firing, so a firing has one deterministic key. */
  readonly fired: number;
  readonly createdAt: number;
}

/** A price the screen accepted and the rules ran on, with the day's base the day move uses. */
export interface ScreenedPrice {
  readonly symbol: string;
  readonly price: number;
  readonly time: number;
  /** The previous close (or the engine's day base); null when unknown. */
  readonly previousClose: number | null;
}

/** One personal alert that fired: who gets it, and the facts the message shows. */
export interface PersonalFiring {
  /** Deterministic: `pa-<id>-<firing number>`; the outbox nonce, so a firing is sent once. */
  readonly key: string;
  readonly alertId: number;
  readonly memberId: string;
  readonly symbol: string;
  readonly condition: PersonalCondition;
  readonly repeat: boolean;
  readonly price: number;
  readonly time: number;
  /** Change from the previous close in percent, or null when the close is unknown. */
  readonly changePct: number | null;
}

/** What a batch of prices does to the alerts: who fires, and the state each changed alert keeps. */
export interface PersonalMatch {
  readonly firings: readonly PersonalFiring[];
  /** Alerts whose armed state or firing count changed and that stay. */
  readonly updated: readonly PersonalAlert[];
  /** Ids of alerts that fired and do not repeat. */
  readonly removed: readonly number[];
}

export function changePctOf(price: number, previousClose: number | null): number | null {
  return previousClose === null || previousClose <= 0 ? null : (price / previousClose - 1) * 100;
}

/** Whether the condition holds at this price; null when it cannot be told (no previous close). */
export function conditionMet(condition: PersonalCondition, seen: ScreenedPrice): boolean | null {
  if (condition.kind === 'above') return seen.price >= condition.value;
  if (condition.kind === 'below') return seen.price <= condition.value;
  const change = changePctOf(seen.price, seen.previousClose);
  return change === null ? null : Math.abs(change) >= condition.value;
}

function fire(alert: PersonalAlert, seen: ScreenedPrice): PersonalFiring {
  return {
    key: `pa-${alert.id}-${alert.fired + 1}`,
    alertId: alert.id,
    memberId: alert.memberId,
    symbol: alert.symbol,
    condition: alert.condition,
    repeat: alert.repeat,
    price: seen.price,
    time: seen.time,
    changePct: changePctOf(seen.price, seen.previousClose),
  };
}

/**
 * Matches accepted prices against the alerts (pure: the caller persists the outcome in the same
 * transaction that queues the messages). Each alert is judged at its instrument's newest price.
 */
export function matchPersonalAlerts(
  alerts: readonly PersonalAlert[],
  prices: readonly ScreenedPrice[],
): PersonalMatch {
  const newest = new Map<string, ScreenedPrice>();
  for (const p of prices) if ((newest.get(p.symbol)?.time ?? -Infinity) <= p.time) newest.set(p.symbol, p);
  const firings: PersonalFiring[] = [];
  const updated: PersonalAlert[] = [];
  const removed: number[] = [];
  for (const alert of alerts) {
    const seen = newest.get(alert.symbol);
    const met = seen === undefined ? null : conditionMet(alert.condition, seen);
    if (seen === undefined || met === null) continue;
    if (met && alert.armed) {
      firings.push(fire(alert, seen));
      if (alert.repeat) updated.push({ ...alert, armed: false, fired: alert.fired + 1 });
      else removed.push(alert.id);
    } else if (!met && !alert.armed) {
      updated.push({ ...alert, armed: true });
    }
  }
  return { firings, updated, removed };
}
