import { z } from 'zod';
import { actsCompatible, BREACH_VERBS } from './acts.js';
import type { ActionMode, ActionPolarity, HeadlineReading, PartyId } from './headline.js';
import { ACTION_NOUNS, CONCEPTS, FRAMING_VERBS } from './lexicon.js';
import { stemOf } from './nlp.js';
import { OBJECTS } from './objects.js';

/**
 * What decides which story a headline tells: who is involved, who acts on whom, with which act, in
 * which direction, affirmed or denied, on what, with which figures, about what. Two headlines are
 * one story only when all of these agree; the words they share are the last test, not the first
 * (word overlap cannot see "China accuses US" vs "US accuses China", nor "will lift" vs "will not lift").
 */
export interface StoryIdentity {
  /** The parties involved, sorted and unique; for a market story, the markets' parties only. */
  readonly parties: readonly PartyId[];
  readonly actor: PartyId | null;
  readonly target: PartyId | null;
  readonly polarity: ActionPolarity | null;
  /** The kind of act ('impose', 'pause', 'resume', 'deal', …; 'market-fall' for a market story). */
  readonly act: string | null;
  /** The act is denied ("will not lift", "no deal yet"). */
  readonly negated: boolean;
  /** Taken ('act') or only threatened, planned or weighed ('plan'); a denial is a denial either way. */
  readonly mode: ActionMode;
  /** What the act is about ('autos', 'steel', 'entity-list', …). */
  readonly objects: readonly string[];
  readonly figures: readonly string[];
  readonly concepts: readonly string[];
  /** Content words in one form per meaning (stems, synonyms joined), without the parties' names. */
  readonly lemmas: readonly string[];
}

/**
 * Identities are stored with each merged headline (JSON) to rebuild the story index after a restart.
 * Rows written before a field existed read with its neutral default.
 */
const storyIdentitySchema = z.object({
  parties: z.array(z.string()),
  actor: z.string().nullable(),
  target: z.string().nullable(),
  polarity: z.enum(['escalate', 'deescalate', 'neutral']).nullable(),
  act: z.string().nullable().default(null),
  negated: z.boolean().default(false),
  mode: z.enum(['act', 'plan']).default('act'),
  objects: z.array(z.string()).default([]),
  figures: z.array(z.string()),
  concepts: z.array(z.string()),
  lemmas: z.array(z.string()),
});

export function parseStoryIdentity(json: unknown): StoryIdentity {
  return storyIdentitySchema.parse(json);
}

/** Concepts, objects and figures say more about a story than any one word, so each counts double. */
const CONCEPT_WEIGHT = 2;

/**
 * Hints such as 'trade' or 'escalation' (lexicon weight 1) are in nearly every headline, and the
 * config's own terms ('term:…') repeat built-in concepts: neither says which story it is.
 */
const GENERIC_CONCEPTS = new Set(CONCEPTS.filter((c) => c.weight < 2).map((c) => c.id));
const isTopical = (concept: string) => !GENERIC_CONCEPTS.has(concept) && !concept.startsWith('term:');

/**
 * Wire boilerplate, who told it (ministries, spokespeople, sources, reports), verbs that only report
 * ("says", "tells") and bare numbers (figures are compared as figures) say nothing about the story.
 */
const BOILERPLATE = new Set(
  (
    'update exclusive breaking factbox analysis explainer live ministry minister commerce department ' +
    'spokesman spokeswoman spokesperson official source report'
  ).split(' '),
);
const isContentWord = (lemma: string) =>
  /\p{L}{2,}/u.test(lemma) && !BOILERPLATE.has(lemma) && !FRAMING_VERBS.has(lemma);

/**
 * Words outlets use for one thing, in one form: "slumps" and "plunges", "breach" and "violate".
 * Word forms are joined by their stem ("serious"/"seriously", "violated"/"violation").
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    'slump plunge tumble slide sink dive crash sag plummet slip skid drop decline tank'
      .split(' ')
      .map((w) => [w, 'fall']),
  ),
  ...Object.fromEntries('surge jump soar rally climb gain rebound spike'.split(' ').map((w) => [w, 'rise'])),
  ...Object.fromEntries('breach flout renege violation'.split(' ').map((w) => [w, 'violate'])),
  ...Object.fromEntries('levy levies duty duties'.split(' ').map((w) => [w, 'tariff'])),
  ...Object.fromEntries('pact accord agreement'.split(' ').map((w) => [w, 'deal'])),
  ...Object.fromEntries('ceasefire detente'.split(' ').map((w) => [w, 'truce'])),
  ...Object.fromEntries('negotiation consultation'.split(' ').map((w) => [w, 'talk'])),
  ...Object.fromEntries('stock equity'.split(' ').map((w) => [w, 'share'])),
  ...Object.fromEntries('grave severe'.split(' ').map((w) => [w, 'serious'])),
  ...Object.fromEntries('investigation inquiry'.split(' ').map((w) => [w, 'probe'])),
  ...Object.fromEntries('semiconductor microchip'.split(' ').map((w) => [w, 'chip'])),
  ...Object.fromEntries('company entity business'.split(' ').map((w) => [w, 'firm'])),
  ...Object.fromEntries('subsidiary affiliate'.split(' ').map((w) => [w, 'unit'])),
  ...Object.fromEntries('shipment'.split(' ').map((w) => [w, 'export'])),
  ...Object.fromEntries('purchase purchasing buying'.split(' ').map((w) => [w, 'buy'])),
  ...Object.fromEntries('agricultural agriculture'.split(' ').map((w) => [w, 'farm'])),
  // Lemmas of "weakest", "strongest": a market at its weakest is at a low.
  ...Object.fromEntries('weak weakest lowest'.split(' ').map((w) => [w, 'low'])),
  ...Object.fromEntries('strong strongest highest'.split(' ').map((w) => [w, 'high'])),
  dialogue: 'talk',
  gear: 'equipment',
  extra: 'additional',
  dialog: 'talk',
  defence: 'defense',
  refiner: 'refinery',
};
const canonical = (lemma: string) => stemOf(SYNONYMS[lemma] ?? ACTION_NOUNS[lemma] ?? lemma);

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** Who acts on whom, by which act; a market story is its markets' move, whatever the cause. */
function structureOf(reading: HeadlineReading) {
  if (reading.market) {
    const { parties, direction } = reading.market;
    const act = `market-${direction}`;
    return { parties, actor: null, target: null, polarity: null, act, negated: false, mode: 'act' as const };
  }
  // "breaks off talks" is no breach: only the accusing sense turns the roles round.
  const breach = BREACH_VERBS.has(reading.action?.lemma ?? '') && reading.action?.act === 'accuse';
  return {
    parties: unique(reading.parties.map((p) => p.party)).sort(),
    actor: breach ? reading.target : reading.actor,
    target: breach ? reading.actor : reading.target,
    polarity: reading.action?.polarity ?? null,
    act: reading.action?.act ?? null,
    negated: reading.negated,
    mode: reading.action?.mode ?? 'act',
  };
}

