import { describe, expect, it } from 'vitest';
import { isPlainMove, judgeJump, plausibleWhenWithin } from '../../src/domain/jumpJudge.js';
import type { HeldJump, Print } from '../../src/domain/jumpJudge.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** An index: 20 % per one-minute poll. */
const BOUNDS = { sanityJumpPct: 20, pollPeriodMs: MINUTE };
const REFERENCE = { time: 0, price: 100 };

const polled = (price: number, time: number): Print => ({ price, time, polled: true });
const streamed = (price: number, time: number): Print => ({ price, time, polled: false });

describe('judgeJump: the sanity bound', () => {
  it.each([
    ['a poll 15 % up a minute later', polled(115, MINUTE), 'within'],
    ['a poll 25 % down a minute later', polled(75, MINUTE), 'held'],
    // A poll is judged as a poll-to-poll move however soon it comes.
    ['a poll 15 % up a second later', polled(115, SECOND), 'within'],
    // A streamed print earns √(elapsed / period) of the bound: 20 % × √(5/60) ≈ 5.8 %.
    ['a streamed print 5 % up 5 s later', streamed(105, 5 * SECOND), 'within'],
    ['a streamed print 7 % up 5 s later', streamed(107, 5 * SECOND), 'held'],
    ['a streamed print ×1.2 a second later', streamed(120, SECOND), 'implausible'],
    ['a streamed print 15 % up a minute later', streamed(115, MINUTE), 'within'],
  ] as const)('GIVEN %s THEN %s', (_what, print, verdict) => {
    expect(judgeJump(REFERENCE, print, null, BOUNDS).verdict).toBe(verdict);
  });
});

describe('judgeJump: plausibility for the time elapsed', () => {
  it.each([
    ['×1000', 100_000],
    ['÷1000', 0.1],
    ['3.4e38', 3.4e38],
  ])('GIVEN %s from the last price THEN implausible, a minute, an hour or a day later', (_what, price) => {
    for (const elapsed of [SECOND, MINUTE, 60 * MINUTE, 24 * 60 * MINUTE]) {
      expect(judgeJump(REFERENCE, polled(price, elapsed), null, BOUNDS).verdict).toBe('implausible');
      expect(judgeJump(REFERENCE, streamed(price, elapsed), null, BOUNDS).verdict).toBe('implausible');
    }
  });

  it('GIVEN a real crash of −45 % THEN implausible a minute after the last price, held once minutes have passed', () => {
    expect(judgeJump(REFERENCE, polled(55, MINUTE), null, BOUNDS).verdict).toBe('implausible');
    expect(judgeJump(REFERENCE, polled(55, 4 * MINUTE), null, BOUNDS).verdict).toBe('held');
  });

  it('GIVEN the previous close as the reference (age unknown) THEN the widest bound: a −45 % open is held, not dropped', () => {
    expect(judgeJump({ time: null, price: 100 }, polled(55, 0), null, BOUNDS).verdict).toBe('held');
  });

  it('GIVEN an implausible print while a jump is held THEN the held jump is kept as it was', () => {
    const held: HeldJump = { time: MINUTE, price: 75, polledAt: MINUTE };
    expect(judgeJump(REFERENCE, streamed(100_000, MINUTE + SECOND), held, BOUNDS)).toMatchObject({
      verdict: 'implausible',
      pending: held,
    });
  });
});

