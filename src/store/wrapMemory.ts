import type { SqlDatabase } from './sqlDatabase.js';

/** The close watch's last look at one market: its trading day then, and whether it was trading. */
export interface MarketLook {
  readonly tradingDay: string;
  readonly trading: boolean;
  readonly at: number;
}

/**
 * What the daily wrap remembers across restarts and failovers: the close watch's last look at each
 * market (so a day that ended while no bot watched is still noticed) and the wraps queued (so none
 * is queued twice).
 */
export interface WrapMemoryStore {
  marketLooks(): Map<string, MarketLook>;
  saveMarketLook(market: string, look: MarketLook): void;
  /** Records the wrap of one market's trading day; false when it was recorded before. */
  claimWrap(market: string, tradingDay: string, at: number): boolean;
}

interface LookRow {
  readonly market: string;
  readonly trading_day: string;
  readonly trading: number;
  readonly at: number;
}

export function wrapMemoryStore(db: SqlDatabase): WrapMemoryStore {
  const looks = db.prepare<[], LookRow>('SELECT market, trading_day, trading, at FROM close_watch');
  const saveLook = db.prepare<[string, string, number, number]>(
    `INSERT INTO close_watch (market, trading_day, trading, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (market) DO UPDATE SET trading_day = excluded.trading_day, trading = excluded.trading, at = excluded.at`,
  );
  const claim = db.prepare<[string, string, number]>(
    'INSERT INTO wraps_posted (market, trading_day, posted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    marketLooks: () =>
      new Map(
        looks.all().map((r) => [r.market, { tradingDay: r.trading_day, trading: r.trading === 1, at: r.at }]),
      ),
    saveMarketLook: (market, look) =>
      void saveLook.run(market, look.tradingDay, look.trading ? 1 : 0, look.at),
    claimWrap: (market, tradingDay, at) => claim.run(market, tradingDay, at).changes === 1,
  };
}
