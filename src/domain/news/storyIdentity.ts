import type { ActionPolarity, HeadlineReading, PartyId } from './headline.js';
import { CONCEPTS } from './lexicon.js';

/**
 * What decides which story a headline tells: who is involved, who acts on whom, in which direction,
 * with which figures, about what. Two headlines are one story only when all of these agree; the
 * words they share are the last test, not the first (word overlap cannot see "China accuses US"
 * vs "US accuses China").
 */
export interface StoryIdentity {
  /** The parties involved, sorted and unique. */
  readonly parties: readonly PartyId[];
  readonly actor: PartyId | null;
  readonly target: PartyId | null;
  readonly polarity: ActionPolarity | null;
  readonly figures: readonly string[];
  readonly concepts: readonly string[];
  /** Content lemmas other than the words naming the parties (those are compared as parties). */
  readonly lemmas: readonly string[];
}

/** Concepts say more about a story than any one word, so a shared concept counts double. */
const CONCEPT_WEIGHT = 2;

/**
 * Hints such as 'trade' or 'escalation' (lexicon weight 1) are in nearly every headline, and the
 * config's own terms ('term:…') repeat built-in concepts: neither says which story it is.
 */
const GENERIC_CONCEPTS = new Set(CONCEPTS.filter((c) => c.weight < 2).map((c) => c.id));
const isTopical = (concept: string) => !GENERIC_CONCEPTS.has(concept) && !concept.startsWith('term:');

/**
 * "China accuses US of breaching the truce" reports the US's act against China, as "China says US
 * breached the truce" does; the story is told by the accused's act, so the roles are turned round.
 */
const ACCUSING_VERBS = new Set(['accuse', 'blame', 'charge', 'allege', 'condemn', 'criticise', 'criticize']);

/** Wire boilerplate and bare numbers (figures are compared as figures) say nothing about the story. */
const BOILERPLATE = new Set(['update', 'exclusive', 'breaking', 'factbox', 'analysis', 'explainer', 'live']);
const isContentWord = (lemma: string) => /\p{L}{2,}/u.test(lemma) && !BOILERPLATE.has(lemma);

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export function storyIdentity(reading: HeadlineReading): StoryIdentity {
  const partyWords = new Set(reading.parties.flatMap((p) => p.text.toLowerCase().split(/\s+/)));
  const accusation = ACCUSING_VERBS.has(reading.action?.lemma ?? '');
  return {
    parties: unique(reading.parties.map((p) => p.party)).sort(),
    actor: accusation ? reading.target : reading.actor,
    target: accusation ? reading.actor : reading.target,
    polarity: reading.action?.polarity ?? null,
    figures: unique(reading.figures),
    concepts: unique(reading.concepts.filter(isTopical)),
    lemmas: unique(reading.lemmas.filter((l) => isContentWord(l) && !partyWords.has(l))),
  };
}

function sameParties(a: StoryIdentity, b: StoryIdentity): boolean {
  return a.parties.length === b.parties.length && a.parties.every((p, i) => p === b.parties[i]);
}

/** Known roles must agree: A acting on B is not B acting on A. An unknown role agrees with anything. */
function rolesAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  const differ = (x: PartyId | null, y: PartyId | null) => x !== null && y !== null && x !== y;
  const crossed = (x: PartyId | null, y: PartyId | null) => x !== null && x === y;
  return (
    !differ(a.actor, b.actor) &&
    !differ(a.target, b.target) &&
    !crossed(a.actor, b.target) &&
    !crossed(a.target, b.actor)
  );
}

/** Raising and cutting, imposing and lifting, banning and allowing are different news. */
function actionsAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  const opposite = new Set([a.polarity, b.polarity]);
  return !(opposite.has('escalate') && opposite.has('deescalate'));
}

/** Tariffs "to 84%" and "to 125%" are two decisions; a headline without figures agrees with any. */
function figuresAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  if (a.figures.length === 0 || b.figures.length === 0) return true;
  return a.figures.some((f) => b.figures.includes(f));
}

/**
 * Weighted Dice overlap of concepts and lemmas (0…1). Relative to both headlines, not the shorter
 * one: a short headline sharing one concept ("tariffs") with a long one is not thereby its story.
 */
export function contentOverlap(a: StoryIdentity, b: StoryIdentity): number {
  const shared = (x: readonly string[], y: readonly string[]) => x.filter((v) => y.includes(v)).length;
  const common = CONCEPT_WEIGHT * shared(a.concepts, b.concepts) + shared(a.lemmas, b.lemmas);
  const size = (s: StoryIdentity) => CONCEPT_WEIGHT * s.concepts.length + s.lemmas.length;
  const total = size(a) + size(b);
  return total === 0 ? 0 : (2 * common) / total;
}

/**
 * How much two headlines tell the same story: 0 when their structure differs (other parties,
 * crossed roles, opposite actions, other figures), else their content overlap.
 */
export function storyMatch(a: StoryIdentity, b: StoryIdentity): number {
  if (!sameParties(a, b) || !rolesAgree(a, b) || !actionsAgree(a, b) || !figuresAgree(a, b)) return 0;
  return contentOverlap(a, b);
}

/**
 * Keys under which a story is indexed and looked up: its parties with each concept and each lemma.
 * Two headlines that could be one story share at least one key, so no one compares all pairs.
 */
export function storyKeys(identity: StoryIdentity): string[] {
  const parties = identity.parties.join('+');
  return [
    ...identity.concepts.map((c) => `${parties}|c:${c}`),
    ...identity.lemmas.map((l) => `${parties}|l:${l}`),
  ];
}
