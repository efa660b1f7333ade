/**
 * The keyless sources a fresh clone polls. Each was checked against public documentation and client
 * code for its existence and format; docs/news-sources.md says how, and what each one brings.
 * Sources without evidence of a real feed (USTR's press page, MOFCOM English, MOFA Japan) are left
 * out rather than guessed: USTR's actions reach us through the Federal Register instead.
 */

const FEDERAL_REGISTER_RSS = 'https://www.federalregister.gov/api/v1/documents.rss';

/** conditions[agencies][]=<slug>&order=newest, URL-encoded as the Federal Register's own links are. */
const byAgency = (slug: string): string =>
  `${FEDERAL_REGISTER_RSS}?conditions%5Bagencies%5D%5B%5D=${slug}&order=newest`;

export interface OfficialFeed {
  readonly id: string;
  readonly url: string;
  readonly timeZone: string;
}

export const OFFICIAL_FEEDS: readonly OfficialFeed[] = [
  // Export controls: Entity List additions, chip and equipment rules (EAR).
  {
    id: 'federal-register-bis',
    url: byAgency('industry-and-security-bureau'),
    timeZone: 'America/New_York',
  },
  // Section 301 actions, tariff exclusions, hearings.
  {
    id: 'federal-register-ustr',
    url: byAgency('trade-representative-office-of-united-states'),
    timeZone: 'America/New_York',
  },
  // Executive orders and proclamations (tariffs under IEEPA, Section 232) once published.
  {
    id: 'federal-register-presidential',
    url:
      `${FEDERAL_REGISTER_RSS}?conditions%5Btype%5D%5B%5D=PRESDOCU` +
      '&conditions%5Bpresidential_document_type%5D%5B%5D=executive_order' +
      '&conditions%5Bpresidential_document_type%5D%5B%5D=proclamation&order=newest',
    timeZone: 'America/New_York',
  },
  // The same actions the day they are signed, hours or days before the Federal Register prints them.
  {
    id: 'whitehouse-presidential-actions',
    url: 'https://www.whitehouse.gov/presidential-actions/feed/',
    timeZone: 'America/New_York',
  },
  // Japan's trade ministry in English: export controls, economic security, US–Japan trade.
  { id: 'meti-english', url: 'https://www.meti.go.jp/ml_index_en_atom.xml', timeZone: 'Asia/Tokyo' },
];

/**
 * English-language coverage of trade actions involving China, Hong Kong or Japan. Each OR group is
 * in parentheses and hyphenated words are quoted, as GDELT requires (see src/news/gdeltQuery.ts).
 */
export const DEFAULT_GDELT_QUERY =
  '(tariff OR tariffs OR "trade war" OR "trade truce" OR "trade talks" OR "trade deal" OR ' +
  '"export controls" OR "entity list" OR "rare earth" OR "anti-dumping") ' +
  '(China OR Chinese OR Beijing OR "Hong Kong" OR Japan OR Japanese OR Tokyo OR yuan) ' +
  'sourcelang:english';

/**
 * One hour: GDELT publishes every 15 minutes, and a source backing off (30 minutes at most by
 * default) must not miss what appeared meanwhile; articles seen before are merged, not re-posted.
 */
export const DEFAULT_GDELT_TIMESPAN = '1h';
