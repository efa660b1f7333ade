import type { HeadlineReading, PartyMention } from './headline.js';
import { readHeadline } from './readHeadline.js';
import type { NewsRelevanceSettings } from './settings.js';

/** A feed item as the reader needs it: the title, and what the source says besides. */
export interface ItemText {
  readonly title: string;
  /** The abstract, description or summary, as plain text. */
  readonly body?: string;
  readonly categories?: readonly string[];
}

/** The reader bounds its input (sanitizeHeadline: 256 characters); title and one piece of context fit. */
const READ_MAX_CHARS = 250;
/** A piece shorter than this would be cut to nothing worth reading next to a long title. */
const MIN_PIECE_CHARS = 80;
/** Abstracts of a few sentences; past this many pieces the body adds noise, not parties. */
const MAX_PIECES = 8;

/** Sentences end at . ! ? after a lower-case letter, a digit or a bracket ("U.S. Government" stays whole). */
const SENTENCE_END = /(?<=[\p{Ll}\d)][.!?])\s+/u;

/** Words of `text` in pieces of at most `room` characters. */
function wrap(text: string, room: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > room) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word.slice(0, room);
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The body's sentences (long ones wrapped) and the categories, each short enough to read with the title. */
export function contextPieces(item: ItemText): string[] {
  const room = Math.max(MIN_PIECE_CHARS, READ_MAX_CHARS - item.title.length - 2);
  const sentences = (item.body ?? '').split(SENTENCE_END).filter((s) => s.trim());
  const categories = (item.categories ?? []).join(', ');
  return [...sentences, ...(categories ? [categories] : [])]
    .flatMap((s) => wrap(s.trim(), room))
    .slice(0, MAX_PIECES);
}

/**
 * Who is involved and who acts on whom: the title's roles when the title shows any (the context's
 * other parties join as others), else the roles the title and context show together.
 */
function rolesOf(title: HeadlineReading, withContext: HeadlineReading) {
  if (title.actor === null && title.target === null) {
    const { parties, actor, target, action } = withContext;
    return { parties, actor, target, action: title.action ?? action };
  }
  const named = new Set(title.parties.map((p) => p.party));
  const extra = withContext.parties
    .filter((p) => !named.has(p.party))
    .map((p): PartyMention => ({ ...p, role: 'other' }));
  return {
    parties: [...title.parties, ...extra],
    actor: title.actor,
    target: title.target,
    action: title.action,
  };
}

/**
 * Reads a feed item: its title as the headline and, when the title alone is not relevant, each piece
 * of its abstract (and its categories) with the title as context. Official notices name who they
 * concern in the abstract ("Additions to the Entity List" … "under the destination of China"), so the
 * item reads as its best-read piece: that piece's score, verdict and parties, beside the title's own
 * words, figures and roles. A title relevant on its own reads as itself, as the same story's titles
 * from outlets without abstracts do, so story identity compares like with like; an item whose pieces
 * read no better than its title reads as its title.
 */
export function readNewsItem(item: ItemText, settings: NewsRelevanceSettings): HeadlineReading {
  const title = readHeadline(item.title, settings);
  if (title.relevant) return title;
  const readings = contextPieces(item).map((piece) => ({
    piece,
    reading: readHeadline(`${title.title}. ${piece}`, settings),
  }));
  const better = (r: HeadlineReading, than: HeadlineReading) =>
    r.relevant !== than.relevant ? r.relevant : r.score > than.score;
  const best = readings.reduce<(typeof readings)[number] | null>(
    (top, r) => (better(r.reading, top?.reading ?? title) ? r : top),
    null,
  );
  if (best === null) return title;
  const { reading, piece } = best;
  return {
    ...title,
    ...rolesOf(title, reading),
    concepts: [...new Set([...title.concepts, ...reading.concepts])],
    score: reading.score,
    relevant: reading.relevant,
    reasons: [`read with: "${piece}"`, ...reading.reasons],
  };
}
