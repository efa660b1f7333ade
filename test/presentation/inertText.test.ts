import { describe, expect, it } from 'vitest';
import { floodSummary } from '../../src/news/floodSummary.js';
import type { StoredEvent } from '../../src/store/newsEvents.js';
import { inertText } from '../../src/presentation/inertText.js';

/** True when `text` has a character that opens Discord markdown without a backslash before it. */
function rendersMarkdown(text: string): boolean {
  const unescaped = text.replace(/\\\\/g, '');
  return /(^|[^\\])[*_~`|[\]<]/.test(unescaped) || /^\s*[#>-]/m.test(unescaped);
}

describe('inertText', () => {
  it.each([
    [
      '[official statement](https://evil.example/phish)',
      '\\[official statement\\](https://evil.example/phish)',
    ],
    [
      '**Tariffs** ~~lifted~~ ||now|| `code`',
      '\\*\\*Tariffs\\*\\* \\~\\~lifted\\~\\~ \\|\\|now\\|\\| \\`code\\`',
    ],
    ['# Heading', '\\# Heading'],
    ['-# small print', '\\-# small print'],
    ['  - listed', '  \\- listed'],
    ['> quoted', '\\> quoted'],
    ['<@123456789012345678> and <t:1700000000:R>', '\\<@123456789012345678> and \\<t:1700000000:R>'],
    ['first line\n# second line', 'first line\n\\# second line'],
    ['a \\[x](https://evil.example) escape', 'a \\\\\\[x\\](https://evil.example) escape'],
    ['UPDATE 1-China curbs rare-earth exports #trade', 'UPDATE 1-China curbs rare-earth exports #trade'],
  ])('GIVEN %s THEN nothing in it renders', (text, inert) => {
    expect(inertText(text)).toBe(inert);
    expect(rendersMarkdown(inertText(text))).toBe(false);
  });
});

describe('the news flood notice', () => {
  it('GIVEN held-back events with hostile titles and sources THEN the notice lists them inert', () => {
    const event = {
      id: 'ev-1',
      title: '[official statement](https://evil.example/phish) **Tariffs** lifted',
      source: '[gov](https://evil.example)',
      time: Date.parse('2025-06-02T02:16:00Z'),
    } as StoredEvent;
    const text = floodSummary(
      { capped: [], quiet: [event] },
      { itemsPerSourcePerPoll: 50, reportsPerHour: 6 },
    );
    expect(text).toContain('\\[official statement\\](https://evil.example/phish) \\*\\*Tariffs\\*\\* lifted');
    expect(text).toContain('(\\[gov\\](https://evil.example), 02:16 UTC)');
  });
});
