import { z } from 'zod';
import { actsCompatible, BREACH_VERBS, storyAct } from './acts.js';
import { COMPANY_BY_NAME } from './companies.js';
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
  /** Those named in the headline's own clause, not only in an "amid …", "as …" clause beside it. */
  readonly core: readonly PartyId[];
  /** A joint subject ("US and Japan agree…"): its roles are only a fixed order and agree with any. */
  readonly joint: boolean;
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
  /** Concepts and words told only beside the headline's own clause ("… amid trade talks"). */
  readonly asideConcepts: readonly string[];
  readonly asideLemmas: readonly string[];
}

/**
 * Identities are stored with each merged headline (JSON) to rebuild the story index after a restart.
 * Rows written before a field existed read with its neutral default.
 */
const storyIdentitySchema = z.object({
  parties: z.array(z.string()),
  core: z.array(z.string()).optional(),
  joint: z.boolean().default(false),
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
  asideConcepts: z.array(z.string()).default([]),
  asideLemmas: z.array(z.string()).default([]),
});

export function parseStoryIdentity(json: unknown): StoryIdentity {
  const parsed = storyIdentitySchema.parse(json);
  return { ...parsed, core: parsed.core ?? parsed.parties };
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
    'spokesman spokeswoman spokesperson official source report representative'
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
  ...Object.fromEntries('acquisition takeover buyout'.split(' ').map((w) => [w, 'buy'])),
  ...Object.fromEntries('waiver waive'.split(' ').map((w) => [w, 'exempt'])),
  licence: 'license',
  postal: 'post',
  vessel: 'ship',
  tool: 'equipment',
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
    return {
      parties,
      core: parties,
      joint: false,
      actor: null,
      target: null,
      polarity: null,
      act,
      negated: false,
      mode: 'act' as const,
    };
  }
  // "breaks off talks" is no breach: only the accusing sense turns the roles round.
  const breach = BREACH_VERBS.has(reading.action?.lemma ?? '') && reading.action?.act === 'accuse';
  const parties = unique(reading.parties.map((p) => p.party)).sort();
  const aside = new Set(reading.aside?.parties ?? []);
  return {
    parties,
    core: parties.filter((p) => !aside.has(p)),
    joint: reading.jointSubject,
    actor: breach ? reading.target : reading.actor,
    target: breach ? reading.actor : reading.target,
    polarity: reading.action?.polarity ?? null,
    act: reading.action ? storyAct(reading.action, reading.lemmas) : null,
    negated: reading.negated,
    mode: reading.action?.mode ?? 'act',
  };
}

/**
 * A market story is told by its markets, move and level: the words for the market ("share
 * average", "index"), for the move (its act) and for how long since ("34-year", "since 1990",
 * "all-time", "record") are not its content; "weakest since 1990" and "34-year low" are one level.
 */
const MARKET_WORDS = new Set(
  (
    'share index averag benchmark composit market bours fall rise hit touch close end finish level ' +
    'time all record year month week since versus'
  ).split(' '),
);
const LEVELS: Readonly<Record<string, string>> = { low: 'level:low', high: 'level:high' };

function marketWords(lemmas: readonly string[]): string[] {
  return lemmas.filter((l) => !MARKET_WORDS.has(l)).map((l) => LEVELS[l] ?? l);
}

/** What a headline tells in its own clause, when it tells anything there: an aside is its setting. */
function ownClause(reading: HeadlineReading): { lemmas: string[]; concepts: readonly string[] } {
  const all = { lemmas: [...reading.lemmas], concepts: reading.concepts };
  if (!reading.aside) return all;
  const asideLemmas = new Set(reading.aside.lemmas);
  const lemmas = reading.lemmas.filter((l) => !asideLemmas.has(l));
  const concepts = reading.concepts.filter((c) => !reading.aside?.concepts.includes(c));
  return lemmas.length > 0 ? { lemmas, concepts } : all;
}

/**
 * Content words in one form per meaning; the verb of the act is written as its act ("raises" and
 * "imposes" are 'act:impose'), since the acts are compared already and synonyms should not dilute.
 */
