import { describe, expect, it } from 'vitest';
import { parseGdelt, repairGdeltJson } from '../../src/news/gdelt.js';
import { fixtureText } from '../support/fixtures.js';

describe('parseGdelt', () => {
  it('GIVEN invalid escapes, a raw tab and articles missing title, URL or date THEN only those are skipped and counted', () => {
    const body = fixtureText('news/gdelt-faults.json');
    expect(() => JSON.parse(body) as unknown).toThrow();
    const parsed = parseGdelt('gdelt', body);
    expect(parsed.items.map((i) => [i.title, i.publishedAt])).toEqual([
      ['China accuses US of breaching Geneva trade truce', Date.parse('2025-06-02T01:30:00Z')],
      ["Yuan slips as Beijing's rare earth curbs bite", Date.parse('2025-06-02T01:45:00Z')],
      ['Nikkei falls on US tariff worries', Date.parse('2025-06-02T02:00:00Z')],
    ]);
    expect(parsed.items[0]?.link).toBe(
      'https://www.scmp.com/economy/china-economy/article/1/china-us-trade-truce',
    );
    expect(parsed.skippedBy).toEqual({ noTitle: 2, noLink: 1, badDate: 1, unparseable: 0 });
    expect(parsed.skipped).toBe(4);
  });

  it('GIVEN an unescaped quote inside one title THEN that article alone is lost and counted', () => {
    const parsed = parseGdelt('gdelt', fixtureText('news/gdelt-unescaped-quote.json'));
    expect(parsed.items.map((i) => i.title)).toEqual([
      'US and China agree to extend tariff pause',
      "Hang Seng drops as 'truce' frays",
    ]);
    expect(parsed.skippedBy).toMatchObject({ unparseable: 1 });
    expect(parsed.skipped).toBe(1);
  });

  it("GIVEN GDELT's tokenised titles THEN spaces before punctuation are removed", () => {
    const parsed = parseGdelt('gdelt', fixtureText('news/gdelt-artlist.json'));
    expect(parsed.items[0]?.title).toBe(
      'China Accuses US Of Serious Trade Truce Breach, Threatens Firm Response',
    );
  });

  it('GIVEN an empty result THEN no items and nothing skipped', () => {
    expect(parseGdelt('gdelt', '{}')).toMatchObject({ items: [], skipped: 0 });
  });

  it.each([
    [
      'a rejected query',
      "Queries containing OR'd terms must be surrounded by ().",
      /answered with text, not JSON/,
    ],
    ['a rate-limit notice', 'Please limit requests to one every 5 seconds.', /Please limit requests/],
    ['a body cut off before any article', '{"articles": [ {"url": "https://x', /not one article parsed/],
    ['JSON of another shape', '{"articles": "none"}', /unexpected GDELT JSON/],
  ])('GIVEN %s THEN a clear error', (_label, body, message) => {
    expect(() => parseGdelt('gdelt', body)).toThrow(message);
  });
});

describe('repairGdeltJson', () => {
  it('GIVEN valid escapes THEN they are kept as they are', () => {
    const valid = '{"t":"a \\"q\\" \\\\ \\/ \\n \\u00e9"}';
    expect(repairGdeltJson(valid)).toBe(valid);
  });

  it('GIVEN escapes JSON lacks and control characters THEN they become parseable text', () => {
    const repaired = repairGdeltJson('{"t":"it\\\'s\\x \\u12 a\u0001b"}');
    expect(JSON.parse(repaired)).toEqual({ t: "it'sx u12 a b" });
  });
});
