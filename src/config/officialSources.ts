/**
 * The keyless sources a fresh clone polls. Each was checked against public documentation and client
 * code for its existence and format; docs/news-sources.md says how, what each one brings and what it
 * costs the publisher per hour. Sources whose feed could not be confirmed (MOFCOM English, METI's
 * news-release RSS) are listed disabled, marked unverified, rather than guessed into the default set.
 */

const FEDERAL_REGISTER_RSS = 'https://www.federalregister.gov/api/v1/documents.rss';

/** conditions[agencies][]=<slug>&order=newest, URL-encoded as the Federal Register's own links are. */
const byAgency = (slug: string): string =>
  `${FEDERAL_REGISTER_RSS}?conditions%5Bagencies%5D%5B%5D=${slug}&order=newest`;

/**
 * Seconds between polls of a feed that tolerates it: with the poller ticking every 5 s and up to 10 %
 * jitter taken off, a headline that appears just after a poll is fetched within 25 s (the 30 s promise
 * in docs/news-sources.md). The Federal Register allows 5 API requests a second; WordPress and static
 * files answer a conditional GET with an empty 304.
 */
export const FEED_INTERVAL_SECONDS = 20;

/** GDELT updates every 15 minutes and asks for one request per 5 s at most: a minute adds at most a minute. */
export const GDELT_INTERVAL_SECONDS = 60;

export const PUBLIC_INSPECTION_URL =
  'https://www.federalregister.gov/api/v1/public-inspection-documents/current.json';

/** The desk lists every agency's filings (about 100 a day); these are the trade ones, as in the RSS feeds. */
export const PUBLIC_INSPECTION_AGENCIES: readonly string[] = [
  'industry-and-security-bureau',
  'trade-representative-office-of-united-states',
];

export interface OfficialFeed {
  readonly id: string;
  readonly url: string;
  readonly timeZone: string;
  readonly intervalSeconds: number;
  /** False for a feed whose existence or format could not be confirmed (docs/news-sources.md: unverified). */
  readonly enabled: boolean;
}

export const OFFICIAL_FEEDS: readonly OfficialFeed[] = [
  // Export controls: Entity List additions, chip and equipment rules (EAR).
  {
    id: 'federal-register-bis',
    url: byAgency('industry-and-security-bureau'),
    timeZone: 'America/New_York',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: true,
  },
  // Section 301 actions, tariff exclusions, hearings.
  {
    id: 'federal-register-ustr',
    url: byAgency('trade-representative-office-of-united-states'),
    timeZone: 'America/New_York',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: true,
  },
  // Executive orders and proclamations (tariffs under IEEPA, Section 232) once published.
  {
    id: 'federal-register-presidential',
    url:
      `${FEDERAL_REGISTER_RSS}?conditions%5Btype%5D%5B%5D=PRESDOCU` +
      '&conditions%5Bpresidential_document_type%5D%5B%5D=executive_order' +
      '&conditions%5Bpresidential_document_type%5D%5B%5D=proclamation&order=newest',
    timeZone: 'America/New_York',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: true,
  },
  // The same actions the day they are signed, hours or days before the Federal Register prints them.
  {
    id: 'whitehouse-presidential-actions',
    url: 'https://www.whitehouse.gov/presidential-actions/feed/',
    timeZone: 'America/New_York',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: true,
  },
  // Japan's trade ministry in English: export controls, economic security, US–Japan trade.
  {
    id: 'meti-english',
    url: 'https://www.meti.go.jp/ml_index_en_atom.xml',
    timeZone: 'Asia/Tokyo',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: true,
  },
  // Unverified: METI's English news-release RSS as public configs name it; no body was seen.
  {
    id: 'meti-news-releases',
    url: 'https://www.meti.go.jp/english/rss/index.xml',
    timeZone: 'Asia/Tokyo',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: false,
  },
  // Unverified: China's commerce ministry in English; public configs disagree on the URL.
  {
    id: 'mofcom-english',
    url: 'http://english.mofcom.gov.cn/rss/LatestNews.xml',
    timeZone: 'Asia/Shanghai',
    intervalSeconds: FEED_INTERVAL_SECONDS,
    enabled: false,
  },
];

/**
 * English-language coverage of trade actions involving China, Hong Kong or Japan. Each OR group is
 * in parentheses and hyphenated words are quoted, as GDELT requires (see src/config/gdeltQuery.ts).
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
