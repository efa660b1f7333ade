import { describe, expect, it } from 'vitest';
import { crashLine } from '../../chaos/botProcess.js';
import { phaseAt, probeTiming, streamFaultReport, type Probe } from '../../chaos/streamReport.js';
import type { BotRecords, RecordedAlert } from '../../chaos/tally.js';

const T0 = 1_800_000_000_000;
const cross = (id: string, recordedAt: number, direction: 'up' | 'down' = 'up'): RecordedAlert => ({
  id,
  symbol: 'HSI',
  rule: 'levelCross',
  direction,
  severity: 1,
  level: 23_400,
  price: 23_441.15,
  basePrice: 23_400,
  time: recordedAt - 5,
  recordedAt,
});

function records(alerts: RecordedAlert[], outbox: [string, string[]][]): BotRecords {
  return { alerts, outbox: new Map(outbox), deadLetters: new Map(), pendingMessages: 0 };
}

const at = (nonce: string, time: number) => ({ nonce, message: { timestamp: new Date(time).toISOString() } });
const probe: Probe = { key: 'HSI:levelCross:up:23400', after: 'absurdPrint', printAt: T0 };

describe('probeTiming', () => {
  it('GIVEN the cross recorded 40 ms and posted 900 ms after its print THEN it is on time', () => {
    const r = records([cross('c1', T0 + 40)], [['n1', ['c1']]]);
    expect(probeTiming(probe, r, [at('n1', T0 + 900)], new Set())).toEqual({
      key: probe.key,
      after: 'absurdPrint',
      decidedMs: 40,
      postedMs: 900,
      verdict: 'ok',
    });
  });

  it('GIVEN it was decided 2.5 s after its print (by the next poll) THEN it is late; decided at once and posted late THEN not', () => {
    const byPoll = records([cross('c1', T0 + 2_500)], [['n1', ['c1']]]);
    expect(probeTiming(probe, byPoll, [at('n1', T0 + 2_600)], new Set()).verdict).toBe('late');
    const slowPost = records([cross('c1', T0 + 40)], [['n1', ['c1']]]);
    expect(probeTiming(probe, slowPost, [at('n1', T0 + 2_600)], new Set())).toMatchObject({
      postedMs: 2_600,
      verdict: 'ok',
    });
  });

  it('GIVEN only a false cross of the same level before the print, and one judged false after it THEN the probe is lost', () => {
    const before = cross('early', T0 - 3_000);
    const judgedFalse = cross('bad', T0 + 100);
    const r = records(
      [before, judgedFalse],
      [
        ['n1', ['early']],
        ['n2', ['bad']],
      ],
    );
    const timing = probeTiming(probe, r, [at('n1', T0 - 2_900), at('n2', T0 + 200)], new Set(['bad']));
    expect(timing).toEqual({
      key: probe.key,
      after: 'absurdPrint',
      decidedMs: null,
      postedMs: null,
      verdict: 'lost',
    });
    const muting = probeTiming(probe, r, [], new Set(['early', 'bad']));
    expect(muting).toMatchObject({ verdict: 'lost', mutedBy: 'early' });
  });
});

describe('streamFaultReport', () => {
  const phases = [
    { name: 'baseline', at: T0 - 60_000 },
    { name: 'absurdPrint', at: T0 - 10_000 },
    { name: 'hugeFrame', at: T0 + 10_000 },
  ];

  it('GIVEN moments before, inside and after the phases THEN each falls in the last phase started by then', () => {
    expect([T0 - 90_000, T0 - 60_000, T0, T0 + 10_000].map((t) => phaseAt(phases, t))).toEqual([
      'baseline',
      'baseline',
      'absurdPrint',
      'hugeFrame',
    ]);
  });

  it('GIVEN false alerts, a crash and a probe THEN each is told under its phase: by planted price first, else by when it was recorded', () => {
    const r = records([cross('c1', T0 + 40), cross('late-effect', T0 + 12_000, 'down')], [['n1', ['c1']]]);
    const timing = probeTiming(probe, r, [at('n1', T0 + 300)], new Set(['late-effect']));
    const report = streamFaultReport({
      phases,
      probes: [timing],
      planted: { absurdPrint: { prints: 6 } },
      falseAlerts: [
        { id: 'x', reason: 'price 3.4e+38 was not a true price at its time', fault: 'absurdPrint' },
        { id: 'late-effect', reason: 'the true path was not on the other side of 23400', fault: null },
      ],
      crashes: [
        {
          code: 1,
          signal: null,
          at: T0 + 11_000,
          run: 1,
          lastError: 'RangeError: Maximum call stack size exceeded',
        },
      ],
      records: r,
    });
    expect(report.absurdPrint).toMatchObject({ planted: { prints: 6 }, false: 1, crashed: 0 });
    expect(report.absurdPrint?.probes).toEqual([timing]);
    expect(timing).toMatchObject({ decidedMs: 40, postedMs: 300, verdict: 'ok' });
    expect(report.hugeFrame).toMatchObject({
      false: 1,
      crashed: 1,
      details: {
        false: ['late-effect: the true path was not on the other side of 23400'],
        crashes: ['exit 1: RangeError: Maximum call stack size exceeded'],
      },
    });
    expect(report.baseline).toMatchObject({ false: 0, crashed: 0, probes: [] });
  });
});

describe('crashLine', () => {
  it('GIVEN an uncaught error’s stack on stderr THEN the error’s own line', () => {
    const stderr = [
      'file:///app/dist/stream/pricingFrame.js:79',
      '    if (payload.length === 0 || !BASE64.test(payload))',
      '                                        ^',
      '',
      'RangeError: Maximum call stack size exceeded',
      '    at RegExp.test (<anonymous>)',
    ].join('\n');
    expect(crashLine(stderr, '{"level":30,"msg":"polled"}\n')).toBe(
      'RangeError: Maximum call stack size exceeded',
    );
  });

  it('GIVEN nothing on stderr THEN the last line the bot logged; nothing at all THEN says so', () => {
    expect(crashLine('', '{"msg":"a"}\n{"level":60,"msg":"fatal"}\n')).toBe('{"level":60,"msg":"fatal"}');
    expect(crashLine('', '')).toBe('(no output)');
  });
});
