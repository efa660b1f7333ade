/**
 * Writes the recorded session that `npm run demo` replays: Monday 2 June 2025, the day China's commerce
 * ministry (MOFCOM) accused the US of breaching the Geneva trade truce. One Yahoo Finance v8 chart response
 * (interval=1m, range=1d) per symbol, in data/demo/2025-06-02/. Also the constructed HSI crash session of
 * 7 April 2025 that the follow-through tests replay (test/fixtures/yahoo/hsi-2025-04-07-crash-constructed.json),
 * and the Nikkei of that day with one bad print (test/fixtures/yahoo/n225-2025-04-07-bad-print-constructed.json).
 *
 * The previous closes and closes are the real ones; the minute-by-minute path between them and the minute of
 * the statement (10:00 HKT) are illustrative. USD/CNY (onshore, shut for the holiday) is constructed: flat. Deterministic: a seeded PRNG, so a re-run rewrites the same bytes.
 *
 *   npx tsx scripts/makeDemoSession.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT_DIR = 'data/demo/2025-06-02';
const DAY = '2025-06-02';
const MINUTE_S = 60;

/** Deterministic PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform source. */
function gaussian(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Epoch seconds of a wall-clock time with its UTC offset, e.g. at('10:00', '+08:00'). */
function at(hhmm: string, offset: string, day = DAY): number {
  return Date.parse(`${day}T${hhmm}:00${offset}`) / 1000;
}

/** Bar timestamps every minute from `from` to `to`, both included. */
function minutes(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t += MINUTE_S) out.push(t);
  return out;
}

const round = (x: number, decimals: number): number => Number(x.toFixed(decimals));

interface SessionSpec {
  seed: number;
  decimals: number;
  previousClose: number;
  close: number;
  timestamps: number[];
  /** The path's skeleton: [epoch s, price]; linear in between, the last one is the close. */
  anchors: [number, number][];
  /** Minute-to-minute noise as a fraction of price, and how fast it is pulled back to the skeleton. */
  noise: number;
  meanReversion: number;
  /** High/low wicks beyond open/close, as a fraction of price. */
  wick: number;
  /** Bars (epoch s) that Yahoo returns with every field null. */
  nullBars: number[];
  /** One lone outlier close, reverting on the next bar: [epoch s, factor applied to the price]. */
  badTick?: [number, number];
  volume: (t: number, uniform: () => number) => number;
}

interface Bars {
  open: (number | null)[];
  high: (number | null)[];
  low: (number | null)[];
  close: (number | null)[];
  volume: (number | null)[];
}

function skeleton(anchors: [number, number][], t: number): number {
  const first = anchors[0];
  if (first === undefined) throw new Error('no anchors');
  let prev = first;
  for (const next of anchors) {
    if (t <= next[0]) {
      if (next[0] === prev[0]) return next[1];
      return prev[1] + ((next[1] - prev[1]) * (t - prev[0])) / (next[0] - prev[0]);
    }
    prev = next;
  }
  return prev[1];
}

function makeBars(spec: SessionSpec): Bars {
  const uniform = mulberry32(spec.seed);
  const normal = gaussian(uniform);
  const bars: Bars = { open: [], high: [], low: [], close: [], volume: [] };
  const n = spec.timestamps.length;
  let deviation = 0; // mean-reverting noise around the skeleton, as a fraction of price
  let last = spec.previousClose;
  spec.timestamps.forEach((t, i) => {
    deviation = deviation * (1 - spec.meanReversion) + spec.noise * normal();
    const taper = Math.min(1, (n - 1 - i) / 10); // land exactly on the real close
    let close = i === n - 1 ? spec.close : skeleton(spec.anchors, t) * (1 + deviation * taper);
    if (spec.badTick?.[0] === t) close *= spec.badTick[1];
    const open = i === 0 ? skeleton(spec.anchors, t) : last;
    const high = Math.max(open, close) * (1 + Math.abs(normal()) * spec.wick);
    const low = Math.min(open, close) * (1 - Math.abs(normal()) * spec.wick);
    const volume = spec.volume(t, uniform);
    if (spec.nullBars.includes(t)) {
      // Yahoo keeps the timestamp and nulls every field of a minute it has no trade for.
      for (const key of ['open', 'high', 'low', 'close', 'volume'] as const) bars[key].push(null);
      return;
    }
    bars.open.push(round(open, spec.decimals));
    bars.high.push(round(high, spec.decimals));
    bars.low.push(round(low, spec.decimals));
    bars.close.push(round(close, spec.decimals));
    bars.volume.push(volume);
    if (spec.badTick?.[0] !== t) last = close; // the next bar opens where the market really was
  });
  return bars;
}

