import { chartTemplate } from './chartBody.js';
import type { FakeYahoo } from './fakeYahoo.js';
import { plateauPrice, type InstrumentPath } from './pricePath.js';
import { pricingFrame, type ChaosStreamer, type PricingFields } from './streamer.js';
import type { TruthRecorder } from './truth.js';

/**
 * The market of the stream scenario: one true price per instrument, served alike by the fake Yahoo's
 * polls and the streamer's prints, and moved only by the script. Faults send planted prints beside
 * it; every print, true or planted, is written down in the true path.
 */
export interface StreamMarket {
  readonly paths: readonly InstrumentPath[];
  price(id: string): number;
  previousClose(id: string): number;
  /** Moves an instrument to a plateau: polled from now on and printed at once. Returns the print's time. */
  move(id: string, plateau: number): number;
  /** Prints the true price of every instrument whose prints no fault has taken over. */
  heartbeat(): void;
  /** While a fault prints for an instrument, the heartbeat leaves it alone (a stream repeating a bad price). */
  takeOver(id: string): void;
  release(id: string): void;
  /** A planted print of `fault`; `time` defaults to now. Returns how many connections it reached. */
  plant(id: string, price: number, fault: string, time?: number): number;
  /** Prints the true price in a frame built by `build` (a padded or repeated one). */
  printTrue(id: string, build?: (fields: PricingFields) => string): number;
}

export function streamMarket(
  paths: readonly InstrumentPath[],
  yahoo: FakeYahoo,
  streamer: ChaosStreamer,
  truth: TruthRecorder,
): StreamMarket {
  const plateaus = new Map<string, number>(paths.map((p) => [p.id, 0]));
  const closes = new Map<string, number>(paths.map((p) => [p.id, chartTemplate(p).previousClose]));
  const takenOver = new Set<string>();
  const pathOf = (id: string): InstrumentPath => {
    const path = paths.find((p) => p.id === id);
    if (!path) throw new Error(`chaos: no stream path for ${id}`);
    return path;
  };
  const previousClose = (id: string): number => closes.get(id) ?? NaN;
  const price = (id: string): number =>
    plateauPrice(pathOf(id), previousClose(id), pathOf(id).plateausPct[plateaus.get(id) ?? 0] ?? 0);
  const fields = (id: string, value: number, time: number): PricingFields => ({
    id: pathOf(id).yahooSymbol,
    price: value,
    time,
    previousClose: previousClose(id),
  });
  const printTrue = (id: string, build: (f: PricingFields) => string = pricingFrame): number => {
    const time = Date.now();
    truth.served(id, price(id), time);
    return streamer.send(pathOf(id).yahooSymbol, build(fields(id, price(id), time)));
  };
  return {
    paths,
    price,
    previousClose,
    move(id, plateau) {
      yahoo.moveTo(id, plateau);
      plateaus.set(id, plateau);
      const time = Date.now();
      printTrue(id);
      return time;
    },
    heartbeat() {
      for (const p of paths) if (!takenOver.has(p.id)) printTrue(p.id);
    },
    takeOver: (id) => takenOver.add(id),
    release: (id) => takenOver.delete(id),
    plant(id, value, fault, time = Date.now()) {
      truth.planted(id, value, fault);
      return streamer.send(pathOf(id).yahooSymbol, pricingFrame(fields(id, value, time)));
    },
    printTrue,
  };
}
