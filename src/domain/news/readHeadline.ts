import { extractFigures } from './figures.js';
import { assignRoles, findAction, type PlacedConcept, type PlacedParty } from './grammar.js';
import type { HeadlineReading } from './headline.js';
import { ACTS_ON_BONUS, COMBINATIONS } from './lexicon.js';
import { lexiconIndex, type LexiconIndex } from './lexiconIndex.js';
import { findPhrase, normaliseText, tokenKeys, type TokenKeys } from './match.js';
import { tokenize, type Token } from './nlp.js';
import { ASIAN_PARTIES, COUNTERPARTY } from './parties.js';
import { sanitizeHeadline } from './sanitize.js';
import type { NewsRelevanceSettings } from './settings.js';

/**
 * Title Case Headlines Read As Proper Nouns to the tagger; lower every capitalised word that is not
 * part of a name, so verbs are tagged as verbs.
 */
function sentenceCase(text: string, nameWords: ReadonlySet<string>): string {
  const words = text.split(' ');
  const long = words.filter((w) => /^\p{L}{4,}/u.test(w));
  const capitalised = long.filter((w) => /^\p{Lu}\p{Ll}/u.test(w));
  if (long.length < 4 || capitalised.length / long.length < 0.7) return text;
  return words
    .map((w, i) => {
      const bare = w.replace(/[^\p{L}]/gu, '').toLowerCase();
      return i === 0 || !/^\p{Lu}\p{Ll}/u.test(w) || nameWords.has(bare) ? w : w.toLowerCase();
    })
    .join(' ');
}

interface Context {
  readonly keys: TokenKeys;
  readonly taken: boolean[];
  readonly vetoes: string[];
  readonly reasons: string[];
}

function textOf(tokens: readonly Token[], start: number, length: number): string {
  return tokens
    .slice(start, start + length)
    .map((t) => t.text)
    .join(' ');
}

/** Words in a negative context are hidden from the matchers; a veto context sinks the headline. */
function applyNegatives(tokens: readonly Token[], index: LexiconIndex, ctx: Context): void {
  for (const negative of index.negatives) {
    for (const phrase of negative.phrases) {
      for (const start of findPhrase(tokens, phrase, ctx.taken, ctx.keys)) {
        for (let k = 0; k < phrase.length; k++) ctx.taken[start + k] = true;
        const what = `${negative.id} ("${textOf(tokens, start, phrase.length)}")`;
        if (negative.effect === 'veto') ctx.vetoes.push(what);
        ctx.reasons.push(`${negative.effect === 'veto' ? 'vetoed' : 'ignored'}: ${what}`);
      }
    }
  }
}

