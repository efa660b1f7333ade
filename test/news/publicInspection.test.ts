import { afterEach, describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import { createNewsSources, PUBLIC_INSPECTION_ID } from '../../src/news/newsSources.js';
import { parsePublicInspection } from '../../src/news/publicInspection.js';
import { fixtureText } from '../support/fixtures.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';

const DESK = fixtureText('news/federalregister-public-inspection.json');
const TRADE = { agencies: NEWS_DEFAULTS.publicInspection.agencies, presidentialDocuments: true };

describe('parsePublicInspection (current.json, see test/fixtures/news/README.md)', () => {
  it('GIVEN the desk THEN the trade agencies’ and presidential filings, at their filing times', () => {
    const desk = parsePublicInspection('pi', DESK, TRADE);
    expect(desk.items.map((i) => [i.title.slice(0, 40), new Date(i.publishedAt).toISOString()])).toEqual([
      ['Further Modifying Reciprocal Tariff Rate', '2025-06-02T20:15:00.000Z'],
      ['Additions to the Entity List', '2025-06-02T12:45:00.000Z'],
      ['Notice of Product Exclusion Extensions: ', '2025-06-02T12:45:00.000Z'],
    ]);
    expect(desk.items.every((i) => i.dayOnly === undefined)).toBe(true);
    expect(desk.items[0]?.link).toBe(
      'https://www.federalregister.gov/public-inspection/2025-10101/further-modifying-reciprocal-tariff-rates-to-reflect-ongoing-discussions-with-the-peoples-republic-of-china',
    );
  });

  it('GIVEN a withdrawn filing (no filing time) THEN it is skipped and counted, the rest kept', () => {
    const desk = parsePublicInspection('pi', DESK, TRADE);
    expect(desk.skippedBy).toMatchObject({ badDate: 1 });
    expect(desk.skipped).toBe(1);
  });

  it('GIVEN subjects and agencies THEN they are the body and categories; the title is not repeated', () => {
    const [order, entityList, exclusions] = parsePublicInspection('pi', DESK, TRADE).items;
    expect(order?.categories).toEqual([
      'Presidential Document',
      'Special filing',
      'Executive Office of the President',
    ]);
    expect(entityList?.body).toBe('Export Administration Regulations');
    expect(entityList?.categories).toEqual([
      'Rule',
      'Regular filing',
      'Commerce Department',
      'Industry and Security Bureau',
    ]);
    expect(exclusions?.body).toBe('Section 301 Investigations');
  });

  it('GIVEN no agency filter THEN every filing with a time; without presidential documents THEN none of them', () => {
    expect(parsePublicInspection('pi', DESK).items).toHaveLength(4);
    const noOrders = parsePublicInspection('pi', DESK, { ...TRADE, presidentialDocuments: false });
    expect(noOrders.items.map((i) => i.categories?.[0])).toEqual(['Rule', 'Notice']);
  });

  it('GIVEN an HTML page or JSON without results THEN a one-line error', () => {
    expect(() => parsePublicInspection('pi', '<html>busy</html>')).toThrow(
      /^public inspection answered with something other than JSON: "<html>busy<\/html>"$/,
    );
    expect(() => parsePublicInspection('pi', '{"results": 3}')).toThrow(/no "results" list/);
  });
});

describe('the public-inspection source over HTTP', () => {
  let server: QuoteServer;
  afterEach(async () => {
    await server.close();
  });

  it('GIVEN the desk served locally THEN the configured source fetches and reads it through the real client', async () => {
    server = await startQuoteServer();
    server.route('/api/v1/public-inspection-documents/current.json', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: DESK,
    });
    const news = {
      ...NEWS_DEFAULTS,
      feeds: [],
      gdelt: { ...NEWS_DEFAULTS.gdelt, enabled: false },
      publicInspection: {
        ...NEWS_DEFAULTS.publicInspection,
        url: `${server.baseUrl}/api/v1/public-inspection-documents/current.json`,
      },
    };
    const [desk] = createNewsSources(news, 'Mozilla/5.0 test', 1_000);
    expect(desk?.id).toBe(PUBLIC_INSPECTION_ID);
    const parsed = await desk?.fetch();
    expect(parsed?.items.map((i) => i.source)).toEqual([
      PUBLIC_INSPECTION_ID,
      PUBLIC_INSPECTION_ID,
      PUBLIC_INSPECTION_ID,
    ]);
    expect(server.requests).toHaveLength(1);
  });
});
