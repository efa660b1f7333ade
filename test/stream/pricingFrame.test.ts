import { describe, expect, it } from 'vitest';
import { isBase64, readFrame } from '../../src/stream/pricingFrame.js';
import { encodeFrame } from '../support/fakeStreamer.js';

const PRINT = Date.parse('2025-06-02T02:16:07Z');

describe('readFrame', () => {
  it('GIVEN a v2 pricing frame THEN reads symbol, float32 price, time in ms and previous close', () => {
    const frame = encodeFrame({
      id: '^HSI',
      price: 23157.64,
      time: PRINT,
      previousClose: 23289.77,
      marketHours: 1,
    });
    const result = readFrame(frame);
    expect(result).toEqual({
      kind: 'price',
      price: {
        yahooSymbol: '^HSI',
        price: Math.fround(23157.64),
        time: PRINT,
        previousClose: Math.fround(23289.77),
      },
    });
  });

  it('GIVEN a bare base64 payload (v1) with the time in seconds THEN reads it in ms', () => {
    const v2 = JSON.parse(encodeFrame({ id: 'CNH=X', price: 7.2061, time: PRINT / 1000 })) as {
      message: string;
    };
    const result = readFrame(v2.message);
    expect(result.kind === 'price' && result.price.time).toBe(PRINT);
    expect(result.kind === 'price' && result.price.previousClose).toBeNull();
  });

  it('GIVEN a non-pricing JSON frame THEN it is ignored, not garbage', () => {
    expect(readFrame('{"type":"heartbeat"}')).toEqual({ kind: 'ignored' });
  });

  it.each([
    ['{"type":"pricing","message":"@@@"}', 'bad_base64'],
    ['{"type":"pricing",', 'not_json'],
    ['{"type":"pricing","message":"/////w=="}', 'bad_protobuf'],
    [JSON.stringify({ type: 7 }), 'bad_fields'],
  ])('GIVEN garbage %s THEN the problem is %s', (text, problem) => {
    expect(readFrame(text)).toMatchObject({ kind: 'garbage', problem });
  });

  it('GIVEN a decoded message without a price THEN it is rejected by its fields', () => {
    const result = readFrame(encodeFrame({ id: '^N225', time: PRINT }));
    expect(result).toMatchObject({ kind: 'garbage', problem: 'bad_fields' });
    expect(result.kind === 'garbage' && result.detail).toContain('price');
  });

  it('GIVEN a wrong wire type for the id THEN it is bad protobuf or bad fields, never a throw', () => {
    // Field 1 sent as a varint (wire type 0) instead of a string.
    const message = Buffer.from([0x08, 0x05, 0x15, 0x00, 0x00, 0x80, 0x3f]).toString('base64');
    const result = readFrame(JSON.stringify({ type: 'pricing', message }));
    expect(result.kind).toBe('garbage');
  });

  it('GIVEN a 5 MB message THEN it is checked and rejected without overflowing the stack', () => {
    // The old backtracking base64 pattern threw "Maximum call stack size exceeded" from 4.5 MB up.
    const message = 'A'.repeat(5 * 1024 * 1024);
    const result = readFrame(JSON.stringify({ type: 'pricing', message }));
    expect(result).toMatchObject({ kind: 'garbage', problem: 'bad_fields' });
    expect(readFrame(JSON.stringify({ type: 'pricing', message: `${message}!` }))).toMatchObject({
      kind: 'garbage',
      problem: 'bad_base64',
    });
  });
});

describe('isBase64', () => {
  it.each([
    ['CgReSFNJ', true],
    ['CgReSFM=', true],
    ['CgReSF==', true],
    ['', false],
    ['CgReSFM', false],
    ['Cg=eSFM=', false],
    ['CgRe-FM=', false],
    ['A===', false],
  ])('GIVEN %s THEN %s', (text, expected) => {
    expect(isBase64(text)).toBe(expected);
  });
});
