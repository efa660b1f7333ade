import { describe, expect, it } from 'vitest';
import {
  outageDue,
  outageFailure,
  outageNextCheckAt,
  outagePaused,
  outagePrice,
} from '../../src/stream/outage.js';
import type { Outage, OutageNotice, OutagePolicy } from '../../src/stream/outage.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const POLICY: OutagePolicy = { announceAfterMs: 5 * MINUTE, announceAfterFailures: 3, stableMs: 5 * MINUTE };

/** A failure dated from the last good moment, at a time; a price at a time; a timer at a time. */
type OutageEvent = ['fail', number, number] | ['price', number] | ['check', number];

/** Drives the rule as the stream client does: each event, then what is due at its time. */
function run(events: readonly OutageEvent[]) {
  let outage: Outage | null = null;
  const notices: [OutageNotice, number][] = [];
  for (const event of events) {
    const now = event[0] === 'fail' ? event[2] : event[1];
    if (event[0] === 'fail') outage = outageFailure(outage, event[1]);
    if (event[0] === 'price') outage = outagePrice(outage, now);
    const step = outageDue(outage, now, POLICY);
    outage = step.outage;
    if (step.notice) notices.push([step.notice, now]);
  }
  return { outage, notices };
}

describe('outage notices with hysteresis', () => {
  it('GIVEN 30 silences in 80 minutes, each ended by one price THEN one "down" and, once stable, one "back"', () => {
    const events: OutageEvent[] = [];
    let t = 0;
    for (let n = 0; n < 30; n++) {
      // 120 s of silence after the last price, reconnected 5 s later, one price, silent again.
      events.push(['fail', t, t + 120 * SECOND], ['price', t + 125 * SECOND]);
      t += 160 * SECOND;
    }
    for (let s = 0; s <= 5 * 60; s += 10) events.push(['price', t + s * SECOND]);
    const { notices, outage } = run(events);
    expect(notices.map(([n]) => n)).toEqual(['down', 'back']);
    // Down at the third failure, not at the first silence.
    expect(notices[0]?.[1]).toBe(2 * 160 * SECOND + 120 * SECOND);
    expect(outage).toBeNull();
  });

  it('GIVEN one drop and prices again within seconds THEN nobody is told', () => {
    const { notices, outage } = run([
      ['fail', 10 * SECOND, 10 * SECOND],
      ['price', 16 * SECOND],
      ['check', 16 * SECOND + POLICY.stableMs],
    ]);
    expect(notices).toEqual([]);
    expect(outage).toBeNull();
  });

  it('GIVEN one failure and then nothing THEN "down" is due once the outage lasts the threshold', () => {
    const failed = outageFailure(null, 0);
    expect(outageNextCheckAt(failed, POLICY)).toBe(POLICY.announceAfterMs);
    expect(outageDue(failed, POLICY.announceAfterMs - 1, POLICY).notice).toBeNull();
    const due = outageDue(failed, POLICY.announceAfterMs, POLICY);
    expect(due.notice).toBe('down');
    expect(outageNextCheckAt(due.outage, POLICY)).toBeNull();
  });

  it('GIVEN a silence THEN the outage is dated from the last good price, not the silence', () => {
    const { notices } = run([
      ['fail', 0, 2 * MINUTE],
      ['check', 5 * MINUTE],
    ]);
    expect(notices).toEqual([['down', 5 * MINUTE]]);
  });

  it('GIVEN prices flowing again THEN "down" is never said, however long the outage ran', () => {
    const { notices } = run([
      ['fail', 0, 0],
      ['price', 4 * MINUTE],
      ['check', 6 * MINUTE],
    ]);
    expect(notices).toEqual([]);
  });

  it('GIVEN a failure inside the stable window THEN the same outage goes on: no second "down", "back" later', () => {
    const { notices } = run([
      ['fail', 0, 0],
      ['fail', 0, 10 * SECOND],
      ['fail', 0, 30 * SECOND],
      ['price', MINUTE],
      ['fail', 0, 4 * MINUTE],
      ['fail', 0, 5 * MINUTE],
      ['price', 6 * MINUTE],
      ['check', 6 * MINUTE + POLICY.stableMs - 1],
      ['check', 6 * MINUTE + POLICY.stableMs],
    ]);
    expect(notices).toEqual([
      ['down', 30 * SECOND],
      ['back', 6 * MINUTE + POLICY.stableMs],
    ]);
  });

  it('GIVEN every market closes THEN a blip nobody was told of is forgotten, an announced outage waits for the next session', () => {
    expect(outagePaused(outageFailure(null, 0))).toBeNull();
    const told = outageDue(outageFailure(outageFailure(outageFailure(null, 0), 0), 0), 0, POLICY).outage;
    expect(told).toMatchObject({ announced: true });
    // Prices flowed until the close: their stable time does not run on over the night.
    const paused = outagePaused(outagePrice(told, MINUTE));
    expect(paused).toMatchObject({ announced: true, flowingSince: null });
    expect(outageDue(paused, MINUTE + POLICY.stableMs, POLICY).notice).toBeNull();
    expect(outageNextCheckAt(paused, POLICY)).toBeNull();
  });
});
