import type { ActionPolarity, HeadlineAction, PartyId, PartyMention, PartyRole } from './headline.js';
import { ACTION_NOUNS, ACTIONS, ENDING_VERBS, FRAMING_VERBS, WIDENING_VERBS } from './lexicon.js';
import { stemOf, type Token } from './nlp.js';

/** A party named at a place in the headline. */
export interface PlacedParty {
  readonly party: PartyId;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A concept found at a place in the headline. */
export interface PlacedConcept {
  readonly id: string;
  readonly start: number;
}

/** The main verb at its place; its act is named from it and the word after (see acts.ts). */
export interface PlacedAction extends Omit<HeadlineAction, 'act' | 'mode'> {
  readonly index: number;
  /** Where the headline's own clause, which holds the act, starts. */
  readonly clauseStart: number;
  /** Where roles are read from: the act, or the verb whose object it is ("threatens China with tariffs"). */
  readonly rolesAt: number;
}

let actionByStem: Map<string, string> | null = null;

function actionLemma(token: Token, next: Token | undefined): string | null {
  if (token.lemma in ACTIONS) return token.lemma;
  // Any verb that frames another ("prepares retaliatory levies") is a candidate, if only to give way.
  if (FRAMING_VERBS.has(token.lemma) && token.pos === 'VERB') return token.lemma;
  // "rules out retaliation" denies the act it frames, as "denies" does.
  if (token.lemma === 'rule' && next?.lower === 'out') return 'deny';
  if (token.pos === 'NOUN' && token.lemma in ACTION_NOUNS) return ACTION_NOUNS[token.lemma] ?? null;
  actionByStem ??= new Map(Object.keys(ACTIONS).map((verb) => [stemOf(verb), verb]));
  return actionByStem.get(token.stem) ?? null;
}

const RESTRICTIVE = new Set([
  'tariffs',
  'export-controls',
  'blacklist',
  'chip-curbs',
  'restriction',
  'sanctions',
  'trade-remedies',
  'investment-curbs',
  'port-fees',
]);
const CALMING = new Set(['truce', 'pause', 'talks', 'trade-talks', 'farm-purchases', 'investment-pledge']);

/**
 * Extending or resuming curbs escalates, extending a truce or resuming talks calms; ending or
 * pausing a truce escalates, ending or pausing curbs calms.
 */
function polarityInContext(
  tokens: readonly Token[],
  lemma: string,
  index: number,
  concepts: readonly PlacedConcept[],
): ActionPolarity {
  const base = polarityOf(lemma);
  const widens = WIDENING_VERBS.has(lemma);
  if (!widens && !ENDING_VERBS.has(lemma)) return base;
  const next = actedOn(tokens, index, concepts);
  if (!next) return base;
  return RESTRICTIVE.has(next.id) === widens ? 'escalate' : 'deescalate';
}

/** Parts of speech inside a compound noun: "tariff truce", "chip export curbs", "90-day tariff pause". */
const COMPOUND_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);

/**
 * What the verb acts on: the first restrictive or calming concept after it, or, in a compound, its
 * last noun ("extends tariff truce" acts on a truce, "extends tariff exclusions" on exclusions).
 */
function actedOn(
  tokens: readonly Token[],
  index: number,
  concepts: readonly PlacedConcept[],
): PlacedConcept | undefined {
  const after = concepts.filter((c) => c.start > index && (RESTRICTIVE.has(c.id) || CALMING.has(c.id)));
  let head = after[0];
  for (const next of after.slice(1)) {
    if (!head || !tokens.slice(head.start, next.start).every((t) => COMPOUND_POS.has(t.pos))) break;
    head = next;
  }
  return head;
}

