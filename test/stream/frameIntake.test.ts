import { describe, expect, it } from 'vitest';
import { createFrameIntake, FRAMES_PER_TURN, MAX_WAITING_FRAMES } from '../../src/stream/frameIntake.js';
import { readFrame } from '../../src/stream/pricingFrame.js';
import type { FrameResult, StreamedPrice } from '../../src/stream/pricingFrame.js';
import { encodeFrame } from '../support/fakeStreamer.js';

const PRINT = Date.parse('2025-06-02T02:16:07Z');
const SYMBOLS = ['^HSI', '^N225', 'CNH=X'];

/** An intake whose turns the test runs by hand, recording the work each turn did. */
function steppedIntake(read: (text: string) => FrameResult = readFrame) {
  const turns: (() => void)[] = [];
  const log = { reads: 0, paused: 0, resumed: 0, rejected: [] as string[] };
  const handed: { prices: StreamedPrice[]; read: number }[] = [];
  const intake = createFrameIntake({
    read: (text) => {
      log.reads += 1;
      return read(text);
    },
    onPrices: (prices, count) => handed.push({ prices: [...prices], read: count }),
    onRejected: (problem) => log.rejected.push(problem),
    pause: () => (log.paused += 1),
    resume: () => (log.resumed += 1),
    later: (turn) => turns.push(turn),
  });
  /** Runs one turn; returns how many frames it read and the prices it handed on. */
  const step = () => {
    const [reads, handedBefore] = [log.reads, handed.length];
    turns.shift()?.();
    return { reads: log.reads - reads, handed: handed.slice(handedBefore).flatMap((h) => h.prices) };
  };
  return { intake, turns, log, step };
}

describe('frame intake: bounded work per event-loop turn', () => {
  it('GIVEN 20,000 frames in one socket read THEN the read only queues, each turn reads at most its budget and hands on one price per symbol', () => {
    const { intake, turns, log, step } = steppedIntake();
    const frames = Array.from({ length: 20_000 }, (_, n) =>
      Buffer.from(encodeFrame({ id: SYMBOLS[n % 3], price: 23_000 + n, time: PRINT + n })),
    );
    for (const frame of frames) intake.add(frame);
    expect(log.reads).toBe(0);
    expect(turns).toHaveLength(1);
    expect(log.paused).toBe(1);

    const perTurn: { reads: number; handed: StreamedPrice[] }[] = [];
    while (turns.length > 0) perTurn.push(step());
    expect(perTurn).toHaveLength(Math.ceil(20_000 / FRAMES_PER_TURN));
    expect(Math.max(...perTurn.map((t) => t.reads))).toBe(FRAMES_PER_TURN);
    for (const turn of perTurn)
      expect(new Set(turn.handed.map((p) => p.yahooSymbol)).size).toBe(turn.handed.length);
    expect(perTurn.flatMap((t) => t.handed).length).toBeLessThanOrEqual(perTurn.length * SYMBOLS.length);
    // Each symbol's newest price gets through: the last turn hands on the last three frames.
    expect(
      perTurn
        .at(-1)
        ?.handed.map((p) => p.price)
        .sort((a, b) => a - b),
    ).toEqual([42_997, 42_998, 42_999]);
    expect(log.reads).toBe(20_000);
    expect(log.resumed).toBe(1);
    expect(intake.waiting()).toBe(0);
  });

  it('GIVEN the queue fills THEN the socket is paused until half of it is read', () => {
    const { intake, log, step } = steppedIntake();
    const frame = encodeFrame({ id: '^HSI', price: 23_000, time: PRINT });
    for (let n = 0; n < MAX_WAITING_FRAMES - 1; n++) intake.add(frame);
    expect(log.paused).toBe(0);
    intake.add(frame);
    expect(log.paused).toBe(1);
    while (intake.waiting() > MAX_WAITING_FRAMES / 2 + FRAMES_PER_TURN) step();
    expect(log.resumed).toBe(0);
    step();
    expect(log.resumed).toBe(1);
  });

  it('GIVEN a reader that throws THEN the frame is rejected as a reader error and the others still count', () => {
    let calls = 0;
    const { intake, log, step } = steppedIntake((text) => {
      calls += 1;
      if (calls === 2) throw new RangeError('Maximum call stack size exceeded');
      return readFrame(text);
    });
    for (let n = 0; n < 3; n++) intake.add(encodeFrame({ id: '^HSI', price: 23_000 + n, time: PRINT + n }));
    const { handed } = step();
    expect(log.rejected).toEqual(['reader_error']);
    expect(handed.map((p) => p.price)).toEqual([23_002]);
  });
});
