import { describe, expect, it } from 'vitest';
import { fitLines } from '../../../src/discord/commands/fitLines.js';
import { healthLine } from '../../../src/discord/commands/statusCommand.js';
import type { Health } from '../../../src/resilience/health.js';

const T0 = Date.parse('2025-06-02T01:30:00Z');

function failing(name: string): Health {
  return {
    name,
    healthy: false,
    consecutiveFailures: 3,
    retryAt: T0 + 60_000,
    lastError: `${name}: HTTP 503 for the feed; the source is having trouble, it will be retried after a backoff`,
    lastSuccessAt: null,
  };
}

describe('fitLines', () => {
  it('GIVEN lines that fit THEN all are kept and nothing is counted', () => {
    expect(fitLines(['a', 'b', 'c'], 100)).toBe('a\nb\nc');
  });

  it('GIVEN 30 failing news sources in a 1024-character /status field THEN whole lines are kept and the rest counted', () => {
    const lines = Array.from({ length: 30 }, (_, i) => healthLine(failing(`feed-${i}`)));
    const value = fitLines(lines, 1024);
    const shown = value.split('\n');
    const last = shown.at(-1) ?? '';
    expect(value.length).toBeLessThanOrEqual(1024);
    expect(last).toMatch(/^… and \d+ more$/);
    const kept = shown.slice(0, -1);
    expect(kept).toEqual(lines.slice(0, kept.length));
    expect(kept.length + Number(/\d+/.exec(last)?.[0])).toBe(30);
  });

  it('GIVEN a line limit THEN at most that many lines are shown', () => {
    expect(fitLines(['a', 'b', 'c', 'd'], 100, 2)).toBe('a\nb\n… and 2 more');
  });

  it('GIVEN a first line too long for the room THEN only the count is shown', () => {
    expect(fitLines(['x'.repeat(50), 'y'], 20)).toBe('… and 2 more');
  });
});
