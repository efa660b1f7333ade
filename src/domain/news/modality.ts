import type { ActionMode } from './headline.js';
import type { Token } from './nlp.js';

/** Auxiliaries that put the act in the future or the conditional: "says it will impose". */
const MODALS: ReadonlySet<string> = new Set(['will', 'would', 'could', 'may', 'might', 'shall']);

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
]);

/** Words that plan an act when "to" follows: "set to impose", "poised to raise", "likely to cut". */
const BEFORE_TO: ReadonlySet<string> = new Set(['set', 'poised', 'ready', 'likely', 'expected', 'mulling']);

function holdsBack(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  if (!token) return false;
  if (MODALS.has(token.lemma) && token.pos === 'AUX') return true;
  if (PLANNING.has(token.lemma)) return true;
  return BEFORE_TO.has(token.lower) && tokens[i + 1]?.lower === 'to';
}

/**
 * The act's mode, read in its own clause up to the act: a modal, a planning or threatening verb
 * that frames it, or the threat itself as the headline's verb ("US threatens China").
 */
export function actionMode(tokens: readonly Token[], actionIndex: number, clauseStart: number): ActionMode {
  for (let i = clauseStart; i <= actionIndex; i++) if (holdsBack(tokens, i)) return 'plan';
  return 'act';
}
