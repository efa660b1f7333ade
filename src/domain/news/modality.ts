import type { ActionMode } from './headline.js';
import { FRAMING_VERBS } from './lexicon.js';
import type { Token } from './nlp.js';

/** Auxiliaries that make the act conditional: "could impose", "may retaliate". */
const CONDITIONALS: ReadonlySet<string> = new Set(['would', 'could', 'may', 'might']);

/**
 * The future: "US will allow Nvidia to export" is the headline future, a decision as "US to allow"
 * is; "China says it will impose" is a promise, told by a framing verb.
 */
const FUTURE: ReadonlySet<string> = new Set(['will', 'shall']);

/** Verbs and nouns that hold an act back: threats, plans, proposals, considerations, promises, requests. */
const PLANNING: ReadonlySet<string> = new Set([
  'threaten',
  'threat',
  'warn',
  'warning',
  'plan',
  'consider',
  'weigh',
  'mull',
  'eye',
  'seek',
  'aim',
  'propose',
  'proposal',
  'prepare',
  'vow',
  'pledge',
  'promise',
  'explore',
  'study',
  'contemplate',
  'intend',
  'hint',
  'signal',
  'expect',
  'urge',
  'ask',
  'want',
  'demand',
  'ponder',
  'float',
  'offer',
  'press',
  'pressure',
]);

/** Words that plan an act when "to" follows: "set to impose", "poised to raise", "likely to cut". */
const BEFORE_TO: ReadonlySet<string> = new Set(['set', 'poised', 'ready', 'likely', 'expected', 'mulling']);

function holdsBack(tokens: readonly Token[], i: number, framed: boolean): boolean {
  const token = tokens[i];
  if (!token) return false;
  if (token.pos === 'AUX' && (CONDITIONALS.has(token.lemma) || (framed && FUTURE.has(token.lemma))))
    return true;
  if (PLANNING.has(token.lemma)) return true;
  return BEFORE_TO.has(token.lower) && tokens[i + 1]?.lower === 'to';
}

/**
 * The act's mode, read in its own clause up to the act: a modal, a planning or threatening verb
 * that frames it, or the threat itself as the headline's verb ("US threatens China").
 */
export function actionMode(tokens: readonly Token[], actionIndex: number, clauseStart: number): ActionMode {
  let framed = false;
  for (let i = clauseStart; i <= actionIndex; i++) {
    if (holdsBack(tokens, i, framed)) return 'plan';
    framed ||= FRAMING_VERBS.has(tokens[i]?.lemma ?? '');
  }
  return 'act';
}
