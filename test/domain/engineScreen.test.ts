import { describe, expect, it } from 'vitest';
import type { Decision, Engine } from '../../src/domain/engine.js';
import { alertsOf, engineFor, MINUTE, T0 } from '../support/engineHarness.js';
import { makeConfig } from '../support/testConfig.js';

/*
 * The engine's one price screen on polled and streamed prints together (issue 18, defects 1–3),
 * with the shipped thresholds and every rule on: any alert below would be a false one.
 */

const SECOND = 1_000;

function observer(engine: Engine, symbol: string, previousClose: number) {
  return {
    poll: (price: number, time: number, now = time): Decision =>
      engine.observe({ symbol, price, time, previousClose }, now),
    stream: (price: number, time: number, now = time): Decision =>
      engine.observe({ symbol, price, time, previousClose, streamed: true }, now),
  };
}

/** Streamed prints of one price every `stepMs` from `from` (inclusive) to `to` (exclusive). */
function repeat(
  send: (price: number, time: number) => Decision,
  price: number,
  from: number,
  to: number,
  stepMs: number,
) {
  const decisions: Decision[] = [];
  for (let time = from; time < to; time += stepMs) decisions.push(send(price, time));
  return decisions;
}

describe('a bad print held by the poll and pushed again by the stream (defect 1)', () => {
  // The Nikkei near 30,770 and one print 28.8 % above it: +17.3 % on a day that is down.
  const real = 30_770;
  const bad = 39_632;

  it('GIVEN the poll holds it and the stream repeats it for its minute THEN no alert, and the next poll discards it', () => {
    const engine = engineFor(makeConfig());
    const n225 = observer(engine, 'N225', 30_800);
    const setup = [n225.poll(real, T0), n225.poll(real + 5, T0 + MINUTE)];
    expect(alertsOf(setup)).toEqual([]);
    const held = n225.poll(bad, T0 + 2 * MINUTE);
    expect(held.skipped).toBe('jump held for confirmation');
    const pushed = repeat(n225.stream, bad, T0 + 2 * MINUTE + 5 * SECOND, T0 + 3 * MINUTE, 5 * SECOND);
    expect(pushed.map((d) => d.skipped)).toEqual(pushed.map(() => 'jump held for confirmation'));
    const next = n225.poll(real - 10, T0 + 3 * MINUTE);
    expect(next.notes.map((n) => n.kind)).toEqual(['jump-rejected']);
    expect(alertsOf([held, ...pushed, next])).toEqual([]);
    expect(engine.screenCounts('N225')).toMatchObject({ held: 1 + pushed.length, implausible: 0 });
    expect(engine.lastAccepted('N225')).toEqual({ time: T0 + 3 * MINUTE, price: real - 10 });
  });

  it('GIVEN the stream pushes it for its whole minute and the poll serves it too THEN no alert', () => {
    const engine = engineFor(makeConfig());
    const n225 = observer(engine, 'N225', 30_800);
    n225.poll(real, T0);
    const minute = T0 + MINUTE;
    const pushed = repeat(n225.stream, bad, minute, minute + MINUTE, 5 * SECOND);
    // The poll's quote is that minute's last trade: the same bad print.
    const served = n225.poll(bad, minute + 58 * SECOND, minute + MINUTE);
    const after = n225.poll(real + 3, minute + MINUTE + 58 * SECOND, minute + 2 * MINUTE);
    expect(served.skipped).toBe('jump held for confirmation');
    expect(after.skipped).toBeNull();
    expect(alertsOf([...pushed, served, after])).toEqual([]);
  });

  it('GIVEN a real jump the next poll confirms THEN it is accepted and alerts, as without the stream', () => {
    const engine = engineFor(makeConfig());
    const n225 = observer(engine, 'N225', 30_800);
    n225.poll(real, T0);
    const held = n225.poll(real * 0.75, T0 + MINUTE);
    repeat(n225.stream, real * 0.749, T0 + MINUTE + SECOND, T0 + 2 * MINUTE, 10 * SECOND);
    const confirmed = n225.poll(real * 0.748, T0 + 2 * MINUTE);
    expect([held.skipped, confirmed.skipped]).toEqual(['jump held for confirmation', null]);
    expect(confirmed.notes.map((n) => n.kind)).toContain('jump-confirmed');
    expect(confirmed.alerts.map((a) => [a.rule, a.direction])).toContainEqual(['dayMove', 'down']);
  });
});

