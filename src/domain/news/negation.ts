import type { Token } from './nlp.js';

/** Words that deny what follows: "will not lift", "won't", "no trade deal", "never". */
const NEGATORS: ReadonlySet<string> = new Set(['not', "n't", 'no', 'never', 'without', 'nor', 'neither']);

/** Verbs that deny the act they introduce: "denies agreeing to", "rules out", "refuses to", "fails to". */
const DENYING_VERBS: ReadonlySet<string> = new Set(['deny', 'refute', 'refuse', 'fail', 'decline']);

/** Particles that make a verb a denial: "rules out", "yet to". */
const DENYING_PAIRS: readonly (readonly [string, string])[] = [
  ['rule', 'out'],
  ['yet', 'to'],
];

/** How far before the word it denies a negator may stand: "does not plan to lift" is three words. */
const NEGATION_REACH = 4;

/**
 * Denials that frame a whole clause, however long: "denies report it will cut", "rejects report of
 * plan to reduce", "dismisses reports that", "rejects bill to ban".
 */
const FRAMING_DENIALS: ReadonlySet<string> = new Set(['deny', 'refute']);
const DENIED_REPORTS: ReadonlySet<string> = new Set(
  'report reports claim claims speculation bill proposal plan demand demands offer request motion'.split(' '),
);
const REPORT_DENIERS: ReadonlySet<string> = new Set(['reject', 'dismiss', 'deny', 'refute', 'slam']);

function deniesClause(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  if (!token) return false;
  if (FRAMING_DENIALS.has(token.lemma)) return true;
  return REPORT_DENIERS.has(token.lemma) && DENIED_REPORTS.has(tokens[i + 1]?.lower ?? '');
}

function isNegator(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  if (!token) return false;
  // "No. 2 carmaker", "No 1 exporter" are ranks, not denials.
  if (token.lower === 'no' && /^(?:\.|\d)/.test(tokens[i + 1]?.text ?? '')) return false;
  if (NEGATORS.has(token.lower) || DENYING_VERBS.has(token.lemma)) return true;
  const next = tokens[i + 1]?.lower;
  return DENYING_PAIRS.some(([first, second]) => token.lemma === first && next === second);
}

/**
 * Whether the headline denies its main act: a negator shortly before the action ("US will not lift
 * tariffs"), or, when the action is only a statement, shortly before what is stated ("Japan says no
 * trade deal with US yet"). A claim and its denial are two stories.
 */
export function isNegated(tokens: readonly Token[], anchor: number | null, clauseStart: number): boolean {
  if (anchor === null) return false;
  for (let i = anchor - 1; i >= clauseStart; i--) {
    const token = tokens[i];
    // A comma or colon ends the clause; quotes do not ("will 'not' lift").
    if (token?.punct === true && !/^["'‘’“”]$/.test(token.text)) return false;
    if (anchor - i <= NEGATION_REACH && isNegator(tokens, i)) return true;
    if (deniesClause(tokens, i)) return true;
  }
  return false;
}
