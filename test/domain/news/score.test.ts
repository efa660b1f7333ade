import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../../src/config/newsSchema.js';
import { safeLink, sanitizeHeadline } from '../../../src/domain/news/sanitize.js';
import { scoreHeadline } from '../../../src/domain/news/score.js';

describe('scoreHeadline (the verdict ingestion stores)', () => {
  it('GIVEN the seed headline THEN relevant, with its concepts, both sides and the reading behind it', () => {
    const s = scoreHeadline(
      'China accuses US of "serious" trade truce breach, threatens firm response',
      NEWS_DEFAULTS,
    );
    expect(s.relevant).toBe(true);
    expect(s.bothSides).toBe(true);
    expect(s.matched).toEqual(expect.arrayContaining(['truce']));
    expect(s.score).toBe(s.reading.score);
    expect([s.reading.actor, s.reading.target]).toEqual(['CN', 'US']);
  });

  it('GIVEN words that merely contain a term THEN nothing matches', () => {
    expect(scoreHeadline('Tariffville council bans Bankside Importantly', NEWS_DEFAULTS).matched).toEqual([
      'restriction',
    ]);
    expect(scoreHeadline('Retail sales rise in Hong Kong', NEWS_DEFAULTS).score).toBe(0);
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