interface Candidate {
  readonly index: number;
  readonly lemma: string;
  readonly verb: boolean;
  /** A noun that only qualifies the next one ("tariff talks", "tariff truce"): not an act itself. */
  readonly modifier: boolean;
  /** The verb whose object this noun is, when a framing verb gave way to it. */
  readonly rolesAt?: number;
  /** A verb that frames the act it introduces ("says", "threatens", "signs order raising"). */
  readonly framing: boolean;
}

const polarityOf = (lemma: string) => ACTIONS[lemma] ?? 'neutral';

/** "signs an executive order raising tariffs": the order's act is the news, not the signing. */
const SIGNED_INSTRUMENTS = new Set([
  'order',
  'orders',
  'decree',
  'proclamation',
  'memorandum',
  'bill',
  'law',
]);

function isFraming(tokens: readonly Token[], index: number, lemma: string): boolean {
  if (FRAMING_VERBS.has(lemma)) return true;
  const next = tokens.slice(index + 1, index + 4).map((t) => t.lower);
  return lemma === 'sign' && next.some((w) => SIGNED_INSTRUMENTS.has(w));
}

/** Words that open a clause subordinate to the headline's own: "… as US tightens curbs", "After talks, …". */
const SUBORDINATORS = new Set([
  'as',
  'after',
  'amid',
  'while',
  'following',
  'before',
  'since',
  'despite',
  'because',
  'when',
  'though',
  'although',
  'until',
  'unless',
  'if',
]);

/**
 * The headline's own clause, where its act is told: before "as"/"after"/"amid" …, or after the
 * comma that closes a clause the headline opens with. Null when there is no subordinate clause.
 */
function mainClause(tokens: readonly Token[], subjectEnd: number): { start: number; end: number } | null {
  if (SUBORDINATORS.has(tokens[0]?.lower ?? '')) {
    const comma = tokens.findIndex((t) => t.text === ',');
    return comma < 0 ? null : { start: comma + 1, end: tokens.length };
  }
  const sub = tokens.findIndex((t, i) => i >= subjectEnd && SUBORDINATORS.has(t.lower));
  if (sub >= 0) return { start: 0, end: sub };
  const attribution = trailingAttribution(tokens);
  return attribution < 0 ? null : { start: 0, end: attribution };
}

/**
 * Where the headline's own clause ends when a clause told beside it follows ("… amid trade talks",
 * "… as the tariff war escalates", "…, Akazawa says"); the headline's length when none does. "As"
 * with neither a verb nor a party after it is no clause: "designates China as currency manipulator".
 */
export function ownClauseEnd(tokens: readonly Token[], parties: readonly PlacedParty[]): number {
  const main = mainClause(tokens, subjectEnd(tokens, parties));
  if (!main || main.start !== 0) return tokens.length;
  const opener = tokens[main.end];
  const verbAfter = tokens.slice(main.end + 1).some((t) => t.pos === 'VERB' || t.pos === 'AUX');
  // "as Trump hikes tariffs": a party opening it makes a clause even where the tagger sees no verb.
  const partyAfter = parties.some((p) => p.start === main.end + 1);
  return opener?.lower === 'as' && !verbAfter && !partyAfter ? tokens.length : main.end;
}

/** How many words a closing attribution may take: ", Japan's trade negotiator Akazawa says". */
const ATTRIBUTION_WORDS = 6;

/**
 * Where a closing attribution starts (", Akazawa says", ", sources say"), or -1: the headline's own
 * clause is before it.
 */
function trailingAttribution(tokens: readonly Token[]): number {
  const comma = tokens.findLastIndex((t) => t.text === ',');
  if (comma <= 0 || tokens.length - comma - 1 > ATTRIBUTION_WORDS) return -1;
  const last = tokens.at(-1);
  return last && (last.lemma === 'say' || last.lemma === 'report' || last.lemma === 'tell') ? comma : -1;
}

