/** One headline as a source gave it, before scoring. Times are epoch ms. */
export interface NewsItem {
  readonly source: string;
  readonly title: string;
  readonly link: string | null;
  readonly publishedAt: number;
}

/** Why items of one fetch were dropped; the rest of the fetch is kept. */
export interface SkipCounts {
  noTitle: number;
  /** GDELT only: an article is its URL, so one without is useless. */
  noLink: number;
  /** A date missing, or in a form or zone that cannot be read with certainty. */
  badDate: number;
  /** An entry so malformed it could not be read at all (GDELT's broken JSON). */
  unparseable: number;
}

export interface ParsedFeed {
  readonly items: NewsItem[];
  /** Items dropped, all reasons together. */
  readonly skipped: number;
  readonly skippedBy?: Readonly<SkipCounts>;
}

export function emptySkips(): SkipCounts {
  return { noTitle: 0, noLink: 0, badDate: 0, unparseable: 0 };
}
