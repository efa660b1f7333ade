import type { FrameProblem, FrameResult, StreamedPrice } from './pricingFrame.js';

/**
 * Frames decoded in one event-loop turn at most: about 5 µs each, so a millisecond or two per turn
 * however fast the streamer pushes (one poll of the socket can read 20,000 small frames).
 */
export const FRAMES_PER_TURN = 250;
/** The socket is paused while this many frames wait (TCP holds the rest) and resumed below half. */
export const MAX_WAITING_FRAMES = 1_000;

export interface FrameIntakeOptions {
  read(text: string): FrameResult;
  /** Once per turn that read prices: each symbol's latest, and how many prices were read in all. */
  onPrices(latest: readonly StreamedPrice[], read: number): void;
  onRejected(problem: FrameProblem, detail: string): void;
  /** Stop and restart reading the socket, so a flood waits in TCP rather than in memory. */
  pause(): void;
  resume(): void;
  /** Runs `turn` in a later event-loop turn (setImmediate; a test steps turns by hand). */
  later(turn: () => void): void;
  readonly framesPerTurn?: number;
  readonly maxWaiting?: number;
}

export interface FrameIntake {
  /** Queues a frame as received; never reads it here, so the socket's handler costs O(1). */
  add(frame: Buffer | string): void;
  /** Frames received and not yet read. */
  waiting(): number;
  /** Forgets queued frames (the stream stopped). */
  clear(): void;
}

/*
 * Bounded work per turn: the socket's message handler only queues; a later turn reads at most
 * framesPerTurn frames and hands on each symbol's latest price, so a burst becomes one evaluation
 * per symbol per turn and timers, polls and Discord heartbeats keep running between turns.
 */
export function createFrameIntake(options: FrameIntakeOptions): FrameIntake {
  const perTurn = options.framesPerTurn ?? FRAMES_PER_TURN;
  const maxWaiting = options.maxWaiting ?? MAX_WAITING_FRAMES;
  let queue: (Buffer | string)[] = [];
  let head = 0;
  let scheduled = false;
  let paused = false;

  const readOne = (frame: Buffer | string): FrameResult => {
    try {
      return options.read(typeof frame === 'string' ? frame : frame.toString('utf8'));
    } catch (err) {
      // readFrame never throws by design; a bug there must cost a frame, not the process.
      const detail = err instanceof Error ? err.message : String(err);
      return { kind: 'garbage', problem: 'reader_error', detail };
    }
  };

  const turn = () => {
    scheduled = false;
    const end = Math.min(queue.length, head + perTurn);
    const latest = new Map<string, StreamedPrice>();
    let read = 0;
    for (; head < end; head++) {
      const result = readOne(queue[head] ?? '');
      if (result.kind === 'price') {
        latest.set(result.price.yahooSymbol, result.price);
        read += 1;
      } else if (result.kind === 'garbage') options.onRejected(result.problem, result.detail);
    }
    if (head === queue.length) [queue, head] = [[], 0];
    if (paused && queue.length - head <= maxWaiting / 2) {
      paused = false;
      options.resume();
    }
    if (queue.length > head) schedule();
    if (latest.size > 0) options.onPrices([...latest.values()], read);
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    options.later(turn);
  };

  return {
    add(frame) {
      queue.push(frame);
      if (!paused && queue.length - head >= maxWaiting) {
        paused = true;
        options.pause();
      }
      schedule();
    },
    waiting: () => queue.length - head,
    clear() {
      [queue, head] = [[], 0];
    },
  };
}