/** The end of the headline's subject, joint subjects included: "Japan, US sign", "US and China agree". */
function subjectEnd(tokens: readonly Token[], parties: readonly PlacedParty[]): number {
  let end = parties[0]?.end ?? 0;
  for (const next of parties.slice(1)) {
    const between = tokens[end]?.lower ?? '';
    // "US Treasury", "China's MOFCOM": one side named twice; "Ishiba: Japan, US sign": a speaker first.
    const sameSide = next.start === end || (next.start === end + 1 && between === "'s");
    const joined =
      next.start === end + 1 && (CONJUNCTIONS.has(between) || (between === ':' && end === parties[0]?.end));
    if (!sameSide && !joined) break;
    end = next.end;
  }
  return end;
}

/**
 * The first verb, past verbs that only frame another ("says", "vows to"); a framing verb with no
 * verb after it frames the noun ("weighs curbs on"). Where the pool is the headline's own clause,
 * a noun act stands in for a missing verb ("Beijing pledges retaliation as Washington tightens…").
 */
function chooseAction(
  tokens: readonly Token[],
  pool: readonly Candidate[],
  nounStandsIn: boolean,
): Candidate | undefined {
  const verbs = pool.filter((c) => c.verb);
  let chosen = verbs[0];
  for (const next of verbs.slice(1)) {
    // ", Greer says" after the act is attribution: a framing verb gives way only within its clause.
    if (!chosen?.framing || (next.framing && commaBetween(tokens, chosen.index, next.index))) break;
    // "Japan will make chip tool exports to China subject to licence": Japan acts, on China.
    chosen = next.lemma === 'subject' ? { ...next, rolesAt: chosen.index } : next;
  }
  const nounAfter = (start: number) =>
    pool.find((c) => c.index > start && !c.verb && !c.modifier && polarityOf(c.lemma) !== 'neutral');
  if (chosen?.framing) {
    // A statement gives way to the act it states anywhere after it ("announces 90-day pause on");
    // a threat or an agreement only to its own object ("threatens 100% tariffs", "agree one-year
    // extension"), not to what it is about ("agree on car tariffs" is a deal).
    const framing = chosen;
    const stated = nounAfter(framing.index);
    const object = stated !== undefined && isObjectOf(tokens, framing.index, stated.index);
    if (stated && (object || polarityOf(framing.lemma) === 'neutral'))
      chosen = object ? { ...stated, rolesAt: framing.index } : stated;
  }
  return chosen ?? (nounStandsIn ? nounAfter(-1) : undefined);
}

const commaBetween = (tokens: readonly Token[], from: number, to: number) =>
  tokens.slice(from + 1, to).some((t) => t.text === ',');

/** Words between a verb and its object: "threatens China with 100% new tariffs", "warns of". */
const OBJECT_GAP_POS = new Set(['DET', 'ADJ', 'NUM', 'NOUN', 'PROPN', 'SYM', 'PUNCT']);
const OBJECT_GAP_WORDS = new Set(['of', 'with', 'to']);
const OBJECT_REACH = 7;

function isObjectOf(tokens: readonly Token[], verb: number, noun: number): boolean {
  if (noun - verb > OBJECT_REACH) return false;
  return tokens
    .slice(verb + 1, noun)
    .every((t) => t.text !== ',' && (OBJECT_GAP_POS.has(t.pos) || OBJECT_GAP_WORDS.has(t.lower)));
}

/**
 * The main action: the verb the lexicon knows in the headline's own clause, outside party names.
 * Title Case headlines confuse the tagger, so a known verb right after the subject counts even when
 * tagged a noun.
 */
