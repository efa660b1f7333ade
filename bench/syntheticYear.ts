import type { Config } from '../src/config/config.js';
import type { MarketCalendar } from '../src/domain/calendar/index.js';

const YEAR = 2025;
const MINUTE_MS = 60_000;

/** A year of 1-minute bars of every configured instrument, in time order, as parallel arrays. */
export interface Bars {
  readonly count: number;
  readonly symbols: string[];
  readonly perInstrument: number[];
  readonly times: Float64Array;
  readonly prices: Float64Array;
  readonly prevCloses: Float64Array;
  readonly symbolIdx: Uint8Array;
}

/** Deterministic random walk with the odd burst, only at minutes when each market is open. */
export function syntheticYear(config: Config, calendar: MarketCalendar): Bars {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5;
  const price: number[] = config.instruments.map((i) => (i.kind === 'fx' ? 7.2 : 30_000));
  const prevClose = [...price];
  const tradingDay = config.instruments.map(() => '');
  const perInstrument = config.instruments.map(() => 0);
  const times: number[] = [];
  const prices: number[] = [];
  const prevCloses: number[] = [];
  const symbolIdx: number[] = [];
  for (let t = Date.UTC(YEAR, 0, 1); t < Date.UTC(YEAR + 1, 0, 1); t += MINUTE_MS) {
    config.instruments.forEach((inst, k) => {
      const status = calendar.status(inst.market, t);
      if (status.state !== 'open') return;
      if (status.tradingDay !== tradingDay[k]) {
        tradingDay[k] = status.tradingDay;
        prevClose[k] = price[k] ?? 1;
      }
      const vol = inst.kind === 'fx' ? 0.0001 : 0.0005;
      const burst = rand() > 0.4995 ? 20 : 1;
      price[k] = (price[k] ?? 1) * (1 + rand() * vol * burst);
      times.push(t);
      prices.push(price[k] ?? 1);
      prevCloses.push(prevClose[k] ?? 1);
      symbolIdx.push(k);
      perInstrument[k] = (perInstrument[k] ?? 0) + 1;
    });
  }
  return {
    count: times.length,
    symbols: config.instruments.map((i) => i.id),
    perInstrument,
    times: Float64Array.from(times),
    prices: Float64Array.from(prices),
    prevCloses: Float64Array.from(prevCloses),
    symbolIdx: Uint8Array.from(symbolIdx),
  };
}
