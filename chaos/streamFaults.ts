/**
 * The stream faults of issue 18, each planted through the chaos streamer against the running bot.
 * Every one returns what it did, for the summary.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeYahoo } from './fakeYahoo.js';
import { pricingFrame } from './streamer.js';
import type { StreamMarket } from './streamMarket.js';

export const STREAM_FAULTS = [
  'repeatedBadPrint',
  'absurdPrint',
  'futureStamp',
  'hugeFrame',
  'flood',
] as const;
export type StreamFault = (typeof STREAM_FAULTS)[number];

export interface FaultContext {
  readonly market: StreamMarket;
  readonly yahoo: FakeYahoo;
  /** The bot's longest event-loop stall since the previous call, in ms (null without /metrics). */
  readonly eventLoopLagMaxMs: () => Promise<number | null>;
}

type FaultFigures = Record<string, unknown>;

const REPEAT_EVERY_MS = 250;
/** Longer than two poll periods, so polls of the true price come in between. */
const REPEATED_FOR_MS = 12_000;
/** The saved crash session's bad Nikkei print: +18 %, inside the 20 % sanity bound. */
const REPEATED_BAD_FACTOR = 1.18;
/** Near float32's largest value, and a thousand times the price. */
const ABSURD_PRICES = (price: number): number[] => [
  3.4e38,
  3.4e38,
  3.4e38,
  price * 1000,
  price * 1000,
  price * 1000,
];
const DAY_MS = 24 * 60 * 60_000;
/** A day-ahead print a little past the first tier, so the bot would alert on it if it took it. */
const FUTURE_PRINT_PCT: Record<string, number> = { HSI: 1.3, N225: 1.3, USDCNH: 0.35 };
const HUGE_FRAME_BYTES = 5 * 1024 * 1024;
const FLOOD_FRAMES_PER_SECOND = 20_000;
const FLOOD_MS = 2_000;
const FLOOD_BATCH_MS = 10;

const roundTo = (value: number, decimals: number): number => Number(value.toFixed(decimals));
const decimalsOf = (market: StreamMarket, id: string): number =>
  market.paths.find((p) => p.id === id)?.decimals ?? 2;

/** N225 prints +18 % over and over for 12 s, and one poll serves it too; the true price stays put. */
async function repeatedBadPrint({ market, yahoo }: FaultContext): Promise<FaultFigures> {
  const id = 'N225';
  const bad = roundTo(market.price(id) * REPEATED_BAD_FACTOR, decimalsOf(market, id));
  market.takeOver(id);
  yahoo.serveOnce(id, bad, 'repeatedBadPrint');
  let prints = 0;
  for (const until = Date.now() + REPEATED_FOR_MS; Date.now() < until; prints += 1) {
    market.plant(id, bad, 'repeatedBadPrint');
    await sleep(REPEAT_EVERY_MS);
  }
  market.release(id);
  return { symbol: id, price: bad, prints, polledOnce: true };
}

/** HSI prints 3.4e38 three times, then a thousand times its price three times. */
async function absurdPrint({ market }: FaultContext): Promise<FaultFigures> {
  const id = 'HSI';
  const prices = ABSURD_PRICES(market.price(id));
  market.takeOver(id);
  for (const price of prices) {
    market.plant(id, price, 'absurdPrint');
    await sleep(REPEAT_EVERY_MS);
  }
  market.release(id);
  return { symbol: id, prices: [...new Set(prices)], prints: prices.length };
}

/** One print per instrument stamped a day ahead, priced past its first tier. */
function futureStamp({ market }: FaultContext): Promise<FaultFigures> {
  const prints = market.paths.map((p) => {
    const pct = FUTURE_PRINT_PCT[p.id] ?? 1;
    const price = roundTo(market.previousClose(p.id) * (1 + pct / 100), p.decimals);
    market.plant(p.id, price, 'futureStamp', Date.now() + DAY_MS);
    return { symbol: p.id, price };
  });
  return Promise.resolve({ aheadHours: DAY_MS / 3_600_000, prints });
}

/** One 5 MB frame: a genuine HSI print padded with a huge name, as a streamer gone wrong might send. */
function hugeFrame({ market }: FaultContext): Promise<FaultFigures> {
  // Base64 grows the protobuf by 4/3; the padding makes the whole text frame HUGE_FRAME_BYTES.
  const padding = 'x'.repeat(Math.floor((HUGE_FRAME_BYTES * 3) / 4) - 64);
  let bytes = 0;
  market.printTrue('HSI', (fields) => {
    const frame = pricingFrame({ ...fields, shortName: padding });
    bytes = Buffer.byteLength(frame);
    return frame;
  });
  return Promise.resolve({ symbol: 'HSI', bytes });
}

/** 20,000 true prints a second for 2 s across the instruments; the bot's longest stall is read from /metrics. */
async function flood({ market, eventLoopLagMaxMs }: FaultContext): Promise<FaultFigures> {
  await eventLoopLagMaxMs();
  const ids = market.paths.map((p) => p.id);
  const startedAt = Date.now();
  let frames = 0;
  for (let elapsed = 0; elapsed < FLOOD_MS; elapsed = Date.now() - startedAt) {
    // The prints due by now, one frame per instrument for this moment, sent round the instruments.
    const due = Math.floor((elapsed / 1000) * FLOOD_FRAMES_PER_SECOND) - frames;
    const built = new Map<string, string>();
    for (let i = 0; i < due; i++) {
      const id = ids[i % ids.length] ?? 'HSI';
      market.printTrue(id, (fields) => built.get(id) ?? built.set(id, pricingFrame(fields)).get(id) ?? '');
      frames += 1;
    }
    await sleep(FLOOD_BATCH_MS);
  }
  const seconds = (Date.now() - startedAt) / 1000;
  return {
    frames,
    framesPerSecond: Math.round(frames / seconds),
    eventLoopLagMaxMs: await eventLoopLagMaxMs(),
  };
}

export const PLANT: Record<StreamFault, (ctx: FaultContext) => Promise<FaultFigures>> = {
  repeatedBadPrint,
  absurdPrint,
  futureStamp,
  hugeFrame,
  flood,
};
