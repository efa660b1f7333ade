import { describe, expect, it } from 'vitest';
import { streamLine } from '../../../src/discord/commands/streamLine.js';
import type { StreamState } from '../../../src/stream/streamClient.js';

const SINCE = Date.parse('2025-06-02T02:16:00Z');
const NONE_REJECTED = {
  oversize: 0,
  not_json: 0,
  bad_base64: 0,
  bad_protobuf: 0,
  bad_fields: 0,
  reader_error: 0,
};
const base: StreamState = {
  status: 'connected',
  connected: true,
  subscribed: ['^HSI'],
  updatesPerMinute: 12,
  updatesTotal: 40,
  lastUpdateAgeMs: 3_000,
  reconnects: 1,
  consecutiveFailures: 0,
  outage: null,
  lastError: null,
  rejectedFrames: NONE_REJECTED,
};

describe('/status live stream line', () => {
  it('GIVEN no stream THEN off', () => {
    expect(streamLine(null)).toBe('off (polling only)');
  });

  it('GIVEN a connected stream THEN its state, symbols, rate, age and reconnects', () => {
    expect(streamLine(base)).toBe('✅ connected: ^HSI · 12/min · last update 3 s ago · 1 reconnect');
  });

  it('GIVEN an announced outage THEN down since when, its failures and the last error', () => {
    const line = streamLine({
      ...base,
      status: 'down',
      connected: false,
      subscribed: [],
      consecutiveFailures: 4,
      outage: { since: SINCE, announced: true },
      lastError: 'Unexpected server response: 503',
    });
    expect(line).toBe(
      '⛔ down, retrying with backoff (people were told; polling carries the alerts) · last update 3 s ago · 1 reconnect · outage since <t:1748830560:R> (4 failures, announced) · last error: Unexpected server response: 503',
    );
  });

  it('GIVEN a blip being retried THEN reconnecting, not announced', () => {
    const line = streamLine({
      ...base,
      status: 'reconnecting',
      connected: false,
      consecutiveFailures: 1,
      outage: { since: SINCE, announced: false },
      lastError: 'closed by the streamer (code 1006)',
    });
    expect(line).toMatch(
      /^⚠️ reconnecting with backoff · .* \(1 failure, not announced\) · last error: closed/,
    );
  });

  it('GIVEN rejected frames THEN each reason with its count, and none of the zeros', () => {
    const line = streamLine({
      ...base,
      status: 'recovering',
      consecutiveFailures: 1,
      outage: { since: SINCE, announced: false },
      lastError: 'a frame over 64 KiB (closed with code 1009)',
      rejectedFrames: { ...NONE_REJECTED, oversize: 1, bad_base64: 3 },
    });
    expect(line).toMatch(/^🔄 recovering \(connected, not yet stable\): \^HSI/);
    expect(line).toContain(' · frames rejected: oversize 1, bad_base64 3 · last error: a frame over 64 KiB');
  });

  it('GIVEN the longest error THEN the line still fits a 1024-character embed field', () => {
    const line = streamLine({
      ...base,
      status: 'down',
      subscribed: ['^HSI', '^N225', 'CNH=X', 'CNY=X'],
      consecutiveFailures: 999,
      outage: { since: SINCE, announced: true },
      lastError: 'x'.repeat(5_000),
      rejectedFrames: Object.fromEntries(
        Object.keys(NONE_REJECTED).map((k) => [k, 1e9]),
      ) as StreamState['rejectedFrames'],
    });
    expect(line.length).toBeLessThanOrEqual(1024);
  });
});
