import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { overlayStoredOverrides } from '../../src/services/storedOverrides.js';

const shipped = readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8');

const thresholdsOf = (
  config: { instruments: readonly { id: string; thresholds: unknown }[] } | null,
  id: string,
) =>
  config?.instruments.find((i) => i.id === id)?.thresholds as
    { windowMove: { thresholdPct: number }; levelCross: { levels: number[] } } | undefined;

describe('stored threshold overrides laid over a replica’s own file', () => {
  it('GIVEN sets and a later reset THEN they apply in order with the command’s edits, and the text says so', () => {
    const result = overlayStoredOverrides(shipped, [
      { symbol: 'HSI', rule: 'windowMove.thresholdPct', valueText: '0.35' },
      { symbol: 'USDCNH', rule: 'levelCross.levels', valueText: '7.15, 7.25' },
      { symbol: 'USDCNH', rule: 'levelCross.levels', valueText: null },
    ]);
    expect(result.problems).toEqual([]);
    expect(thresholdsOf(result.config, 'HSI')?.windowMove.thresholdPct).toBe(0.35);
    // The reset removed the file's own override too: back to the kind's default levels.
    expect(thresholdsOf(result.config, 'USDCNH')?.levelCross.levels).not.toContain(7.3);
    expect(result.text).toMatch(/thresholdPct: 0\.35/);
    expect(result.text).toContain('# What to watch.');
  });

  it('GIVEN no overrides, or ones the file already has THEN nothing changes', () => {
    expect(overlayStoredOverrides(shipped, [])).toEqual({ text: shipped, config: null, problems: [] });
    const same = overlayStoredOverrides(shipped, [{ symbol: 'HSI', rule: 'sanityJumpPct', valueText: null }]);
    expect(same.config).toBeNull();
    expect(same.text).toBe(shipped);
  });

  it('GIVEN an override for an instrument the file no longer has, or a value out of range THEN it is skipped with a line, the rest applied', () => {
    const result = overlayStoredOverrides(shipped, [
      { symbol: 'KOSPI', rule: 'windowMove.thresholdPct', valueText: '1' },
      { symbol: 'HSI', rule: 'windowMove.thresholdPct', valueText: '-4' },
      { symbol: 'N225', rule: 'nonsense', valueText: '1' },
      { symbol: 'N225', rule: 'windowMove.thresholdPct', valueText: '0.9' },
    ]);
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toMatch(
      /^the stored threshold KOSPI windowMove\.thresholdPct was not applied: /,
    );
    expect(thresholdsOf(result.config, 'N225')?.windowMove.thresholdPct).toBe(0.9);
    expect(thresholdsOf(result.config, 'HSI')?.windowMove.thresholdPct).not.toBe(-4);
  });
});
