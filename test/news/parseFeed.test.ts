import { describe, expect, it } from 'vitest';
import { parseFeedXml } from '../../src/news/parseFeed.js';
import { fixtureText } from '../support/fixtures.js';

const PUB_DATE = 'Mon, 02 Jun 2025 02:00:00 GMT';

/** An RSS 2.0 document with one item titled `title` (raw XML), after an optional DOCTYPE. */
function rssWithTitle(title: string, doctype = ''): string {
  return `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>Wire</title><item><title>${title}</title><pubDate>${PUB_DATE}</pubDate></item></channel></rss>`;
}

/** Billion laughs: each of `levels` entities references the previous one ten times. */
function billionLaughs(levels: number): string {
  const entities = Array.from(
    { length: levels },
    (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k === 0 ? '' : k};`.repeat(10)}">`,
  );
  return rssWithTitle(`&lol${levels};`, `<!DOCTYPE lolz [<!ENTITY lol "lol">${entities.join('')}]>`);
}

const parse = (xml: string) => parseFeedXml('wire', xml);

describe('parseFeedXml on hostile or broken feeds', () => {
  it.each([
    [
      'the bundled entity bomb',
      fixtureText('news/bomb.rss.xml'),
      /^XML refused by the parser \(Entity "lol" size \(3\)/,
    ],
    ['billion laughs, 10 levels', billionLaughs(10), /^XML refused by the parser \(Entity "lol" size/],
    [
      'one huge entity',
      rssWithTitle('&big;&big;', `<!DOCTYPE r [<!ENTITY big "${'x'.repeat(50_000)}">]>`),
      /^XML refused by the parser \(Entity "big" size \(50000\) exceeds/,
    ],
    [
      'two one-character entities',
      rssWithTitle('&a;&b;', '<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "y">]>'),
      /^XML refused by the parser \(Entity count \(2\) exceeds maximum allowed \(1\)\)$/,
    ],
    [
      'an external entity',
      rssWithTitle('&ext;', '<!DOCTYPE r [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'),
      /^XML refused by the parser \(External entities are not supported\)$/,
    ],
    [
      'a parameter entity',
      rssWithTitle('t', '<!DOCTYPE r [<!ENTITY % p "x">]>'),
      /^XML refused by the parser \(Invalid entity name %\)$/,
    ],
    [
      'tags nested 5,000 deep',
      rssWithTitle(`t</title>${'<a>'.repeat(5_000)}${'</a>'.repeat(5_000)}<title>u`),
      /^XML refused by the parser \(Maximum nested tags exceeded\)$/,
    ],
    [
      'an item closed by </channel>',
      fixtureText('news/broken.rss.xml'),
      /^not well-formed XML \(line 2, column 83: Expected closing tag 'item' \(opened in line 2, col 50\) instead of closing tag 'channel'\.\)$/,
    ],
    ['a truncated body', '<rss', /^not well-formed XML \(line 1, column 1: Unclosed tag 'rss'\.\)$/],
  ])('GIVEN %s THEN one line says why the feed is refused', (_label, xml, message) => {
    expect(() => parse(xml)).toThrow(message);
  });

  it('GIVEN malformed XML THEN the cause carries the validator code and position', () => {
    const error = (() => {
      try {
        parse(fixtureText('news/broken.rss.xml'));
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(error.cause).toMatchObject({ code: 'InvalidTag', line: 2, col: 83 });
  });

  it('GIVEN the one one-character entity the library must allow THEN 10,000 references never grow the text', () => {
    const references = '&a;'.repeat(10_000);
    const { items } = parse(rssWithTitle(references, '<!DOCTYPE r [<!ENTITY a "x">]>'));
    expect(items[0]?.title).toBe('x'.repeat(10_000));
    expect(items[0]?.title.length).toBeLessThan(references.length);
  });

  it('GIVEN a DOCTYPE naming an external DTD but declaring no entity THEN the feed parses', () => {
    const doctype =
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">';
    expect(parse(rssWithTitle('Tariffs rise', doctype)).items.map((i) => i.title)).toEqual(['Tariffs rise']);
  });

  it("GIVEN XML's, HTML's named and numeric entities THEN they are decoded; an undeclared one stays as written", () => {
    const { items } = parse(rssWithTitle('US &amp; China&#8217;s truce &rsquo;&#x2014; &nope;'));
    expect(items[0]?.title).toBe('US & China’s truce ’— &nope;');
  });

  it('GIVEN 10,000 standard entity references in one feed THEN no expansion limit counts them', () => {
    const titles = Array.from(
      { length: 1_000 },
      (_, i) =>
        `<item><title>US &amp; China &#8217;${i}&#8217; ${'&amp;'.repeat(8)}</title><pubDate>${PUB_DATE}</pubDate></item>`,
    );
    const xml = `<rss version="2.0"><channel><title>Wire</title>${titles.join('')}</channel></rss>`;
    const { items } = parse(xml);
    expect(items).toHaveLength(1_000);
    expect(items[999]?.title).toBe(`US & China ’999’ ${'&'.repeat(8)}`);
  });
});

describe('parseFeedXml: what an item says besides its title', () => {
  const fr = () =>
    parseFeedXml('federal-register-bis', fixtureText('news/federalregister-bis-issue.rss.xml'), {
      timeZone: 'America/New_York',
    });

  it('GIVEN a Federal Register item THEN its abstract is the body, as plain text', () => {
    const [first] = fr().items;
    expect(first?.body).toMatch(/^In this rule, the Bureau of Industry and Security \(BIS\) amends/);
    expect(first?.body).toMatch(/under the destination of China\.$/);
    expect(fr().items[2]?.body).toContain("People's Republic of China (PRC)");
  });

  it('GIVEN midnight Eastern stamps THEN every item is day-only; auto, day and time precision as configured', () => {
    expect(fr().items.every((i) => i.dayOnly === true)).toBe(true);
    const at = (date: string) =>
      `<rss version="2.0"><channel><item><title>T</title><pubDate>${date}</pubDate></item></channel></rss>`;
    const read = (xml: string, datePrecision: 'auto' | 'day' | 'time') =>
      parseFeedXml('w', xml, { timeZone: 'America/New_York', datePrecision }).items[0]?.dayOnly;
    expect(read(at('Tue, 03 Jun 2025 04:00:00 GMT'), 'time')).toBeUndefined();
    expect(read(at('Tue, 03 Jun 2025 10:31:00 GMT'), 'auto')).toBeUndefined();
    expect(read(at('Tue, 03 Jun 2025 10:31:00 GMT'), 'day')).toBe(true);
  });

  it('GIVEN HTML in CDATA, entities and categories THEN tags go, entities are decoded, categories kept', () => {
    const xml = `<rss version="2.0"><channel><item><title>T</title><pubDate>${PUB_DATE}</pubDate>
      <description><![CDATA[<p>Tariffs on <b>Chinese</b> goods&#8230; &amp; more</p>]]></description>
      <category><![CDATA[Executive Orders]]></category><category domain="x">Trade</category></item></channel></rss>`;
    const [item] = parse(xml).items;
    expect(item?.body).toBe('Tariffs on Chinese goods\u2026 & more');
    expect(item?.categories).toEqual(['Executive Orders', 'Trade']);
  });

  it('GIVEN an Atom entry with a summary and category terms THEN both are read', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><updated>2025-06-02T10:00:00+09:00</updated>
      <summary type="html">&lt;p&gt;Export controls on chips&lt;/p&gt;</summary><category term="trade" label="Trade policy"/></entry></feed>`;
    const [item] = parse(xml).items;
    expect([item?.body, item?.categories]).toEqual(['Export controls on chips', ['Trade policy']]);
  });

  it('GIVEN a body pages long THEN it is cut at a word near 1,000 characters', () => {
    const long = 'tariff '.repeat(400);
    const xml = `<rss version="2.0"><channel><item><title>T</title><pubDate>${PUB_DATE}</pubDate><description>${long}</description></item></channel></rss>`;
    const body = parse(xml).items[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(1_000);
    expect(body.length).toBeGreaterThan(900);
    expect(body.endsWith('tariff')).toBe(true);
  });
});
