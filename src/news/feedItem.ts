/** One headline as a source gave it, before scoring. Times are epoch ms. */
export interface NewsItem {
  readonly source: string;
  readonly title: string;
  readonly link: string | null;
  /** When it appeared: the source's stamp, or for a day-only stamp the moment it was first seen. */
  readonly publishedAt: number;
  /**
   * The item's abstract, description or summary as plain text, bounded: official notices name who
   * they concern there ("…under the destination of China"), not in the title.
   */
  readonly body?: string;
  /** Categories, document type or agencies as the source labels the item. */
  readonly categories?: readonly string[];
  /** The stamp is a day, not a minute (a midnight stamp, or a date without a time). */
  readonly dayOnly?: boolean;
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
  /** The server answered 304: nothing changed since the last fetch, so there are no items to read. */
  readonly notModified?: boolean;
}

export function emptySkips(): SkipCounts {
  return { noTitle: 0, noLink: 0, badDate: 0, unparseable: 0 };
}
