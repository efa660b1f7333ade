import type { HeadlineReading } from './headline.js';
import { ASIAN_PARTIES } from './parties.js';
import { readHeadline } from './readHeadline.js';
import type { NewsRelevanceSettings } from './settings.js';

/** The relevance verdict in the shape event ingestion stores, with the full reading behind it. */
export interface HeadlineScore {
  readonly score: number;
  /** Concepts found, in headline order: what a reader sees as "why the bot cared". */
  readonly matched: readonly string[];
  /** An Asian party and another party are both named. */
  readonly bothSides: boolean;
  readonly relevant: boolean;
  readonly reading: HeadlineReading;
}

/** Kept for the call sites that store a score and matched terms; `readHeadline` is the full reading. */
export function scoreHeadline(text: string, settings: NewsRelevanceSettings): HeadlineScore {
  const reading = readHeadline(text, settings);
  const parties = new Set(reading.parties.map((p) => p.party));
  const bothSides = [...parties].some((p) => ASIAN_PARTIES.has(p)) && parties.size >= 2;
  return { score: reading.score, matched: reading.concepts, bothSides, relevant: reading.relevant, reading };
}
