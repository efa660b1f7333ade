import { actOf } from './acts.js';
import { extractFigures } from './figures.js';
import {
  assignRoles,
  findAction,
  ownClauseEnd,
  type PlacedAction,
  type PlacedConcept,
  type PlacedParty,
} from './grammar.js';
import type { HeadlineAction, HeadlineAside, HeadlineReading, MarketMove } from './headline.js';
import { headlineForm, type HeadlineForm } from './headlineForm.js';
import { ACTIONS, ACTS_ON_BONUS, COMBINATIONS } from './lexicon.js';
import { lexiconIndex, type LexiconIndex } from './lexiconIndex.js';
import { findMarketMove } from './market.js';
import { findPhrase, normaliseText, tokenKeys, type TokenKeys } from './match.js';
import { actionMode } from './modality.js';
import { isNegated } from './negation.js';
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
  counterpartyNamed: boolean,
): { placed: PlacedConcept[]; score: number } {
  const claimed = [...ctx.taken];
  const placed: PlacedConcept[] = [];
  let score = 0;
  for (const concept of index.concepts) {
    if (concept.needsCounterparty && !counterpartyNamed) continue;
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

/** Why a headline that is not news does not count: "not news: opinion ("Opinion")". */
function genreVeto(form: HeadlineForm, ctx: Context): void {
  if (form.genre === 'news') return;
  const why = `${form.genre} (${form.marks.map((m) => `"${m}"`).join(', ') || 'a question'})`;
  ctx.vetoes.push(why);
  ctx.reasons.push(`not news: ${why}`);
}

/** What the act is about: products, sectors, lists (objects.ts), outside names and ignored contexts. */
function findObjects(
  tokens: readonly Token[],
  index: LexiconIndex,
  ctx: Context,
  parties: readonly PlacedParty[],
) {
  const taken = [...ctx.taken];
  for (const p of parties) for (let k = p.start; k < p.end; k++) taken[k] = true;
  const found: { id: string; start: number }[] = [];
  for (const { id, phrase } of index.objects) {
    for (const start of findPhrase(tokens, phrase, taken, ctx.keys)) {
      for (let k = 0; k < phrase.length; k++) taken[start + k] = true;
      found.push({ id, start });
    }
  }
  return [...new Set(found.sort((a, b) => a.start - b.start).map((o) => o.id))];
}

/**
 * Where a denial would stand: before the act, or, when the act is only a statement ("says"),
 * before the first thing stated ("says no trade deal").
 */
function negationAnchor(action: PlacedAction | null, concepts: readonly PlacedConcept[]): number | null {
  if (action && (ACTIONS[action.lemma] ?? 'neutral') !== 'neutral') return action.index;
  const after = action?.index ?? -1;
  return (concepts.find((c) => c.start > after) ?? concepts[0])?.start ?? null;
}

/** "US" is a stop word to the model ("us"); capitalised short names are content here. */
const isContent = (t: Token) => !t.punct && (!t.stop || /^[A-Z]{2,}$/.test(t.text));

/** What is named only in a clause after the headline's own ("… amid trade talks", "…, Greer says"). */
function asideOf(
  tokens: readonly Token[],
  told: { action: PlacedAction | null; market: MarketMove | null },
  parties: readonly PlacedParty[],
  concepts: readonly PlacedConcept[],
): HeadlineAside | null {
  const end = ownClauseEnd(tokens, parties);
  // Only where the headline tells its own story in that clause: its act or its market's move.
  const own = told.market !== null || (told.action !== null && told.action.index < end);
  if (!own || end >= tokens.length) return null;
  const ownLemmas = new Set(
    tokens
      .slice(0, end)
      .filter(isContent)
      .map((t) => t.lemma),
  );
  const ownParties = new Set(parties.filter((p) => p.start < end).map((p) => p.party));
  return {
    lemmas: [
      ...new Set(
        tokens
          .slice(end)
          .filter((t) => isContent(t) && !ownLemmas.has(t.lemma))
          .map((t) => t.lemma),
      ),
    ],
    // A concept is placed where it is first named, so one placed after the clause is only there.
    concepts: concepts.filter((c) => c.start >= end).map((c) => c.id),
    parties: [
      ...new Set(parties.filter((p) => p.start >= end && !ownParties.has(p.party)).map((p) => p.party)),
    ],
  };
}

interface Structure {
  readonly action: HeadlineAction | null;
  readonly jointSubject: boolean;
  readonly aside: HeadlineAside | null;
  readonly actor: string | null;
  readonly target: string | null;
  readonly mentions: HeadlineReading['parties'];
  readonly negated: boolean;
  readonly objects: readonly string[];
  readonly market: MarketMove | null;
}

/** Who acts on whom, with which act, denied or not, on what; or which market moved. */
function readStructure(
  tokens: readonly Token[],
  index: LexiconIndex,
  ctx: Context,
  parties: readonly PlacedParty[],
  concepts: readonly PlacedConcept[],
): Structure {
  const placed = findAction(tokens, parties, concepts, ctx.taken);
  const { actor, target, mentions, joint } = assignRoles(tokens, parties, placed);
  const following = placed ? tokens.slice(placed.index + 1, placed.index + 8).map((t) => t.lower) : [];
  const action = placed && {
    lemma: placed.lemma,
    ...actOf(placed.lemma, placed.polarity, following),
    mode: actionMode(tokens, placed.index, placed.clauseStart),
  };
  const market = findMarketMove(tokens, parties);
  return {
    action,
    jointSubject: joint,
    aside: asideOf(tokens, { action: placed, market }, parties, concepts),
    actor,
    target,
    mentions,
    // "has not agreed to $550 billion investment": a denied framing verb denies the act it frames.
    negated:
      isNegated(tokens, negationAnchor(placed, concepts), 0) ||
      (placed !== null && placed.rolesAt !== placed.index && isNegated(tokens, placed.rolesAt, 0)),
    objects: findObjects(tokens, index, ctx, parties),
    market,
  };
}

/**
 * Reads one headline: parties and their roles, the main action and its polarity, figures, trade
 * concepts, and an explainable relevance verdict. Relevant means an Asian party of these markets
 * (China, Hong Kong, Japan) is named, no veto context applies, and the score reaches the minimum.
 * Wire marks and the outlet's name are read past; opinion, analysis and explainers are vetoed.
 */
export function readHeadline(rawTitle: string, settings: NewsRelevanceSettings): HeadlineReading {
  const title = sanitizeHeadline(rawTitle);
  const form = headlineForm(title);
  const index = lexiconIndex(settings);
  const tokens = tokenize(sentenceCase(normaliseText(form.text), index.nameWords));
  const ctx: Context = {
    keys: tokenKeys(tokens),
    taken: tokens.map((t) => t.punct),
    vetoes: [],
    reasons: [],
  };
  genreVeto(form, ctx);
  applyNegatives(tokens, index, ctx);
  const placedParties = findParties(tokens, index, ctx);
  const partyIds = new Set(placedParties.map((p) => p.party));
  const { placed, score: conceptScore } = findConcepts(tokens, index, ctx, partyIds.has(COUNTERPARTY));
  const structure = readStructure(tokens, index, ctx, placedParties, placed);
  const { action, actor, target } = structure;
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
    lemmas: tokens.filter(isContent).map((t) => t.lemma),
    parties: structure.mentions,
    actor,
    target,
    action,
    jointSubject: structure.jointSubject,
    aside: structure.aside,
    negated: structure.negated,
    objects: structure.objects,
    market: structure.market,
    genre: form.genre,
    figures: extractFigures(form.text),
    concepts: placed.map((c) => c.id),
    score,
    relevant: asian && ctx.vetoes.length === 0 && score >= settings.minScore,
    reasons,
  };
}