function findParties(tokens: readonly Token[], index: LexiconIndex, ctx: Context): PlacedParty[] {
  const taken = [...ctx.taken];
  const found: PlacedParty[] = [];
  for (const { party, phrase } of index.aliases) {
    for (const start of findPhrase(tokens, phrase, taken, ctx.keys)) {
      for (let k = 0; k < phrase.length; k++) taken[start + k] = true;
      found.push({ party, text: textOf(tokens, start, phrase.length), start, end: start + phrase.length });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Strongest concepts first; each takes its words, so "trade talks" is not also "trade" and "talks". */
function findConcepts(
  tokens: readonly Token[],
  index: LexiconIndex,
  ctx: Context,
): { placed: PlacedConcept[]; score: number } {
  const claimed = [...ctx.taken];
  const placed: PlacedConcept[] = [];
  let score = 0;
  for (const concept of index.concepts) {
    const found: { start: number; length: number }[] = [];
    for (const phrase of concept.phrases) {
      for (const start of findPhrase(tokens, phrase, claimed, ctx.keys)) {
        for (let k = 0; k < phrase.length; k++) claimed[start + k] = true;
        found.push({ start, length: phrase.length });
      }
    }
    const first = found.sort((a, b) => a.start - b.start)[0];
    if (!first) continue;
    placed.push({ id: concept.id, start: first.start });
    score += concept.weight;
    ctx.reasons.push(`${concept.id} +${concept.weight} ("${textOf(tokens, first.start, first.length)}")`);
  }
  for (const combo of COMBINATIONS) {
    if (!combo.allOf.every((id) => placed.some((c) => c.id === id))) continue;
    score += combo.weight;
    ctx.reasons.push(`${combo.id} +${combo.weight} (${combo.allOf.join(' + ')})`);
  }
  return { placed: placed.sort((a, b) => a.start - b.start), score };
}

/**
 * An Asian party facing the United States, the trade war's other side, earns the full bonus; facing
 * anyone else (China and Japan, China and the EU) half, since most such pairings are diplomacy.
 */
function sidesBonus(parties: ReadonlySet<string>, bonus: number): number {
  if (![...parties].some((p) => ASIAN_PARTIES.has(p)) || parties.size < 2) return 0;
  return parties.has(COUNTERPARTY) ? bonus : bonus / 2;
}

/** One side does something (not merely says or meets) to another, and an Asian party is one of them. */
function actsAcross(actor: string | null, target: string | null, polarity: string | undefined): boolean {
  if (actor === null || target === null || actor === target || polarity === undefined) return false;
  return polarity !== 'neutral' && (ASIAN_PARTIES.has(actor) || ASIAN_PARTIES.has(target));
}

/**
 * Reads one headline: parties and their roles, the main action and its polarity, figures, trade
 * concepts, and an explainable relevance verdict. Relevant means an Asian party of these markets
 * (China, Hong Kong, Japan) is named, no veto context applies, and the score reaches the minimum.
 */
export function readHeadline(rawTitle: string, settings: NewsRelevanceSettings): HeadlineReading {
  const title = sanitizeHeadline(rawTitle);
  const index = lexiconIndex(settings);
  const tokens = tokenize(sentenceCase(normaliseText(title), index.nameWords));
  const ctx: Context = {
    keys: tokenKeys(tokens),
    taken: tokens.map((t) => t.punct),
    vetoes: [],
    reasons: [],
  };
  applyNegatives(tokens, index, ctx);
  const placedParties = findParties(tokens, index, ctx);
  const { placed, score: conceptScore } = findConcepts(tokens, index, ctx);
  const action = findAction(tokens, placedParties, placed, ctx.taken);
  const { actor, target, mentions } = assignRoles(tokens, placedParties, action);
  const partyIds = new Set(placedParties.map((p) => p.party));
  const asian = [...partyIds].some((p) => ASIAN_PARTIES.has(p));
  const sides = sidesBonus(partyIds, settings.sides.bonus);
  const actsOn = actsAcross(actor, target, action?.polarity);
  const score = conceptScore + sides + (actsOn ? ACTS_ON_BONUS : 0);
  const reasons = [...ctx.reasons];
  for (const p of placedParties) reasons.push(`party ${p.party} ("${p.text}")`);
  if (sides > 0) reasons.push(`both sides +${sides}`);
  if (actsOn && action) reasons.push(`${actor} ${action.lemma} ${target} +${ACTS_ON_BONUS}`);
  if (!asian) reasons.push('no Asian party (China, Hong Kong, Japan)');
  return {
    title,
    // "US" is a stop word to the model ("us"); capitalised short names are content here.
    lemmas: tokens.filter((t) => !t.punct && (!t.stop || /^[A-Z]{2,}$/.test(t.text))).map((t) => t.lemma),
    parties: mentions,
    actor,
    target,
    action: action ? { lemma: action.lemma, polarity: action.polarity } : null,
    figures: extractFigures(title),
    concepts: placed.map((c) => c.id),
    score,
    relevant: asian && ctx.vetoes.length === 0 && score >= settings.minScore,
    reasons,
  };
}
