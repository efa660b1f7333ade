import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { startPoller, type Poller } from '../../src/scheduler/poller.js';
import { pollPeriodMs } from '../../src/scheduler/pollPeriod.js';

const T0 = Date.parse('2025-06-02T01:30:00Z');

interface LogRecord {
  level: number;
  msg: string;
  slot?: string;
  reason?: string;
  source?: string;
}

function capturedLog() {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      records.push(JSON.parse(chunk.toString()) as LogRecord);
      done();
    },
  });
  return { log: createLogger({ stream }), records };
}

let poller: Poller | null = null;
let stderr: string[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  stderr = [];
  // node-cron's default logger writes coloured lines to the console; none may appear.
  for (const method of ['warn', 'error', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      stderr.push(args.map(String).join(' '));
    });
  }
});

afterEach(async () => {
  await poller?.stop();
  poller = null;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function start(tick: () => Promise<unknown>) {
  const { log, records } = capturedLog();
  poller = startPoller({ cron: '* * * * *', timezone: 'UTC', tick, log });
  return records;
}

/** Lets the clock jump ahead while the process is busy, so the next timer fires late. */
function busyFor(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe('startPoller', () => {
  it('GIVEN a tick that fires 30 s late THEN the poll runs late instead of being skipped', async () => {
    const ticks: number[] = [];
    const records = start(() => {
      ticks.push(Date.now());
      return Promise.resolve();
    });
    busyFor(30_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toEqual([T0 + 90_000]);
    expect(records.filter((r) => r.level >= 40)).toEqual([]);
    expect(stderr).toEqual([]);
  });

  it('GIVEN a process busy past the next slot THEN the skipped poll is one JSON warning naming the slot', async () => {
    const ticks: number[] = [];
    const records = start(() => {
      ticks.push(Date.now());
      return Promise.resolve();
    });
    busyFor(90_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toEqual([T0 + 150_000]);
    expect(records).toContainEqual(
      expect.objectContaining({ level: 40, slot: '2025-06-02T01:31:00.000Z', reason: 'missed' }),
    );
    expect(stderr).toEqual([]);
  });

  it('GIVEN a poll still running at the next slot THEN that slot is skipped and logged in JSON', async () => {
    let finish: () => void = () => undefined;
    let calls = 0;
    const records = start(() => {
      calls += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    try {
      await vi.advanceTimersByTimeAsync(120_000);
      expect(calls).toBe(1);
      expect(records).toContainEqual(
        expect.objectContaining({ level: 40, slot: '2025-06-02T01:32:00.000Z', reason: 'overlap' }),
      );
      expect(stderr).toEqual([]);
    } finally {
      finish();
    }
  });

  it('GIVEN a failing tick THEN it is logged and the next poll still runs', async () => {
    let calls = 0;
    const records = start(() => {
      calls += 1;
      return Promise.reject(new Error('boom'));
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toBe(2);
    expect(records.filter((r) => r.msg === 'poll failed')).toHaveLength(2);
  });
});

describe('pollPeriodMs', () => {
  it.each([
    ['* * * * *', 60_000],
    ['*/10 * * * * *', 10_000],
    ['*/5 9-16 * * 1-5', 300_000],
  ])('GIVEN %s THEN the shortest gap between runs is %i ms', (cron, period) => {
    expect(pollPeriodMs(cron, 'Asia/Hong_Kong')).toBe(period);
  });
});