interface MetaSpec {
  currency: string;
  symbol: string;
  exchangeName: string;
  fullExchangeName: string;
  instrumentType: 'INDEX' | 'CURRENCY';
  firstTradeDate: number;
  gmtoffset: number;
  timezone: string;
  exchangeTimezoneName: string;
  fiftyTwoWeekHigh: number;
  fiftyTwoWeekLow: number;
  longName: string;
  shortName: string;
  priceHint: number;
  regular: { start: number; end: number };
}

/** A v8 chart body in Yahoo's field order. */
function chartResponse(meta: MetaSpec, spec: SessionSpec, bars: Bars): unknown {
  const valid = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const period = (start: number, end: number) => ({
    timezone: meta.timezone,
    start,
    end,
    gmtoffset: meta.gmtoffset,
  });
  const { start, end } = meta.regular;
  return {
    chart: {
      result: [
        {
          meta: {
            currency: meta.currency,
            symbol: meta.symbol,
            exchangeName: meta.exchangeName,
            fullExchangeName: meta.fullExchangeName,
            instrumentType: meta.instrumentType,
            firstTradeDate: meta.firstTradeDate,
            regularMarketTime: spec.timestamps.at(-1),
            hasPrePostMarketData: false,
            gmtoffset: meta.gmtoffset,
            timezone: meta.timezone,
            exchangeTimezoneName: meta.exchangeTimezoneName,
            regularMarketPrice: spec.close,
            fiftyTwoWeekHigh: meta.fiftyTwoWeekHigh,
            fiftyTwoWeekLow: meta.fiftyTwoWeekLow,
            regularMarketDayHigh: Math.max(...valid(bars.high)),
            regularMarketDayLow: Math.min(...valid(bars.low)),
            regularMarketVolume: valid(bars.volume).reduce((a, b) => a + b, 0),
            longName: meta.longName,
            shortName: meta.shortName,
            chartPreviousClose: spec.previousClose,
            previousClose: spec.previousClose,
            scale: 3,
            priceHint: meta.priceHint,
            currentTradingPeriod: {
              pre: period(start, start),
              regular: period(start, end),
              post: period(end, end),
            },
            tradingPeriods: [[period(start, end)]],
            dataGranularity: '1m',
            range: '1d',
            validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
          },
          timestamp: spec.timestamps,
          indicators: { quote: [bars] },
        },
      ],
      error: null,
    },
  };
}

// ---- Hang Seng: HKT (UTC+8), 09:30–12:00 and 13:00–16:10 (closing auction; Yahoo's last bar is ~16:08).
const HKT = '+08:00';
const HSI_PREV = 23289.77;
const hsi = (pct: number) => HSI_PREV * (1 + pct / 100);
const hsiSpec: SessionSpec = {
  seed: 20250602,
  decimals: 2,
  previousClose: HSI_PREV,
  close: 23157.97, // −0.57 %
  timestamps: [
    ...minutes(at('09:30', HKT), at('11:59', HKT)),
    ...minutes(at('13:00', HKT), at('16:08', HKT)),
  ],
  anchors: [
    [at('09:30', HKT), hsi(-0.05)],
    [at('09:45', HKT), hsi(-0.12)],
    [at('10:00', HKT), hsi(-0.18)], // MOFCOM statement
    [at('10:20', HKT), hsi(-0.52)],
    [at('10:40', HKT), hsi(-0.71)],
    [at('10:50', HKT), hsi(-0.71)],
    [at('11:30', HKT), hsi(-0.68)],
    [at('13:00', HKT), hsi(-0.69)],
    [at('13:50', HKT), hsi(-0.3)], // an afternoon bounce back inside the tier that fired
    [at('14:10', HKT), hsi(-0.3)],
    [at('15:00', HKT), hsi(-0.5)],
    [at('16:08', HKT), 23157.97],
  ],
  noise: 0.00025,
  meanReversion: 0.15,
  wick: 0.00008,
  nullBars: [at('11:14', HKT), at('14:52', HKT)],
  badTick: [at('14:17', HKT), 0.75], // a −25 % print, beyond the default 20 % index sanity limit
  // Turnover-like volume: heavy at the open, the afternoon restart and the closing auction.
  volume: (t, u) => {
    const heavy =
      t < at('09:40', HKT) || t >= at('16:00', HKT) || (t >= at('13:00', HKT) && t < at('13:05', HKT));
    return Math.round((heavy ? 60e6 : 18e6) * (0.6 + 0.8 * u()));
  },
};

