import { stemOf, type Token } from './nlp.js';

/** Longest ending an inflection adds ("-ing", "-ies", "-ed"); longer words are other words. */
const MAX_INFLECTION_CHARS = 3;

interface WordMatcher {
  readonly lower: string;
  /** "export control*": any word starting with the prefix. */
  readonly prefix: boolean;
  /** Short all-caps names (US, EU, BIS) match only as written, so "us" and "bis" stay ordinary words. */
  readonly exactCase: string | null;
  readonly stem: string;
}

/** A phrase ready to match: words in order, each by case, stem or prefix. */
export type Phrase = readonly WordMatcher[];

/** "U.S.", "rare-earth" and "China’s" written the way headlines are normalised (see normaliseText). */
export function phraseWords(phrase: string): string[] {
  return normaliseText(phrase)
    .replace(/'s\b/g, " 's")
    .split(/\s+/)
    .filter((w) => w !== '');
}

export function compilePhrase(phrase: string): Phrase {
  return phraseWords(phrase).map((word) => {
    const prefix = word.endsWith('*');
    const bare = (prefix ? word.slice(0, -1) : word).replace(/\./g, '');
    const lower = bare.toLowerCase();
    return {
      lower,
      prefix,
      exactCase: /^[A-Z]{2,5}$/.test(bare) ? bare : null,
      stem: prefix ? lower : stemOf(lower),
    };
  });
}

function wordMatches(word: WordMatcher, token: Token): boolean {
  if (word.exactCase !== null) return token.text.replace(/\./g, '') === word.exactCase;
  if (word.prefix) return token.lower.startsWith(word.lower);
  if (token.lower === word.lower || token.lemma === word.lower) return true;
  // Stems join inflections (curbs, curbed, tightening) but also over-reach ("importantly" → import).
  return token.stem === word.stem && token.lower.length <= word.stem.length + MAX_INFLECTION_CHARS;
}

/** The words of one headline as sets, so most of the lexicon's phrases are ruled out in O(1). */
export interface TokenKeys {
  readonly lowers: ReadonlySet<string>;
  readonly stems: ReadonlySet<string>;
  readonly texts: ReadonlySet<string>;
  readonly lowerList: readonly string[];
}

export function tokenKeys(tokens: readonly Token[]): TokenKeys {
  return {
    lowers: new Set(tokens.map((t) => t.lower)),
    stems: new Set(tokens.map((t) => t.stem)),
    texts: new Set(tokens.map((t) => t.text.replace(/\./g, ''))),
    lowerList: tokens.map((t) => t.lower),
  };
}

function wordMayOccur(w: WordMatcher, keys: TokenKeys): boolean {
  if (w.exactCase !== null) return keys.texts.has(w.exactCase);
  if (w.prefix) return keys.lowerList.some((l) => l.startsWith(w.lower));
  return keys.lowers.has(w.lower) || keys.stems.has(w.stem);
}

function mayOccur(phrase: Phrase, keys: TokenKeys): boolean {
  for (const w of phrase) if (!wordMayOccur(w, keys)) return false;
  return true;
}

/** Start indices where the phrase occurs on tokens not yet taken. */
export function findPhrase(
  tokens: readonly Token[],
  phrase: Phrase,
  taken: readonly boolean[],
  keys: TokenKeys,
): number[] {
  const starts: number[] = [];
  if (!mayOccur(phrase, keys)) return starts;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) {
      const token = tokens[i + k];
      const word = phrase[k];
      ok = token !== undefined && word !== undefined && !taken[i + k] && wordMatches(word, token);
    }
    if (ok) starts.push(i);
  }
  return starts;
}

/**
 * Spelling variants headlines use for the same thing: "U.S." and "US", "rare-earth" and "rare earth",
 * curly and straight apostrophes. Hyphens between words become spaces so "US-China" names both sides.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\bU\.S\.A\.?(?![\p{L}])/gu, 'US')
    .replace(/\bU\.S\.?(?![\p{L}])/gu, 'US')
    .replace(/\bU\.K\.?(?![\p{L}])/gu, 'UK')
    .replace(/\bE\.U\.?(?![\p{L}])/gu, 'EU')
    .replace(/(?<=[\p{L}\p{N}])[-‐‑–—/](?=[\p{L}])/gu, ' ')
    .replace(/(?<=[\p{L}])[-‐‑–](?=[\p{N}])/gu, ' ');
}
