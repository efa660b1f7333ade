/**
 * Replay throughput of the decision pipeline (calendar → quote checks → rules → hygiene) over one
 * year of synthetic 1-minute bars for the configured instruments, printed as JSON.
 *
 * Modes:
 * - streaming: the engine as shipped (technicalindicators SD.nextValue, one value per bar);
 * - recompute: SD.calculate over the whole return history on every bar. That is quadratic, so it
 *   runs on a prefix and is compared with streaming on the same prefix.
 */
import { SD } from 'technicalindicators';
import { loadConfigFile } from '../src/config/loadConfig.js';
import type { Config } from '../src/config/config.js';
import { createCalendar } from '../src/domain/calendar/index.js';
import type { MarketCalendar } from '../src/domain/calendar/index.js';
import { renderChartPng } from '../src/discord/chart/index.js';
import { createEngine } from '../src/domain/engine.js';
import { toNewsEvents } from '../src/domain/events.js';
import type { VolatilityTracker } from '../src/domain/rules/volatility.js';

const YEAR = 2025;
const MINUTE_MS = 60_000;
const TARGET_SECONDS = 2;
const RECOMPUTE_PREFIX_BARS = 3_000;

interface Bars {
  readonly symbols: string[];
  readonly times: Float64Array;
  readonly prices: Float64Array;
  readonly prevCloses: Float64Array;
  readonly symbolIdx: Uint8Array;
}

/** Deterministic random walk with the odd burst, only at minutes when each market is open. */
function syntheticYear(config: Config, calendar: MarketCalendar): Bars {
  const start = Date.UTC(YEAR, 0, 1);
  const end = Date.UTC(YEAR + 1, 0, 1);
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5;
  const price: number[] = config.instruments.map((i) => (i.kind === 'fx' ? 7.2 : 30_000));
  const prevClose = [...price];
  const tradingDay = config.instruments.map(() => '');
  const times: number[] = [];
  const prices: number[] = [];
  const prevCloses: number[] = [];
  const symbolIdx: number[] = [];
  for (let t = start; t < end; t += MINUTE_MS) {
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
    });
  }
  return {
    symbols: config.instruments.map((i) => i.id),
    times: Float64Array.from(times),
    prices: Float64Array.from(prices),
    prevCloses: Float64Array.from(prevCloses),
    symbolIdx: Uint8Array.from(symbolIdx),
  };
}

/** The naive alternative: every bar recomputes the SD over all returns so far. */
function recomputingTracker(lookback: number): VolatilityTracker {
  const returns: number[] = [];
  let previousSd: number | undefined;
  return {
    next(returnPct) {
      const z = previousSd ? (returnPct * 100) / previousSd : null;
      returns.push(returnPct * 100 + 10_000);
      previousSd = SD.calculate({ period: lookback, values: returns }).at(-1);
      return z;
    },
  };
}

function runPipeline(
  config: Config,
  calendar: MarketCalendar,
  bars: Bars,
  count: number,
  recompute: boolean,
) {
  const engine = createEngine({
    config,
    calendar,
    events: toNewsEvents(config.events.list, config.events.windowMinutes),
    ...(recompute ? { createVolatility: recomputingTracker } : {}),
  });
  let alerts = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const time = bars.times[i] ?? 0;
    const symbol = bars.symbols[bars.symbolIdx[i] ?? 0] ?? '';
    const quote = { symbol, price: bars.prices[i] ?? null, time, previousClose: bars.prevCloses[i] ?? null };
    alerts += engine.observe(quote, time).alerts.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { bars: count, seconds: round(seconds), barsPerSecond: Math.round(count / seconds), alerts };
}

/** Time of the parts alone, so the JSON shows where the pipeline's time goes. */
function timeParts(config: Config, calendar: MarketCalendar, bars: Bars) {
  const n = bars.times.length;
  const markets = config.instruments.map((i) => i.market);
  let t0 = process.hrtime.bigint();
  let open = 0;
  for (let i = 0; i < n; i++) {
    if (calendar.status(markets[bars.symbolIdx[i] ?? 0] ?? '', bars.times[i] ?? 0).state === 'open') open++;
  }
  const calendarSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sds = config.instruments.map(() => new SD({ period: 30, values: [] }));
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sds[bars.symbolIdx[i] ?? 0]?.nextValue(10_000 + (bars.prices[i] ?? 0) / 1e4);
  const indicatorSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    calendarSeconds: round(calendarSeconds),
    indicatorSeconds: round(indicatorSeconds),
    openChecks: open,
  };
}

/** Median time to render one alert chart (a Discord message waits for it). */
function chartMedianMs(bars: Bars): number {
  const points = Array.from({ length: 330 }, (_, i) => ({
    time: (bars.times[i] ?? 0) + 0,
    price: bars.prices[i] ?? 1,
  }));
  const input = {
    title: 'HSI · Hang Seng Index',
    points,
    previousClose: points[0]?.price ?? null,
    decimals: 2,
    timeZone: 'Asia/Hong_Kong',
  };
  renderChartPng(input);
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = process.hrtime.bigint();
    renderChartPng(input);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return round(times.sort((a, b) => a - b)[4] ?? 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const config = loadConfigFile(process.argv[2] ?? 'config/bot.yaml');
const calendar = createCalendar(config.markets);
const genStart = process.hrtime.bigint();
const bars = syntheticYear(config, calendar);
const generationSeconds = round(Number(process.hrtime.bigint() - genStart) / 1e9);

const streaming = runPipeline(config, calendar, bars, bars.times.length, false);
const parts = timeParts(config, calendar, bars);
const prefix = Math.min(RECOMPUTE_PREFIX_BARS, bars.times.length);
const streamingPrefix = runPipeline(config, calendar, bars, prefix, false);
const recomputePrefix = runPipeline(config, calendar, bars, prefix, true);

const perInstrument = Object.fromEntries(
  bars.symbols.map((s, k) => [s, bars.symbolIdx.filter((idx) => idx === k).length]),
);
process.stdout.write(
  `${JSON.stringify(
    {
      year: YEAR,
      node: process.version,
      barsPerInstrument: perInstrument,
      generationSeconds,
      streaming: {
        ...streaming,
        targetSeconds: TARGET_SECONDS,
        meetsTarget: streaming.seconds < TARGET_SECONDS,
      },
      whereTheTimeGoes: {
        ...parts,
        restSeconds: round(streaming.seconds - parts.calendarSeconds - parts.indicatorSeconds),
        note: 'calendar and indicator timed alone over the same bars; rest = rules, hygiene, state',
      },
      chartRenderMedianMs: chartMedianMs(bars),
      recomputeComparison: {
        note: 'full-history SD per bar is quadratic, so both modes run on the same prefix',
        streaming: streamingPrefix,
        recompute: recomputePrefix,
        speedup: round(streamingPrefix.barsPerSecond / recomputePrefix.barsPerSecond),
      },
    },
    null,
    2,
  )}\n`,
);