// ---- Nikkei 225: JST (UTC+9), 09:00–11:30 and 12:30–15:30.
const JST = '+09:00';
const N225_PREV = 37965.1;
const nk = (pct: number) => N225_PREV * (1 + pct / 100);
const n225Spec: SessionSpec = {
  seed: 225,
  decimals: 2,
  previousClose: N225_PREV,
  close: 37470.67, // −1.30 %
  timestamps: [
    ...minutes(at('09:00', JST), at('11:29', JST)),
    ...minutes(at('12:30', JST), at('15:29', JST)),
  ],
  anchors: [
    [at('09:00', JST), nk(-0.3)],
    [at('09:30', JST), nk(-0.38)],
    [at('10:30', JST), nk(-0.4)],
    [at('11:00', JST), nk(-0.42)], // MOFCOM statement (10:00 HKT)
    [at('11:29', JST), nk(-0.95)],
    [at('12:30', JST), nk(-1.08)],
    [at('13:30', JST), nk(-1.4)],
    [at('14:00', JST), nk(-1.44)],
    [at('14:45', JST), nk(-1.36)],
    [at('15:29', JST), 37470.67],
  ],
  noise: 0.00025,
  meanReversion: 0.15,
  wick: 0.00008,
  nullBars: [at('09:47', JST), at('13:05', JST), at('13:06', JST), at('13:07', JST)],
  volume: () => 0,
};

// ---- USD/CNH: Yahoo files FX under "CCY", on London's calendar day (BST, UTC+1): 00:00 BST = 23:00Z.
const FX_PREV = 7.203;
const z = (hhmm: string, day = DAY) => at(hhmm, 'Z', day);
const cnhSpec: SessionSpec = {
  seed: 7203,
  decimals: 4,
  previousClose: FX_PREV,
  close: 7.21,
  timestamps: minutes(z('23:00', '2025-06-01'), z('15:00')),
  anchors: [
    [z('23:00', '2025-06-01'), 7.203],
    [z('23:30', '2025-06-01'), 7.2016],
    [z('00:30'), 7.1986],
    [z('01:00'), 7.198],
    [z('01:30'), 7.1983],
    [z('02:00'), 7.1981], // MOFCOM statement
    [z('02:03'), 7.1983],
    [z('02:04'), 7.2028], // the one quick jump, through 7.20
    [z('02:14'), 7.2054], // ≈ +0.1 % on the pre-statement level
    [z('03:00'), 7.2066],
    [z('05:00'), 7.208],
    [z('08:00'), 7.2091],
    [z('12:00'), 7.2095],
    [z('15:00'), 7.21],
  ],
  noise: 0.00003,
  meanReversion: 0.3,
  wick: 0.00002,
  nullBars: [z('23:41', '2025-06-01'), z('06:33')],
  volume: () => 0,
};

