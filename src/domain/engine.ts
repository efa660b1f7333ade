import type { Config, Instrument } from '../config/config.js';
import type { Alert, Direction, RuleName } from './alert.js';
import type { MarketCalendar } from './calendar/index.js';
import type { NewsEvent } from './events.js';
import { activeEvent } from './events.js';
import { formatAlertMessage } from './format.js';
import { checkGate, holdsLongEnough } from './gates.js';
import type { GateVerdict } from './gates.js';
import {
  applySnapshot,
  createInstrumentState,
  instrumentSnapshotSchema,
  startSession,
  toSnapshot,
} from './instrumentState.js';
import type { InstrumentSnapshot, InstrumentState } from './instrumentState.js';
import { isUsablePrice } from './quote.js';
import type { PricePoint } from './quote.js';
import { dayMoveTier } from './rules/dayMove.js';
import { sideOfLevel } from './rules/levelCross.js';
import { createVolatilityTracker } from './rules/volatility.js';
import type { VolatilityTracker } from './rules/volatility.js';

const MINUTE_MS = 60_000;
/** Returns across a longer gap (lunch, overnight, an outage) are not one poll's move. */
const RETURN_MAX_GAP_MS = 15 * MINUTE_MS;

/** What the engine needs of a quote; a provider's Quote fits. */
export interface Observation {
  readonly symbol: string;
  readonly price: number | null;
  readonly time: number;
  readonly previousClose: number | null;
}

export type NoteKind = 'invalid-price' | 'stale' | 'fresh' | 'jump-held' | 'jump-confirmed' | 'jump-rejected';

/** Something a person or the log should hear about that is not an alert. */
export interface Note {
  readonly symbol: string;
  readonly kind: NoteKind;
  readonly time: number;
  readonly message: string;
}

export type SkipReason =
  | 'market closed'
  | 'invalid price'
  | 'not advanced'
  | 'stale'
  | 'outside session'
  | 'jump held for confirmation';

export interface WindowMove {
  readonly changePct: number;
  readonly basePrice: number;
  readonly price: number;
  readonly time: number;
}

export interface Decision {
  readonly alerts: readonly Alert[];
  readonly notes: readonly Note[];
  /** Why the quote was not evaluated, or null when the rules ran. */
  readonly skipped: SkipReason | null;
}

export interface EngineOptions {
  readonly config: Pick<Config, 'instruments' | 'alerting' | 'events' | 'schedule'>;
  readonly calendar: MarketCalendar;
  readonly events: readonly NewsEvent[];
  /** How volatility is tracked; the streaming tracker unless a benchmark compares another. */
  readonly createVolatility?: (lookbackReturns: number) => VolatilityTracker;
}

export interface Engine {
  /** Evaluates one quote at wall-clock time `now` (epoch ms). */
  observe(observation: Observation, now: number): Decision;
  /** Rebuilds the price window and volatility from recorded points, without alerting. */
  warmUp(symbol: string, points: readonly PricePoint[]): void;
  snapshot(symbol: string): InstrumentSnapshot;
  /** Restores persisted state; returns a problem description instead of throwing on a bad snapshot. */
  restore(symbol: string, snapshot: unknown): string | null;
  isStale(symbol: string): boolean;
  /** The trade-news event whose window contains `time`, and the threshold factor that applies then. */
  eventAt(time: number): { event: NewsEvent | null; factor: number };
  /** The move over the instrument's rolling window as of its last accepted quote, or null. */
  windowMove(symbol: string): WindowMove | null;
  /** Applies an edited config (thresholds, cooldowns, events) live; per-instrument memory is kept. */
  reconfigure(config: EngineOptions['config'], events: readonly NewsEvent[], calendar: MarketCalendar): void;
}

const NO_ALERTS: readonly Alert[] = Object.freeze([]);
const NO_NOTES: readonly Note[] = Object.freeze([]);

function skip(skipped: SkipReason, notes: readonly Note[] = NO_NOTES): Decision {
  return { alerts: NO_ALERTS, notes, skipped };
}

function directionOf(pct: number): Direction {
  return pct >= 0 ? 'up' : 'down';
}

interface Candidate {
  rule: RuleName;
  direction: Direction;
  severity: number;
  changePct: number;
  basePrice: number;
  thresholdPct: number;
  windowMinutes?: number;
  zScore?: number;
  level?: number;
}

