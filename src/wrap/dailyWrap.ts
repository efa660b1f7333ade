import type { ConfigHolder } from '../config/configHolder.js';
import type { Alert } from '../domain/alert.js';
import type { NewsEvent } from '../domain/events.js';
import type { Monitor } from '../pipeline/monitor.js';
import { reactionRows, type ReactionRow } from '../pipeline/reactionRows.js';
import type { Store } from '../store/openStore.js';

/** A trading day is at most a day long; bars older than this cannot belong to it. */
const DAY_MS = 24 * 60 * 60_000;

/** One instrument's day in the wrap. */
export interface InstrumentWrap {
  readonly id: string;
  readonly name: string;
  readonly decimals: number;
  /** The last stored price of the day, or null when none was stored. */
  readonly close: number | null;
  readonly previousClose: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** The alerts recorded for the instrument on the day, oldest first. */
  readonly alerts: readonly Alert[];
}

/** One market's trading day: its instruments, and the day's trade-news events with their reactions. */
export interface MarketWrap {
  readonly market: string;
  readonly tradingDay: string;
  readonly instruments: readonly InstrumentWrap[];
  readonly events: readonly { readonly event: NewsEvent; readonly rows: readonly ReactionRow[] }[];
}

export interface WrapDeps {
  readonly config: Pick<ConfigHolder, 'current' | 'calendar'>;
  readonly monitor: Pick<Monitor, 'instruments' | 'latestQuote' | 'events'>;
  readonly store: Store;
}

/**
 * The wrap of `market`'s current (or just closed) trading day as of `now`, from the stored bars and
 * alerts: what the close message and /wrap show. Only the day's screened bars count.
 */
export function buildMarketWrap(deps: WrapDeps, market: string, now: number): MarketWrap {
  const { monitor, store } = deps;
  const calendar = deps.config.calendar();
  const tradingDay = calendar.status(market, now).tradingDay;
  const inMarket = monitor.instruments().filter((i) => i.market === market);
  const instruments = inMarket.map((inst): InstrumentWrap => {
    const bars = store
      .recentBars(inst.id, now - DAY_MS)
      .filter((b) => b.time <= now && calendar.status(market, b.time).tradingDay === tradingDay);
    const prices = bars.map((b) => b.price);
    return {
      id: inst.id,
      name: inst.name,
      decimals: inst.decimals,
      close: bars.at(-1)?.price ?? null,
      previousClose: monitor.latestQuote(inst.id)?.previousClose ?? null,
      low: prices.length > 0 ? Math.min(...prices) : null,
      high: prices.length > 0 ? Math.max(...prices) : null,
      alerts: store.alertsForSession(inst.id, tradingDay),
    };
  });
  const events = monitor
    .events()
    .filter((e) => e.time <= now && calendar.status(market, e.time).tradingDay === tradingDay)
    .map((event) => ({
      event,
      rows: reactionRows(deps, event, now).filter((r) => inMarket.some((i) => i.id === r.label)),
    }));
  return { market, tradingDay, instruments, events };
}