function contentWords(reading: HeadlineReading, lemmas: readonly string[]): string[] {
  const partyWords = new Set(reading.parties.flatMap((p) => p.text.toLowerCase().split(/\s+/)));
  // A market story's act is its move, not the verb that told it.
  const action = reading.market ? null : reading.action;
  const actionWord = action ? canonical(action.lemma) : null;
  const act = action ? storyAct(action, reading.lemmas) : null;
  const words = lemmas
    .filter((l) => isContentWord(l) && !partyWords.has(l))
    .map(canonical)
    .map((l) => (act && l === actionWord ? `act:${act}` : l));
  return unique(reading.market ? marketWords(words) : words);
}

/** A company named is what the act is about: sanctions on Lockheed are not sanctions on Raytheon. */
function companiesNamed(reading: HeadlineReading): string[] {
  return reading.parties.flatMap((p) => {
    const company = COMPANY_BY_NAME.get(p.text.toLowerCase());
    return company === undefined ? [] : [`company:${company}`];
  });
}

/**
 * Concepts that only repeat what the structure compares: the act ("suspends" is also the concept
 * 'pause') and a currency market's name ("yuan" is also 'currency').
 */
function tellsStory(concept: string, structure: { act: string | null }): boolean {
  return (
    isTopical(concept) &&
    concept !== structure.act &&
    !(concept === 'currency' && structure.act?.startsWith('market-'))
  );
}

export function storyIdentity(reading: HeadlineReading): StoryIdentity {
  const own = ownClause(reading);
  const structure = structureOf(reading);
  const concepts = unique(own.concepts.filter((c) => tellsStory(c, structure)));
  const lemmas = contentWords(reading, own.lemmas);
  return {
    ...structure,
    objects: unique([...reading.objects, ...companiesNamed(reading)]),
    figures: unique(reading.figures),
    concepts,
    lemmas,
    asideConcepts: reading.concepts.filter((c) => tellsStory(c, structure) && !concepts.includes(c)),
    asideLemmas: contentWords(reading, reading.lemmas).filter((l) => !lemmas.includes(l)),
  };
}

/**
 * The same parties; one named only beside a headline's own clause ("China vows to fight to the end
 * as Trump hikes tariffs") may be missing from the other, which tells the story without that setting.
 */
function sameParties(a: StoryIdentity, b: StoryIdentity): boolean {
  return a.core.every((p) => b.parties.includes(p)) && b.core.every((p) => a.parties.includes(p));
}

/** Known roles must agree: A acting on B is not B acting on A. An unknown role agrees with anything. */
function rolesAgree(a: StoryIdentity, b: StoryIdentity): boolean {
  if (a.joint || b.joint) return true;
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

interface Content {
  readonly facts: readonly string[];
  readonly lemmas: readonly string[];
}

const ownContent = (s: StoryIdentity): Content => ({
  facts: [...s.concepts, ...s.objects, ...s.figures],
  lemmas: s.lemmas,
});
const fullContent = (s: StoryIdentity): Content => ({
  facts: [...s.concepts, ...s.asideConcepts, ...s.objects, ...s.figures],
  lemmas: [...s.lemmas, ...s.asideLemmas],
});

function dice(a: Content, b: Content): number {
  const shared = (x: readonly string[], y: readonly string[]) => x.filter((v) => y.includes(v)).length;
  const common = CONCEPT_WEIGHT * shared(a.facts, b.facts) + shared(a.lemmas, b.lemmas);
  const size = (c: Content) => CONCEPT_WEIGHT * c.facts.length + c.lemmas.length;
  const total = size(a) + size(b);
  return total === 0 ? 0 : (2 * common) / total;
}

/**
 * Weighted Dice overlap of concepts, objects, figures and lemmas (0…1). Relative to both headlines,
 * not the shorter one: a short headline sharing one concept ("tariffs") with a long one is not
 * thereby its story. Told either way: the headlines' own clauses, or with what they tell beside
 * them, since a long "amid …" setting dilutes one outlet's words while another names the cause in
 * its own clause ("as yen weakens" and "on weaker yen").
 */
export function contentOverlap(a: StoryIdentity, b: StoryIdentity): number {
  return Math.max(dice(ownContent(a), ownContent(b)), dice(fullContent(a), fullContent(b)));
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
  // Under its own clause's parties as well, so a telling without the setting's parties finds it.
  const partySets = unique([identity.parties.join('+'), identity.core.join('+')]);
  return partySets.flatMap((parties) => [
    ...[...identity.concepts, ...identity.asideConcepts].map((c) => `${parties}|c:${c}`),
    ...[...identity.lemmas, ...identity.asideLemmas].map((l) => `${parties}|l:${l}`),
  ]);
}