// ---- USD/CNY (onshore) `CNY=X`: mainland China was shut for the Dragon Boat Festival (31 May – 2 June), so
// the onshore rate does not trade. Constructed: flat bars at the last onshore price over the CNH file's
// minutes, as Yahoo carries a currency pair whose market is shut. 7.1950 is illustrative, near the onshore
// rate of the time, not a recorded close.
const CNY_LAST = 7.195;
const cnySpec: SessionSpec = {
  seed: 7195,
  decimals: 4,
  previousClose: CNY_LAST,
  close: CNY_LAST,
  timestamps: minutes(z('23:00', '2025-06-01'), z('15:00')),
  anchors: [[z('23:00', '2025-06-01'), CNY_LAST]],
  noise: 0,
  meanReversion: 0,
  wick: 0,
  nullBars: [],
  volume: () => 0,
};

const files: [string, MetaSpec, SessionSpec][] = [
  [
    'HSI.json',
    {
      currency: 'HKD',
      symbol: '^HSI',
      exchangeName: 'HKG',
      fullExchangeName: 'HKSE',
      instrumentType: 'INDEX',
      firstTradeDate: at('09:30', HKT, '1986-12-31'),
      gmtoffset: 28800,
      timezone: 'HKT',
      exchangeTimezoneName: 'Asia/Hong_Kong',
      fiftyTwoWeekHigh: 24874.39,
      fiftyTwoWeekLow: 16441.44,
      longName: 'HANG SENG INDEX',
      shortName: 'HANG SENG INDEX',
      priceHint: 2,
      regular: { start: at('09:30', HKT), end: at('16:00', HKT) },
    },
    hsiSpec,
  ],
  [
    'N225.json',
    {
      currency: 'JPY',
      symbol: '^N225',
      exchangeName: 'OSA',
      fullExchangeName: 'Osaka',
      instrumentType: 'INDEX',
      firstTradeDate: -157420800,
      gmtoffset: 32400,
      timezone: 'JST',
      exchangeTimezoneName: 'Asia/Tokyo',
      fiftyTwoWeekHigh: 42426.77,
      fiftyTwoWeekLow: 30792.74,
      longName: 'Nikkei 225',
      shortName: 'Nikkei 225',
      priceHint: 2,
      regular: { start: at('09:00', JST), end: at('15:30', JST) },
    },
    n225Spec,
  ],
  [
    'USDCNH.json',
    {
      currency: 'CNH',
      symbol: 'CNH=X',
      exchangeName: 'CCY',
      fullExchangeName: 'CCY',
      instrumentType: 'CURRENCY',
      firstTradeDate: at('00:00', '+01:00', '2010-08-23'),
      gmtoffset: 3600,
      timezone: 'BST',
      exchangeTimezoneName: 'Europe/London',
      fiftyTwoWeekHigh: 7.4287,
      fiftyTwoWeekLow: 6.9709,
      longName: 'USD/CNH',
      shortName: 'USD/CNH',
      priceHint: 4,
      regular: { start: z('23:00', '2025-06-01'), end: z('22:59') },
    },
    cnhSpec,
  ],
  [
    'USDCNY.json',
    {
      currency: 'CNY',
      symbol: 'CNY=X',
      exchangeName: 'CCY',
      fullExchangeName: 'CCY',
      instrumentType: 'CURRENCY',
      firstTradeDate: at('00:00', '+01:00', '2001-06-26'),
      gmtoffset: 3600,
      timezone: 'BST',
      exchangeTimezoneName: 'Europe/London',
      fiftyTwoWeekHigh: 7.351,
      fiftyTwoWeekLow: 7.0165,
      longName: 'USD/CNY',
      shortName: 'USD/CNY',
      priceHint: 4,
      regular: { start: z('23:00', '2025-06-01'), end: z('22:59') },
    },
    cnySpec,
  ],
];