describe('judgeJump: only an independent observation confirms a held jump', () => {
  const heldByPoll: HeldJump = { time: MINUTE, price: 75, polledAt: MINUTE };
  const heldByStream: HeldJump = { time: MINUTE, price: 75, polledAt: null };

  it.each([
    ['the next poll agrees', heldByPoll, polled(74.8, 2 * MINUTE), 'confirmed'],
    ['a streamed print agrees a second later', heldByPoll, streamed(74.8, MINUTE + SECOND), 'held'],
    ['streamed prints agree for 59 s', heldByStream, streamed(74.8, MINUTE + 59 * SECOND), 'held'],
    // The stream alone never confirms, however long it repeats the price (issue 18).
    ['streamed prints agree over a whole poll period', heldByStream, streamed(74.8, 2 * MINUTE), 'held'],
    ['streamed prints agree for an hour', heldByStream, streamed(74.8, 61 * MINUTE), 'held'],
    [
      'the first poll of a streamed jump agrees a whole period on',
      heldByStream,
      polled(74.8, 2 * MINUTE),
      'held',
    ],
    // The first poll to see a jump the stream began is not "the next poll": it marks it seen.
    [
      'the first poll of a streamed jump agrees 30 s on',
      heldByStream,
      polled(74.8, MINUTE + 30 * SECOND),
      'held',
    ],
    ['the next poll moves the other way', heldByPoll, polled(125, 2 * MINUTE), 'held'],
    ['the next poll is back within the bound', heldByPoll, polled(99, 2 * MINUTE), 'rejected-pending'],
  ] as const)('GIVEN a held fall and %s THEN %s', (_what, held, print, verdict) => {
    expect(judgeJump(REFERENCE, print, held, BOUNDS).verdict).toBe(verdict);
  });

  it('GIVEN a streamed jump the first poll agrees with THEN the poll after it confirms', () => {
    const first = judgeJump(REFERENCE, polled(74.8, MINUTE + 30 * SECOND), heldByStream, BOUNDS);
    expect(first.pending).toEqual({ time: MINUTE, price: 75, polledAt: MINUTE + 30 * SECOND });
    expect(judgeJump(REFERENCE, polled(74.9, 2 * MINUTE), first.pending, BOUNDS).verdict).toBe('confirmed');
  });

  it('GIVEN a held jump and a print beyond the bound at another level THEN that print is held instead', () => {
    const judged = judgeJump(REFERENCE, polled(130, 2 * MINUTE), heldByPoll, BOUNDS);
    expect(judged).toMatchObject({ verdict: 'held', pending: { time: 2 * MINUTE, price: 130 } });
  });
});

describe('a schedule polling every second', () => {
  const EVERY_SECOND = { sanityJumpPct: 20, pollPeriodMs: 1_000 };
  const reference = { time: 0, price: 100 };

  it('GIVEN a +18 % print a second after the last price THEN it is not taken as within the bound', () => {
    const streamed = judgeJump(reference, { time: 1_000, price: 118, polled: false }, null, EVERY_SECOND);
    const polled = judgeJump(reference, { time: 1_000, price: 118, polled: true }, null, EVERY_SECOND);
    expect(streamed.verdict).not.toBe('within');
    expect(polled.verdict).not.toBe('within');
  });

  it('GIVEN a real 0.8 % move a second later THEN it is within the bound', () => {
    const print = { time: 1_000, price: 100.8, polled: false };
    expect(judgeJump(reference, print, null, EVERY_SECOND).verdict).toBe('within');
  });
});

describe('isPlainMove: the usual case without logarithms', () => {
  it('GIVEN bounds up to 83 % THEN every move within the bound is plausible; from 84 % THEN not assumed', () => {
    for (const pct of [0.01, 1, 5, 20, 50, 83]) expect(plausibleWhenWithin(pct)).toBe(true);
    for (const pct of [84, 95, 100, 250]) expect(plausibleWhenWithin(pct)).toBe(false);
    // Why it matters: at 95 % a fall to a tenth is within the bound yet implausible.
    const bounds = { sanityJumpPct: 95, pollPeriodMs: MINUTE };
    expect(judgeJump(REFERENCE, polled(10, MINUTE), null, bounds).verdict).toBe('implausible');
  });

  it('GIVEN prints of every size, age and source THEN a plain move is exactly what judgeJump calls within', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (const sanityJumpPct of [0.5, 5, 20, 60, 83, 95, 150]) {
      for (const pollPeriodMs of [SECOND, MINUTE, 5 * MINUTE]) {
        const bounds = { sanityJumpPct, pollPeriodMs, withinIsPlausible: plausibleWhenWithin(sanityJumpPct) };
        for (let i = 0; i < 2_000; i++) {
          // Moves spread around the bound in log terms, up to ±3 bounds; ages from a second to an hour.
          const move = (random() * 2 - 1) * 3 * Math.log1p(sanityJumpPct / 100);
          const print = {
            price: 100 * Math.exp(move),
            time: 1 + random() * 60 * MINUTE,
            polled: random() < 0.5,
          };
          const reference = random() < 0.1 ? { time: null, price: 100 } : REFERENCE;
          const within = judgeJump(reference, print, null, bounds).verdict === 'within';
          expect(isPlainMove(reference.time, reference.price, print, bounds)).toBe(within);
        }
      }
    }
  });
});
