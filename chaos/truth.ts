/**
 * The true price path of a chaos run: what the fakes served as genuine, per instrument, with when
 * each price came into effect, and the bad prices they planted on purpose. Every alert the bot
 * records is judged against it (chaos/judge.ts).
 */

/** A genuine price and the moment it came into effect (epoch ms); it holds until the next one. */
export interface TrueStep {
  readonly from: number;
  readonly price: number;
}

export interface InstrumentTruth {
  /** The previous close every answer and frame carried: the day move's base. */
  readonly previousClose: number;
  /** Changes of the genuine price, in time order; before the first, the previous close holds. */
  readonly steps: readonly TrueStep[];
}

/** A bad price a fake served on purpose, and the fault that planted it. */
export interface PlantedPrice {
  readonly symbol: string;
  readonly price: number;
  readonly fault: string;
}

export interface Truth {
  readonly instruments: ReadonlyMap<string, InstrumentTruth>;
  readonly planted: readonly PlantedPrice[];
}

export interface TruthRecorder {
  /** A genuine price served at `time`; a repeat of the current price is not a change. */
  served(symbol: string, price: number, time: number): void;
  planted(symbol: string, price: number, fault: string): void;
  truth(): Truth;
}

/** `previousCloses` by instrument id: the fakes' fixed base for the whole run. */
export function truthRecorder(previousCloses: ReadonlyMap<string, number>): TruthRecorder {
  const steps = new Map<string, TrueStep[]>([...previousCloses.keys()].map((s) => [s, []]));
  const planted: PlantedPrice[] = [];
  const stepsOf = (symbol: string): TrueStep[] => {
    const found = steps.get(symbol);
    if (!found) throw new Error(`chaos: no previous close for ${symbol} in the true path`);
    return found;
  };
  return {
    served(symbol, price, time) {
      const list = stepsOf(symbol);
      const last = list.at(-1);
      if (last?.price === price) return;
      // Answers are built when asked and may be sent late: a step never goes back in time.
      list.push({ from: Math.max(time, last?.from ?? time), price });
    },
    planted(symbol, price, fault) {
      stepsOf(symbol);
      planted.push({ symbol, price, fault });
    },
    truth: () => ({
      instruments: new Map(
        [...previousCloses].map(([symbol, previousClose]) => [
          symbol,
          { previousClose, steps: [...stepsOf(symbol)] },
        ]),
      ),
      planted: [...planted],
    }),
  };
}
