import type { ActionPolarity, HeadlineAction } from './headline.js';
import { ENDING_VERBS } from './lexicon.js';

/**
 * What kind of act a headline reports, finer than its polarity. Pausing, delaying, resuming,
 * extending, lifting and imposing a tariff all move a dispute one way or the other, but each is its
 * own news: two headlines with different acts are never one story. Synonyms share an act
 * ("raises" and "imposes", "breaches" and "violates"), so other outlets' wording still joins.
 */
export const ACT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  impose: [
    'impose',
    'slap',
    'levy',
    'tariff',
    'duty',
    'raise',
    'hike',
    'increase',
    'double',
    'triple',
    'quadruple',
    'add',
    'blacklist',
    'sanction',
    'ban',
    'bar',
    'prohibit',
    'restrict',
    'curb',
    'tighten',
    'block',
    'limit',
    'require',
    'expand',
    'escalate',
    'target',
    'hit',
    'punish',
    'delist',
    'order',
    'launch',
    'reimpose',
    'widen',
    'put',
    'place',
    'initiate',
    'cap',
    'embargo',
    'tax',
    'boost',
    'ramp',
    'step',
    'broaden',
    'subject',
  ],
  retaliate: ['retaliate', 'counter', 'countermeasure', 'fight'],
  // Opening an inquiry is news of its own, before any duty or ban it may lead to.
  probe: ['probe', 'investigate'],
  end: [
    'end',
    'lift',
    'remove',
    'drop',
    'scrap',
    'revoke',
    'cancel',
    'rescind',
    'repeal',
    'withdraw',
    'terminate',
    'abandon',
    'quit',
    'reverse',
    'allow',
    'approve',
    'grant',
    'license',
    'permit',
    'exempt',
    'waive',
    'spare',
    'loosen',
    'soften',
    'clear',
    'greenlight',
    'authorize',
    'authorise',
    'endorse',
    'ease',
    'relax',
    'unblock',
    'let',
  ],
  cut: ['cut', 'lower', 'reduce', 'halve', 'trim', 'slash', 'scale', 'roll'],
  pause: ['pause', 'suspend', 'freeze', 'halt', 'stop'],
  delay: ['delay', 'postpone', 'defer'],
  resume: ['resume', 'restart', 'reinstate', 'restore', 'reopen'],
  collapse: ['collapse', 'stall'],
  extend: ['extend', 'prolong', 'renew'],
  // Keeping a measure in place is news of its own: neither imposing nor lifting it.
  keep: ['keep', 'maintain', 'retain', 'stay'],
  invest: ['invest'],
  deal: [
    'agree',
    'accept',
    'bridge',
    'ink',
    'ratify',
    'reach',
    'sign',
    'clinch',
    'seal',
    'conclude',
    'finalise',
    'finalize',
    'deal',
    'strike',
    'complete',
  ],
  buy: ['buy', 'purchase'],
  accuse: [
    'accuse',
    'blame',
    'charge',
    'allege',
    'condemn',
    'criticise',
    'criticize',
    'slam',
    'breach',
    'violate',
    'break',
    'renege',
    'flout',
    'denounce',
    'oppose',
    'decry',
    'rebuke',
    'lash',
    'protest',
  ],
  warn: ['warn', 'threaten'],
  meet: ['meet', 'hold', 'talk', 'call', 'discuss', 'negotiate'],
  complain: ['sue', 'challenge', 'complain'],
  welcome: ['welcome', 'praise', 'hail'],
  designate: ['label', 'name', 'designate', 'brand'],
};

const ACT_BY_LEMMA = new Map(
  Object.entries(ACT_GROUPS).flatMap(([act, lemmas]) => lemmas.map((lemma) => [lemma, act] as const)),
);

/**
 * A verb whose particle changes the act, and with it the direction: "hits back" and "strikes back"
 * retaliate (escalate) where "strikes a deal" calms; "strikes down" ends, "rolls back" cuts.
 */
const PHRASAL_ACTS: Readonly<Record<string, Readonly<Record<string, readonly [string, ActionPolarity?]>>>> = {
  hit: { back: ['retaliate', 'escalate'] },
  strike: { back: ['retaliate', 'escalate'], down: ['end', 'deescalate'] },
  fight: { back: ['retaliate', 'escalate'] },
  fire: { back: ['retaliate', 'escalate'] },
  push: { back: ['delay'] },
  pull: { out: ['end'] },
  put: { off: ['delay', 'deescalate'] },
  break: { down: ['collapse', 'escalate'], off: ['collapse', 'escalate'] },
  call: { off: ['end'] },
  roll: { back: ['cut'] },
  scale: { back: ['cut'] },
};

/** Words for goods moving between the sides: halting them is a ban, not a pause of a measure. */
const TRADE_FLOW = /^(?:export|import|purchas|shipment|deliver|sale|suppl|buy)/;

/** Words that end the verb's object: "restart dialogue over seafood import ban" resumes a dialogue. */
const OBJECT_ENDS: ReadonlySet<string> = new Set(
  'of on over to for from with in at after as amid by against into under'.split(' '),
);

/** The verb's object: the words after it up to the first preposition, at most four. */
function objectWords(following: readonly string[]): string[] {
  const end = following.findIndex((w) => OBJECT_ENDS.has(w));
  return following.slice(0, Math.min(4, end < 0 ? following.length : end));
}

/** Permissions: ending one ("revokes export licences", "ends tariff exemptions") is a curb. */
const PERMISSION = /^(?:licen[cs]|exemption|waiver|exclusion|approval|permit)/;
const TAKES_AWAY: ReadonlySet<string> = new Set([...ENDING_VERBS, 'remove', 'drop', 'strip']);

