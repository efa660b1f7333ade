import { describe, expect, it } from 'vitest';
import { codeBlock } from '../../src/discord/wrapMessage.js';

describe('the wrap code block', () => {
  it('GIVEN a short text THEN it is fenced whole', () => {
    expect(codeBlock('HKEX 2025-06-02\nHSI 23,000')).toBe('```\nHKEX 2025-06-02\nHSI 23,000\n```');
  });

  it('GIVEN a wrap longer than an embed description THEN it is cut at a line and the block still closes', () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `- alert ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`,
    );
    const block = codeBlock(lines.join('\n'));
    expect(block.length).toBeLessThanOrEqual(4096);
    expect(block.startsWith('```\n- alert 000')).toBe(true);
    expect(block.endsWith('\n…\n```')).toBe(true);
    // Whole lines only: the last kept line is intact.
    const kept = block.split('\n').slice(1, -2);
    expect(kept.at(-1)).toMatch(/^- alert \d{3} x{20}$/);
  });
});