describe('a stream repeating a wrong price (defect 2)', () => {
  const prev = 23_289.77;

  it('GIVEN 36 s of prints at ×1.2, ×1000 and 3.4e38 between polls THEN no alert, and absurd prices never become the reference', () => {
    const engine = engineFor(makeConfig());
    const hsi = observer(engine, 'HSI', prev);
    hsi.poll(prev, T0);
    const start = T0 + SECOND;
    const wrong = [prev * 1.2, prev * 1000, 3.4e38].flatMap((price, i) =>
      repeat(hsi.stream, price, start + i * 12 * SECOND, start + (i + 1) * 12 * SECOND, SECOND),
    );
    const poll = hsi.poll(prev * 1.001, T0 + MINUTE);
    expect(alertsOf([...wrong, poll])).toEqual([]);
    expect(poll.skipped).toBeNull();
    expect(engine.screenCounts('HSI').implausible).toBeGreaterThan(24);
  });

  it('GIVEN an absurd price repeated by the stream for ten minutes with no poll THEN it is never accepted', () => {
    const engine = engineFor(makeConfig());
    const hsi = observer(engine, 'HSI', prev);
    hsi.poll(prev, T0);
    const decisions = [prev * 1000, prev / 1000, 3.4e38].flatMap((absurd) =>
      repeat(hsi.stream, absurd, T0 + SECOND, T0 + 10 * MINUTE, 2 * SECOND),
    );
    expect(new Set(decisions.map((d) => d.skipped))).toEqual(new Set(['implausible move']));
    // Logged once for the run, not once per print.
    expect(decisions.flatMap((d) => d.notes)).toHaveLength(1);
    expect(engine.lastAccepted('HSI')).toEqual({ time: T0, price: prev });
  });

  it('GIVEN wrong prints THEN a real streamed move right after them still alerts at once', () => {
    const engine = engineFor(makeConfig());
    const hsi = observer(engine, 'HSI', prev);
    hsi.poll(prev, T0);
    repeat(hsi.stream, 3.4e38, T0 + SECOND, T0 + 10 * SECOND, SECOND);
    const fall = hsi.stream(prev * 0.985, T0 + 12 * SECOND);
    expect(fall.alerts.map((a) => [a.rule, a.direction, a.severity])).toContainEqual(['dayMove', 'down', 1]);
  });
});

describe('a print stamped a day ahead (defect 3)', () => {
  it('GIVEN one streamed print a day ahead THEN it is dropped and counted, and later polls and prints are judged as before', () => {
    const engine = engineFor(makeConfig());
    const cnh = observer(engine, 'USDCNH', 7.203);
    cnh.poll(7.205, T0);
    const ahead = cnh.stream(7.204, T0 + 24 * 60 * MINUTE, T0 + 5 * SECOND);
    expect(ahead.skipped).toBe('ahead of the clock');
    expect(ahead.notes.map((n) => n.kind)).toEqual(['ahead-of-clock']);
    const poll = cnh.poll(7.2049, T0 + MINUTE);
    expect(poll.skipped).toBeNull();
    // A real cross below the 7.20 level, streamed: it alerts.
    const cross = cnh.stream(7.1984, T0 + MINUTE + 5 * SECOND);
    expect(cross.alerts.map((a) => [a.rule, a.direction, a.level])).toContainEqual([
      'levelCross',
      'down',
      7.2,
    ]);
    expect(engine.screenCounts('USDCNH').aheadOfClock).toBe(1);
  });

  it('GIVEN a saved reference stamped a day ahead (written before the fix) THEN it is forgotten, not waited for', () => {
    const engine = engineFor(makeConfig());
    const cnh = observer(engine, 'USDCNH', 7.203);
    cnh.poll(7.205, T0);
    const saved = engine.snapshot('USDCNH');
    expect(engine.restore('USDCNH', { ...saved, lastTime: T0 + 24 * 60 * MINUTE })).toBeNull();
    // Judged at its own price: a cross below the 7.20 level alerts.
    const cross = cnh.poll(7.1984, T0 + MINUTE);
    expect(cross.alerts.map((a) => [a.rule, a.direction, a.level])).toContainEqual([
      'levelCross',
      'down',
      7.2,
    ]);
  });

  it('GIVEN a print a few seconds ahead (clocks differ) THEN it is taken', () => {
    const engine = engineFor(makeConfig());
    const cnh = observer(engine, 'USDCNH', 7.203);
    cnh.poll(7.205, T0);
    expect(cnh.stream(7.2051, T0 + 12 * SECOND, T0 + 5 * SECOND).skipped).toBeNull();
  });
});
