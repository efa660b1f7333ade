import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../../src/config/newsSchema.js';
import { safeLink, sanitizeHeadline } from '../../../src/domain/news/sanitize.js';
import { scoreHeadline } from '../../../src/domain/news/score.js';

describe('headline relevance', () => {
  it('GIVEN the seed headline THEN it is relevant, with its terms and the both-sides bonus', () => {
    const s = scoreHeadline(
      'China accuses US of "serious" trade truce breach, threatens firm response',
      NEWS_DEFAULTS,
    );
    expect(s).toEqual({ score: 6, matched: ['trade truce'], bothSides: true, relevant: true });
  });

  it('GIVEN plurals and prefixes THEN they match; other words that merely contain a term do not', () => {
    expect(scoreHeadline('New tariffs on rare earths and export controls', NEWS_DEFAULTS).matched).toEqual([
      'tariff',
      'rare earth',
      'export control',
    ]);
    expect(scoreHeadline('Tariffville council meets', NEWS_DEFAULTS).matched).toEqual([]);
    expect(scoreHeadline('Retail sales rise in Hong Kong', NEWS_DEFAULTS).score).toBe(0);
  });

  it('GIVEN "us" as an ordinary word THEN it does not count as the United States', () => {
    expect(scoreHeadline('China tells us tariffs will rise', NEWS_DEFAULTS).bothSides).toBe(false);
    expect(scoreHeadline('China tells US tariffs will rise', NEWS_DEFAULTS).bothSides).toBe(true);
  });

  it.each([
    ['Bessent says China is holding back rare earths essential to supply chains', true],
    ['USTR opens Section 301 probe into Chinese chips', true],
    ['Hong Kong weather: sunny with light winds', false],
    ['Nikkei closes lower as yen firms', false],
  ])('GIVEN "%s" THEN relevant is %s', (headline, relevant) => {
    expect(scoreHeadline(headline, NEWS_DEFAULTS).relevant).toBe(relevant);
  });
});

describe('hostile text', () => {
  it('GIVEN tags, control characters and a huge title THEN a clean bounded line', () => {
    expect(sanitizeHeadline('<b>Tariffs</b>\u0000 rise\u202e\n\tagain <script>x</script>')).toBe(
      'Tariffs rise again x',
    );
    expect(sanitizeHeadline('x'.repeat(5_000))).toHaveLength(256);
  });

  it.each([
    ['https://www.mofcom.gov.cn/article/a.html', 'https://www.mofcom.gov.cn/article/a.html'],
    ['http://example.org/x', 'http://example.org/x'],
    ['javascript:alert(1)', null],
    ['data:text/html,hi', null],
    ['not a url', null],
    [`https://example.org/${'a'.repeat(600)}`, null],
  ])('GIVEN link %s THEN %s', (link, expected) => {
    expect(safeLink(link)).toBe(expected);
  });
});