export function findAction(
  tokens: readonly Token[],
  parties: readonly PlacedParty[],
  concepts: readonly PlacedConcept[],
  masked: readonly boolean[],
): PlacedAction | null {
  const usable = (i: number) => !masked[i] && !parties.some((p) => i >= p.start && i < p.end);
  // Only right after the headline's subject: "US tariffs" later on is a noun.
  const subject = subjectEnd(tokens, parties);
  const candidates: Candidate[] = [];
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    // "Japan Pledges $550 Billion…": a framing verb right after the subject, even if tagged a noun.
    const framingAtSubject = index === subject && FRAMING_VERBS.has(token.lemma);
    const lemma = actionLemma(token, next) ?? (framingAtSubject ? token.lemma : null);
    // "make exports subject to licence": "subject to" acts, what follows is what it requires.
    const subjectTo = token.lower === 'subject' && next?.lower === 'to';
    const required = tokens[index - 2]?.lower === 'subject' && tokens[index - 1]?.lower === 'to';
    if (lemma === null || !usable(index) || required) return;
    const noun = ACTION_NOUNS[token.lemma] !== undefined && token.pos === 'NOUN';
    const verb =
      subjectTo ||
      token.pos === 'VERB' ||
      (!noun && index === subject && token.pos !== 'ADP' && token.pos !== 'DET');
    const modifier = !verb && next?.pos === 'NOUN';
    candidates.push({ index, lemma, verb, modifier, framing: verb && isFraming(tokens, index, lemma) });
  });
  const main = mainClause(tokens, subject);
  const own = main ? candidates.filter((c) => c.index >= main.start && c.index < main.end) : [];
  const chosen = own.length > 0 ? chooseAction(tokens, own, true) : chooseAction(tokens, candidates, false);
  if (!chosen) return null;
  return {
    index: chosen.index,
    lemma: chosen.lemma,
    polarity: polarityInContext(tokens, chosen.lemma, chosen.index, concepts),
    clauseStart: main && own.length > 0 ? main.start : 0,
    rolesAt: chosen.rolesAt ?? chosen.index,
  };
}

const CONJUNCTIONS = new Set(['and', '&', ',', 'with']);

/** "US and China agree…", "China, US extend…": two parties joined as one subject. */
function jointSubject(
  tokens: readonly Token[],
  before: readonly PlacedParty[],
): [PlacedParty, PlacedParty] | null {
  const last = before.at(-1);
  const previous = before.at(-2);
  if (!last || !previous || last.party === previous.party || last.start - previous.end !== 1) return null;
  const joiner = tokens[previous.end];
  return joiner && CONJUNCTIONS.has(joiner.lower) ? [previous, last] : null;
}

function withRoles(
  parties: readonly PlacedParty[],
  actorMention: PlacedParty | undefined,
  targetMention: PlacedParty | undefined,
): { actor: PartyId | null; target: PartyId | null; mentions: PartyMention[] } {
  const mentions = parties.map((p) => {
    const role: PartyRole = p === actorMention ? 'actor' : p === targetMention ? 'target' : 'other';
    return { party: p.party, text: p.text, role };
  });
  return { actor: actorMention?.party ?? null, target: targetMention?.party ?? null, mentions };
}

/**
 * Actor: the party named nearest before the action; target: the first other party after it. A joint
 * subject ("US and China agree") has no direction, so its parties are put in a fixed order: the same
 * story written "China and US agree" reads the same.
 */
export function assignRoles(
  tokens: readonly Token[],
  parties: readonly PlacedParty[],
  action: PlacedAction | null,
): { actor: PartyId | null; target: PartyId | null; mentions: PartyMention[]; joint: boolean } {
  const pivot = action?.rolesAt ?? -1;
  const before = parties.filter((p) => p.end <= pivot);
  const joint = jointSubject(tokens, before);
  if (joint) {
    const [first, second] = [...joint].sort((x, y) => x.party.localeCompare(y.party));
    return { ...withRoles(parties, first, second), joint: true };
  }
  const actorMention = before.at(-1) ?? (action ? undefined : parties[0]);
  const actor = actorMention?.party ?? null;
  const after = parties.filter((p) => p.start > pivot && p.party !== actor);
  const targetMention = after[0] ?? parties.find((p) => p.party !== actor && p !== actorMention);
  return { ...withRoles(parties, actorMention, targetMention), joint: false };
}