export function createEngine(options: EngineOptions): Engine {
  const { createVolatility } = options;
  let calendar = options.calendar;
  const states = new Map<string, InstrumentState>();
  let config = options.config;
  let events = options.events;
  let instruments = new Map<string, Instrument>(config.instruments.map((i) => [i.id, i]));
  let staleAfterMs = config.schedule.staleAfterMinutes * MINUTE_MS;
  let cooldownMs = config.alerting.cooldownMinutes * MINUTE_MS;
  let holdPolls = config.alerting.holdPolls;

  /** Applies a new config without losing what each instrument remembers. */
  function reconfigure(
    next: EngineOptions['config'],
    nextEvents: readonly NewsEvent[],
    nextCalendar: MarketCalendar,
  ): void {
    const previous = instruments;
    calendar = nextCalendar;
    config = next;
    events = nextEvents;
    instruments = new Map(next.instruments.map((i) => [i.id, i]));
    staleAfterMs = next.schedule.staleAfterMinutes * MINUTE_MS;
    cooldownMs = next.alerting.cooldownMinutes * MINUTE_MS;
    holdPolls = next.alerting.holdPolls;
    for (const [symbol, state] of states) {
      const inst = instruments.get(symbol);
      if (!inst) {
        states.delete(symbol);
        continue;
      }
      const was = previous.get(symbol)?.thresholds;
      const now = inst.thresholds;
      if (was?.windowMove.windowMinutes !== now.windowMove.windowMinutes) {
        state.window.resize(now.windowMove.windowMinutes * MINUTE_MS);
      }
      // A new lookback needs a new tracker; it warms up again from the next returns.
      if (was?.volatility.lookbackReturns !== now.volatility.lookbackReturns) {
        state.volatility = (createVolatility ?? createVolatilityTracker)(now.volatility.lookbackReturns);
      }
    }
  }

  function lookup(symbol: string): { inst: Instrument; state: InstrumentState } {
    const inst = instruments.get(symbol);
    if (!inst)
      throw new Error(`unknown instrument ${symbol}; configured: ${[...instruments.keys()].join(', ')}`);
    let state = states.get(symbol);
    if (!state) {
      const t = inst.thresholds;
      state = createInstrumentState(
        t.windowMove.windowMinutes,
        (createVolatility ?? createVolatilityTracker)(t.volatility.lookbackReturns),
      );
      states.set(symbol, state);
    }
    return { inst, state };
  }

  function note(symbol: string, kind: NoteKind, time: number, message: string): Note {
    return { symbol, kind, time, message };
  }

  /** The sanity bound: a lone jump waits for the next poll to confirm it. */
  function screenJump(
    inst: Instrument,
    state: InstrumentState,
    obs: Observation,
    price: number,
  ): Decision | Note | null {
    const ref = state.lastPrice ?? (isUsablePrice(obs.previousClose) ? obs.previousClose : null);
    if (ref === null) return null;
    const jumpPct = (price / ref - 1) * 100;
    const pending = state.pending;
    if (Math.abs(jumpPct) > inst.thresholds.sanityJumpPct) {
      if (pending && Math.sign(pending.price - ref) === Math.sign(jumpPct)) {
        state.pending = null;
        return note(
          inst.id,
          'jump-confirmed',
          obs.time,
          `${inst.id} jump of ${jumpPct.toFixed(2)}% confirmed by a second poll`,
        );
      }
      state.pending = { time: obs.time, price };
      state.lastTime = obs.time;
      return skip('jump held for confirmation', [
        note(
          inst.id,
          'jump-held',
          obs.time,
          `${inst.id} jumped ${jumpPct.toFixed(2)}% in one poll (bound ${inst.thresholds.sanityJumpPct}%); held until the next poll confirms it`,
        ),
      ]);
    }
    if (pending) {
      state.pending = null;
      return note(
        inst.id,
        'jump-rejected',
        obs.time,
        `${inst.id} discarded a lone bad tick at ${pending.price}`,
      );
    }
    return null;
  }

  function evaluateRules(
    inst: Instrument,
    state: InstrumentState,
    obs: Observation,
    price: number,
    returnPct: number | null,
    zScore: number | null,
    factor: number,
  ): Candidate[] {
    const t = inst.thresholds;
    const found: Candidate[] = [];
    const prevClose = isUsablePrice(obs.previousClose) ? obs.previousClose : null;

    if (prevClose !== null) {
      const dayPct = (price / prevClose - 1) * 100;
      const dir = directionOf(dayPct);
      const tier = dayMoveTier(dayPct, t.dayMove.tiersPct, factor);
      const up = holdsLongEnough(state, 'dayMove:up', dir === 'up' && tier > state.firedTiers.up, holdPolls);
      const down = holdsLongEnough(
        state,
        'dayMove:down',
        dir === 'down' && tier > state.firedTiers.down,
        holdPolls,
      );
      if (up || down) {
        state.firedTiers[dir] = tier;
        const thresholdPct = (t.dayMove.tiersPct[tier - 1] ?? 0) * factor;
        found.push({
          rule: 'dayMove',
          direction: dir,
          severity: tier,
          changePct: dayPct,
          basePrice: prevClose,
          thresholdPct,
        });
      }
    }

    const base = state.window.firstPrice();
    if (base !== null) {
      const pct = (price / base - 1) * 100;
      const thresholdPct = t.windowMove.thresholdPct * factor;
      const dir = directionOf(pct);
      const hit = Math.abs(pct) >= thresholdPct;
      const up = holdsLongEnough(state, 'windowMove:up', hit && dir === 'up', holdPolls);
      const down = holdsLongEnough(state, 'windowMove:down', hit && dir === 'down', holdPolls);
      if (up || down) {
        const severity = Math.floor(Math.abs(pct) / thresholdPct);
        const windowMinutes = t.windowMove.windowMinutes;
        found.push({
          rule: 'windowMove',
          direction: dir,
          severity,
          changePct: pct,
          basePrice: base,
          thresholdPct,
          windowMinutes,
        });
      }
    }

    if (zScore !== null && returnPct !== null) {
      const floorPct = t.volatility.minMovePct * factor;
      const hit = Math.abs(zScore) >= t.volatility.zScore && Math.abs(returnPct) >= floorPct;
      const dir = directionOf(returnPct);
      const up = holdsLongEnough(state, 'volatility:up', hit && dir === 'up', holdPolls);
      const down = holdsLongEnough(state, 'volatility:down', hit && dir === 'down', holdPolls);
      if (up || down) {
        const severity = Math.floor(Math.abs(zScore) / t.volatility.zScore);
        const basePrice = price / (1 + returnPct / 100);
        found.push({
          rule: 'volatility',
          direction: dir,
          severity,
          changePct: returnPct,
          basePrice,
          thresholdPct: floorPct,
          zScore,
        });
      }
    }

    for (const level of t.levelCross.levels) {
      const key = String(level);
      const known =
        state.levelSides.get(key) ??
        (prevClose === null ? null : sideOfLevel(prevClose, level, t.levelCross.hysteresisPct, null));
      const side = sideOfLevel(price, level, t.levelCross.hysteresisPct, known);
      if (known === null) {
        if (side !== null) state.levelSides.set(key, side);
        continue;
      }
      if (!holdsLongEnough(state, `levelCross:${key}`, side !== known, holdPolls) || side === null) continue;
      // The side moves on even if a cooldown mutes the alert: a late alert for an old cross is noise.
      state.levelSides.set(key, side);
      const direction: Direction = side === 'above' ? 'up' : 'down';
      const changePct = (price / level - 1) * 100;
      found.push({
        rule: 'levelCross',
        direction,
        severity: 1,
        changePct,
        basePrice: level,
        thresholdPct: t.levelCross.hysteresisPct,
        level,
      });
    }
    return found;
  }

  function toAlert(
    inst: Instrument,
    state: InstrumentState,
    obs: Observation,
    price: number,
    c: Candidate,
    verdict: GateVerdict,
    event: NewsEvent | null,
  ): Alert {
    const prevClose = isUsablePrice(obs.previousClose) ? obs.previousClose : null;
    const levelPart = c.level === undefined ? '' : `:${c.level}`;
    const alert: Omit<Alert, 'message'> = {
      id: `${inst.id}:${c.rule}${levelPart}:${c.direction}:${c.severity}:${obs.time}`,
      symbol: inst.id,
      name: inst.name,
      rule: c.rule,
      direction: c.direction,
      severity: c.severity,
      price,
      changePct: c.changePct,
      dayChangePct: prevClose === null ? null : (price / prevClose - 1) * 100,
      basePrice: c.basePrice,
      thresholdPct: c.thresholdPct,
      windowMinutes: c.windowMinutes,
      zScore: c.zScore,
      level: c.level,
      time: obs.time,
      sessionId: state.sessionId ?? '',
      event: event ? { id: event.id, title: event.title, time: event.time, link: event.link } : undefined,
      escalated: verdict === 'escalated',
    };
    return { ...alert, message: formatAlertMessage(alert, inst.decimals) };
  }

  function observe(obs: Observation, now: number): Decision {
    const { inst, state } = lookup(obs.symbol);
    const statusNow = calendar.status(inst.market, now);
    if (statusNow.state !== 'open') return skip('market closed');

    const price = obs.price;
    if (!isUsablePrice(price)) {
      return skip('invalid price', [
        note(
          inst.id,
          'invalid-price',
          obs.time,
          `${inst.id} price ${String(price)} is not a positive number; ignored`,
        ),
      ]);
    }

    // Right after an open (or lunch) the last quote is from before the break: not stale yet.
    const ageMs = now - Math.max(obs.time, statusNow.openedAt ?? obs.time);
    const advanced = state.lastTime === null || obs.time > state.lastTime;
    if (!advanced || ageMs > staleAfterMs) {
      if (ageMs > staleAfterMs && !state.stale) {
        state.stale = true;
        const minutes = ((now - obs.time) / MINUTE_MS).toFixed(1);
        return skip('stale', [
          note(
            inst.id,
            'stale',
            obs.time,
            `${inst.id} is stale: last quote ${minutes} min old while the market is open; alerts paused until it updates`,
          ),
        ]);
      }
      return skip(advanced ? 'stale' : 'not advanced');
    }
    let notes: Note[] | null = null;
    if (state.stale) {
      state.stale = false;
      notes = [note(inst.id, 'fresh', obs.time, `${inst.id} quotes are updating again`)];
    }

    const status = obs.time === now ? statusNow : calendar.status(inst.market, obs.time);
    if (status.state !== 'open') return skip('outside session', notes ?? NO_NOTES);
    if (status.sessionId !== state.sessionId) startSession(state, status.sessionId);

    const screened = screenJump(inst, state, obs, price);
    if (screened && 'skipped' in screened)
      return notes ? { ...screened, notes: [...notes, ...screened.notes] } : screened;
    if (screened) (notes ??= []).push(screened);

    const prevPrice = state.lastPrice;
    const prevTime = state.lastTime;
    let returnPct: number | null = null;
    let zScore: number | null = null;
    if (prevPrice !== null && prevTime !== null && obs.time - prevTime <= RETURN_MAX_GAP_MS) {
      returnPct = (price / prevPrice - 1) * 100;
      zScore = state.volatility.next(returnPct);
    }
    state.window.push(obs.time, price);

    const event = activeEvent(events, obs.time);
    const factor = event ? config.events.thresholdFactor : 1;
    const candidates = evaluateRules(inst, state, obs, price, returnPct, zScore, factor);
    state.lastPrice = price;
    state.lastTime = obs.time;
    if (candidates.length === 0) return { alerts: NO_ALERTS, notes: notes ?? NO_NOTES, skipped: null };

    const alerts: Alert[] = [];
    for (const c of candidates) {
      const key = `${c.rule}:${c.level ?? ''}:${c.direction}`;
      const verdict = checkGate(state.gates.get(key), c.severity, obs.time, cooldownMs);
      if (verdict === 'cooling-down') continue;
      state.gates.set(key, { at: obs.time, severity: c.severity });
      alerts.push(toAlert(inst, state, obs, price, c, verdict, event));
    }
    return { alerts, notes: notes ?? NO_NOTES, skipped: null };
  }

  return {
    observe,
    warmUp(symbol, points) {
      const { inst, state } = lookup(symbol);
      const last = points.at(-1);
      if (!last) return;
      // Warming up is entering the session of the newest point; an older saved session ends here.
      const sessionId = calendar.status(inst.market, last.time).sessionId;
      if (sessionId !== state.sessionId) startSession(state, sessionId);
      let prev: PricePoint | null = null;
      for (const p of points) {
        if (!isUsablePrice(p.price)) continue;
        if (prev && p.time > prev.time && p.time - prev.time <= RETURN_MAX_GAP_MS) {
          state.volatility.next((p.price / prev.price - 1) * 100);
        }
        state.window.push(p.time, p.price);
        prev = p;
      }
    },
    snapshot(symbol) {
      return toSnapshot(lookup(symbol).state);
    },
    restore(symbol, snapshot) {
      const parsed = instrumentSnapshotSchema.safeParse(snapshot);
      if (!parsed.success)
        return `saved state for ${symbol} is unreadable (${parsed.error.issues[0]?.message ?? 'invalid'}); starting it fresh`;
      applySnapshot(lookup(symbol).state, parsed.data);
      return null;
    },
    reconfigure,
    eventAt(time) {
      const event = activeEvent(events, time);
      return { event, factor: event ? config.events.thresholdFactor : 1 };
    },
    windowMove(symbol) {
      const { state } = lookup(symbol);
      const base = state.window.firstPrice();
      if (base === null || state.lastPrice === null || state.lastTime === null) return null;
      return {
        changePct: (state.lastPrice / base - 1) * 100,
        basePrice: base,
        price: state.lastPrice,
        time: state.lastTime,
      };
    },
    isStale(symbol) {
      return lookup(symbol).state.stale;
    },
  };
}