/** What a side may charge another. */
const LEVIES = /^(?:fee|tariff|dut|levies|levy|toll|surcharge)/;

/** Who a government may designate for sanctions; designating a country names it ("currency manipulator"). */
const SANCTIONABLE =
  /^(?:firm|compan|entit|individual|person|bank|refiner|vessel|tanker|subsidiar|affiliate)/;

/** A takeover completed is the purchase: "completes acquisition of", "closes purchase of". */
const COMPLETES: ReadonlySet<string> = new Set([
  'complete',
  'close',
  'finalise',
  'finalize',
  'seal',
  'conclude',
]);
const TAKEOVER = /^(?:acquisition|acquir|purchas|takeover|buyout|merger)/;

/** What an inquiry is called: opening one escalates, closing one ends it. */
const PROBE = /^(?:probe|investigation|inquir|review)/;
const OPENS_PROBE: ReadonlySet<string> = new Set(['open', 'launch', 'initiate', 'start', 'begin']);
const CLOSES_PROBE: ReadonlySet<string> = new Set(['close', 'conclude', 'end', 'drop', 'terminate', 'scrap']);

/** "lifts duties to 50%": lifting a rate to a figure raises it. */
const RAISES_TO = (words: readonly string[]) =>
  words.slice(0, 6).some((w, i) => w === 'to' && /^\d/.test(words[i + 1] ?? ''));

/**
 * The act a verb names ("retaliate", "pause", "impose", …) given the words after it, and its
 * direction when those words set it; a verb outside the groups is its own act ("say", "plan").
 */
export function actOf(
  lemma: string,
  polarity: ActionPolarity,
  following: readonly string[],
): { act: string; polarity: ActionPolarity } {
  const phrasal = PHRASAL_ACTS[lemma]?.[following[0] ?? ''];
  if (phrasal) return { act: phrasal[0], polarity: phrasal[1] ?? polarity };
  const act = ACT_BY_LEMMA.get(lemma) ?? lemma;
  if (lemma === 'lift' && RAISES_TO(following)) return { act: 'impose', polarity: 'escalate' };
  // "China halts antimony exports", "suspends purchases of US soybeans": a ban, told another way.
  const near = following.slice(0, 4);
  if (act === 'pause' && polarity === 'escalate' && near.some((w) => TRADE_FLOW.test(w)))
    return { act: 'impose', polarity };
  // "Beijing resumes imports of Japanese seafood": lifting the ban on them, told another way.
  const object = objectWords(following);
  // "restart seafood trade" resumes a flow; "restart trade talks" resumes talks.
  const flowResumed = object.some((w) => TRADE_FLOW.test(w)) || object.at(-1) === 'trade';
  if (act === 'resume' && flowResumed) return { act: 'end', polarity: 'deescalate' };
  if (TAKES_AWAY.has(lemma) && object.some((w) => PERMISSION.test(w)))
    return { act: 'impose', polarity: 'escalate' };
  if (lemma === 'designate' && object.some((w) => SANCTIONABLE.test(w)))
    return { act: 'impose', polarity: 'escalate' };
  // "lets tariff exclusions expire" ends a permission: a curb.
  const lapses = following.slice(0, 6).some((w) => /^(?:expire|lapse)/.test(w));
  if (lemma === 'let' && lapses && object.some((w) => PERMISSION.test(w)))
    return { act: 'impose', polarity: 'escalate' };
  if (COMPLETES.has(lemma) && near.some((w) => TAKEOVER.test(w)))
    return { act: 'buy', polarity: 'deescalate' };
  // "charges port fees" imposes them; "charges China with" accuses.
  if (lemma === 'charge' && near.some((w) => LEVIES.test(w))) return { act: 'impose', polarity };
  // "puts tariffs on hold" pauses them.
  if (lemma === 'put' && following.includes('hold')) return { act: 'pause', polarity: 'deescalate' };
  if (near.some((w) => PROBE.test(w))) {
    if (OPENS_PROBE.has(lemma)) return { act: 'probe', polarity: 'escalate' };
    if (CLOSES_PROBE.has(lemma)) return { act: 'end', polarity: 'deescalate' };
  }
  return { act, polarity };
}

const PROLONGS: ReadonlySet<string> = new Set(['extend', 'renew', 'prolong']);

/**
 * The act as a story tells it: extending or renewing a permission grants it again, so "extends
 * exemptions letting Samsung ship" is the story of "grants Samsung waivers" (the reading keeps
 * 'extend': the act is still told as an extension).
 */
export function storyAct(action: HeadlineAction, lemmas: readonly string[]): string {
  return PROLONGS.has(action.lemma) && lemmas.some((w) => PERMISSION.test(w)) ? 'end' : action.act;
}

/**
 * Acts that one outlet may report where another reports the other: "China hits back at Trump, says
 * US breached truce" and "China accuses US of breach"; "China retaliates with tariffs" and "China
 * imposes tariffs on US goods".
 */
const COMPATIBLE_ACTS: ReadonlySet<string> = new Set(['retaliate|impose', 'retaliate|accuse']);

export function actsCompatible(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return COMPATIBLE_ACTS.has(`${a}|${b}`) || COMPATIBLE_ACTS.has(`${b}|${a}`);
}

/**
 * A breach is told by the side that complains of it: "China accuses US of breaching the truce",
 * "Beijing says Washington breached the truce" and "China hits back at Trump, says US breached the
 * truce" are one story, China against the US; "US says China violated the deal" is another.
 */
export const BREACH_VERBS: ReadonlySet<string> = new Set(['breach', 'violate', 'break', 'renege', 'flout']);
