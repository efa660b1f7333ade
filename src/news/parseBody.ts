import type { ParsedFeed } from './feedItem.js';
import { parseGdelt } from './gdelt.js';
import { parseFeedXml } from './parseFeed.js';
import type { FeedKind, SourceOptions } from './parseJob.js';
import { parsePublicInspection } from './publicInspection.js';

/** One body of any source kind, parsed: the one dispatch the main thread and the parse worker share. */
export function parseBody(kind: FeedKind, source: string, text: string, options: SourceOptions): ParsedFeed {
  switch (kind) {
    case 'gdelt':
      return parseGdelt(source, text);
    case 'public-inspection':
      return parsePublicInspection(source, text, options);
    case 'feed':
      return parseFeedXml(source, text, options);
  }
}
