import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../../src/config/newsSchema.js';
import { contextPieces, readNewsItem } from '../../../src/domain/news/readItem.js';
import { readHeadline } from '../../../src/domain/news/readHeadline.js';

const ENTITY_LIST = 'Additions to the Entity List';
const abstract = (destinations: string) =>
  'In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) ' +
  'by adding 12 entities to the Entity List. These entities have been determined by the U.S. Government to be ' +
  'acting contrary to the national security or foreign policy interests of the United States. These entities ' +
  `will be listed on the Entity List under the ${destinations}.`;

describe('readNewsItem: a title read with its abstract and categories', () => {
  it('GIVEN an Entity List title whose abstract names China THEN relevant, with China among the parties', () => {
    expect(readHeadline(ENTITY_LIST, NEWS_DEFAULTS).relevant).toBe(false);
    const reading = readNewsItem(
      { title: ENTITY_LIST, body: abstract('destination of China') },
      NEWS_DEFAULTS,
    );
    expect(reading.relevant).toBe(true);
    expect(reading.parties.map((p) => p.party)).toContain('CN');
    expect(reading.concepts).toContain('blacklist');
    expect(reading.title).toBe(ENTITY_LIST);
    expect(reading.reasons[0]).toMatch(/^read with: ".*destination of China\."$/);
  });

  it('GIVEN the same title whose abstract names only other countries THEN not relevant', () => {
    const body = abstract('destinations of Iran, Russia, and the United Arab Emirates');
    expect(readNewsItem({ title: ENTITY_LIST, body }, NEWS_DEFAULTS).relevant).toBe(false);
  });

  it('GIVEN a title relevant on its own THEN exactly its reading: the abstract adds no party to its story', () => {
    const title = 'US raises tariffs on Chinese goods to 84%';
    const reading = readNewsItem(
      { title, body: 'Japan and South Korea were not named in the order.', categories: ['Executive Orders'] },
      NEWS_DEFAULTS,
    );
    expect(reading).toEqual(readHeadline(title, NEWS_DEFAULTS));
    expect(reading.parties.map((p) => p.party)).not.toContain('JP');
  });

  it('GIVEN a veto in the title THEN no abstract makes it relevant', () => {
    const title = 'TEPCO raises power tariffs';
    const body = 'The utility blames costs of fuel imported from China under US tariffs and export controls.';
    expect(readHeadline(body, NEWS_DEFAULTS).relevant).toBe(true);
    expect(readNewsItem({ title, body }, NEWS_DEFAULTS).relevant).toBe(false);
  });

  it('GIVEN no body or categories THEN exactly the headline reading', () => {
    const title = 'China imposes export controls on rare earths';
    expect(readNewsItem({ title }, NEWS_DEFAULTS)).toEqual(readHeadline(title, NEWS_DEFAULTS));
  });
});

describe('contextPieces', () => {
  it('GIVEN abbreviations with periods THEN sentences split only after a lower-case word, a digit or a bracket', () => {
    const pieces = contextPieces({
      title: 'T',
      body: 'Determined by the U.S. Government to act. Listed under China (PRC). Effective June 3.',
      categories: ['Rule', 'Regular filing'],
    });
    expect(pieces).toEqual([
      'Determined by the U.S. Government to act.',
      'Listed under China (PRC).',
      'Effective June 3.',
      'Rule, Regular filing',
    ]);
  });

  it('GIVEN a sentence longer than the room beside the title THEN it is wrapped at words, at most eight pieces', () => {
    const title = 'x'.repeat(150);
    const pieces = contextPieces({ title, body: `${'word '.repeat(300)}end.` });
    expect(pieces).toHaveLength(8);
    expect(pieces.every((p) => p.length <= 98 && !p.startsWith(' '))).toBe(true);
  });
});