/**
 * Content words in one form per meaning; the verb of the act is written as its act ("raises" and
 * "imposes" are 'act:impose'), since the acts are compared already and synonyms should not dilute.
 */
function contentWords(reading: HeadlineReading): string[] {
  const partyWords = new Set(reading.parties.flatMap((p) => p.text.toLowerCase().split(/\s+/)));
  // A market story's act is its move, not the verb that told it.
  const action = reading.market ? null : reading.action;
  const actionWord = action ? canonical(action.lemma) : null;
  return unique(
    reading.lemmas
      .filter((l) => isContentWord(l) && !partyWords.has(l))
      .map(canonical)
      .map((l) => (action && l === actionWord ? `act:${action.act}` : l)),
  );
}

export function storyIdentity(reading: HeadlineReading): StoryIdentity {
  return {
    ...structureOf(reading),
    objects: unique(reading.objects),
    figures: unique(reading.figures),
    concepts: unique(reading.concepts.filter(isTopical)),
    lemmas: contentWords(reading),
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

/**
 * The same act, in the same direction, affirmed or denied alike. A statement (neutral) or a headline
 * without a known act agrees only with its like: "Japan says no trade deal yet" is not "US and Japan
 * reach trade deal", and pausing is not resuming.
 */
function actsAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  const modesAgree = a.negated || a.mode === b.mode;
  return a.polarity === b.polarity && a.negated === b.negated && modesAgree && actsCompatible(a.act, b.act);
}

const BROADER = new Map(OBJECTS.flatMap((o) => (o.within === undefined ? [] : [[o.id, o.within] as const])));

const objectFits = (x: string, y: string) => x === y || BROADER.get(x) === y || BROADER.get(y) === x;
const covered = (xs: readonly string[], ys: readonly string[]) =>
  xs.every((x) => ys.some((y) => objectFits(x, y)));

/**
 * Cars are not steel; gallium is within critical minerals. One headline's objects must all be among
 * the other's ("cars and steel" holds "steel"; "chipmakers to the Entity List" does not hold
 * "chipmakers to the unverifiable list"). A headline naming no object agrees with any.
 */
function objectsAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  return covered(a.objects, b.objects) || covered(b.objects, a.objects);
}

/** Tariffs "to 84%" and "to 125%" are two decisions; a headline without figures agrees with any. */
function figuresAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  if (a.figures.length === 0 || b.figures.length === 0) return true;
  return a.figures.some((f) => b.figures.includes(f));
}

/**
 * Whether two headlines could tell one story at all: the same parties, agreeing roles, the same act
 * and direction, both affirmed or both denied, compatible objects and figures.
 */
export function structureAgrees(a: StoryIdentity, b: StoryIdentity): boolean {
  return sameParties(a, b) && rolesAgree(a, b) && actsAgree(a, b) && objectsAgree(a, b) && figuresAgree(a, b);
}

/**
 * Weighted Dice overlap of concepts, objects, figures and lemmas (0…1). Relative to both headlines,
 * not the shorter one: a short headline sharing one concept ("tariffs") with a long one is not
 * thereby its story.
 */
export function contentOverlap(a: StoryIdentity, b: StoryIdentity): number {
  const shared = (x: readonly string[], y: readonly string[]) => x.filter((v) => y.includes(v)).length;
  const facts = (s: StoryIdentity) => [...s.concepts, ...s.objects, ...s.figures];
  const common = CONCEPT_WEIGHT * shared(facts(a), facts(b)) + shared(a.lemmas, b.lemmas);
  const size = (s: StoryIdentity) => CONCEPT_WEIGHT * facts(s).length + s.lemmas.length;
  const total = size(a) + size(b);
  return total === 0 ? 0 : (2 * common) / total;
}

/** How much two headlines tell the same story: 0 when their structure differs, else their content overlap. */
export function storyMatch(a: StoryIdentity, b: StoryIdentity): number {
  return structureAgrees(a, b) ? contentOverlap(a, b) : 0;
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