// ---- A crash session for the follow-through tests, constructed (test/fixtures/yahoo/README-crash.md): Monday
// 7 April 2025, when the Hang Seng opened about 9.3 % down on the US tariffs and kept falling to −13.22 %.
// The previous close (22,849.81, 3 April) and the close (19,828.30) are the real ones; the path between is drawn.
const CRASH_DAY = '2025-04-07';
const CRASH_PREV = 22849.81;
const crash = (pct: number) => CRASH_PREV * (1 + pct / 100);
const crashAt = (hhmm: string) => at(hhmm, HKT, CRASH_DAY);
const crashSpec: SessionSpec = {
  seed: 20250407,
  decimals: 2,
  previousClose: CRASH_PREV,
  close: 19828.3, // −13.22 %
  timestamps: [
    ...minutes(crashAt('09:30'), crashAt('11:59')),
    ...minutes(crashAt('13:00'), crashAt('16:08')),
  ],
  anchors: [
    [crashAt('09:30'), crash(-9.3)],
    [crashAt('10:00'), crash(-10.4)],
    [crashAt('11:00'), crash(-11.3)],
    [crashAt('11:59'), crash(-11.0)],
    [crashAt('13:00'), crash(-11.6)],
    [crashAt('14:30'), crash(-12.7)],
    [crashAt('15:40'), crash(-13.5)],
    [crashAt('16:08'), 19828.3],
  ],
  noise: 0.0004,
  meanReversion: 0.15,
  wick: 0.0001,
  nullBars: [],
  volume: (_t, u) => Math.round(40e6 * (0.6 + 0.8 * u())),
};
const crashMeta: MetaSpec = {
  ...(files[0]?.[1] as MetaSpec),
  fiftyTwoWeekHigh: 24874.39,
  fiftyTwoWeekLow: 16441.44,
  regular: { start: crashAt('09:30'), end: crashAt('16:00') },
};

// ---- The Nikkei on the same day, constructed, with one bad print (issue 18): the index near 30,770 and one
// 1-minute bar at ×1.288 of it (+17.3 % on the day), the print that Yahoo's stream pushed for its whole minute
// and the poll served. The previous close (33,780.58, 4 April) and the close (31,136.58) are the real ones.
const NK_CRASH_PREV = 33780.58;
const nkCrash = (pct: number) => NK_CRASH_PREV * (1 + pct / 100);
const nkCrashAt = (hhmm: string) => at(hhmm, JST, CRASH_DAY);
const NK_BAD_PRINT_AT = nkCrashAt('10:30');
const nkCrashSpec: SessionSpec = {
  seed: 20250407225,
  decimals: 2,
  previousClose: NK_CRASH_PREV,
  close: 31136.58, // −7.83 %
  timestamps: [
    ...minutes(nkCrashAt('09:00'), nkCrashAt('11:29')),
    ...minutes(nkCrashAt('12:30'), nkCrashAt('15:29')),
  ],
  anchors: [
    [nkCrashAt('09:00'), nkCrash(-6.5)],
    [nkCrashAt('09:20'), nkCrash(-8.6)],
    [nkCrashAt('10:00'), nkCrash(-8.2)],
    [nkCrashAt('10:30'), nkCrash(-8.9)],
    [nkCrashAt('11:29'), nkCrash(-7.4)],
    [nkCrashAt('12:30'), nkCrash(-7.6)],
    [nkCrashAt('14:00'), nkCrash(-7.1)],
    [nkCrashAt('15:29'), 31136.58],
  ],
  noise: 0.0003,
  meanReversion: 0.15,
  wick: 0.0001,
  nullBars: [],
  badTick: [NK_BAD_PRINT_AT, 1.288],
  volume: () => 0,
};
const nkCrashMeta: MetaSpec = {
  ...(files[1]?.[1] as MetaSpec),
  fiftyTwoWeekHigh: 42426.77,
  fiftyTwoWeekLow: 30792.74,
  regular: { start: nkCrashAt('09:00'), end: nkCrashAt('15:30') },
};

const outputs: [string, MetaSpec, SessionSpec][] = [
  ...files.map(([name, meta, spec]): [string, MetaSpec, SessionSpec] => [join(OUT_DIR, name), meta, spec]),
  ['test/fixtures/yahoo/hsi-2025-04-07-crash-constructed.json', crashMeta, crashSpec],
  ['test/fixtures/yahoo/n225-2025-04-07-bad-print-constructed.json', nkCrashMeta, nkCrashSpec],
];

mkdirSync(OUT_DIR, { recursive: true });
for (const [path, meta, spec] of outputs) {
  const body = JSON.stringify(chartResponse(meta, spec, makeBars(spec)));
  writeFileSync(path, body);
  console.log(`wrote ${path} (${spec.timestamps.length} bars, ${body.length} bytes)`);
}
