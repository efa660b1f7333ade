/* eslint-disable @typescript-eslint/unbound-method -- wink's `its` helpers are plain functions its typings declare as methods */
import type winkNLP from 'wink-nlp';
import type { ItsFunction } from 'wink-nlp';

/** One word of a headline as the matcher sees it. */
export interface Token {
  /** As written (after spelling normalisation). */
  readonly text: string;
  /** Lowercase, dots removed: "U.S." → "us". */
  readonly lower: string;
  readonly lemma: string;
  /** Porter stem of the lowercase word, so "retaliates" and "retaliation" meet. */
  readonly stem: string;
  /** Universal POS tag from the model: VERB, NOUN, PROPN, ADP, … */
  readonly pos: string;
  readonly stop: boolean;
  readonly punct: boolean;
}

type Nlp = ReturnType<typeof winkNLP>;

// wink-nlp's typings declare lemma and stem with a signature its own `out()` does not accept.
const asIts = (f: unknown) => f as ItsFunction<string>;
let nlp: Nlp | null = null;

/** Builds the language model; the news adapter provides it (src/news/languageModel.ts). */
export type LanguageModelLoader = () => Nlp;
let loadModel: LanguageModelLoader | null = null;

/**
 * The model takes ~100 ms and ~35 MB (with wink-nlp) to load, so it is loaded on the first headline
 * read, not with the code: a bot without news sources never holds it. Loading modules is the
 * adapter's job; once loaded the model is pure computation.
 */
export function provideLanguageModel(load: LanguageModelLoader): void {
  loadModel = load;
}

function engine(): Nlp {
  if (nlp === null) {
    if (loadModel === null)
      throw new Error('no language model: import src/news/languageModel.ts before reading headlines');
    nlp = loadModel();
  }
  return nlp;
}

/** Tokens with lemma, stem and part of speech. */
export function tokenize(text: string): Token[] {
  const its = engine().its;
  const tokens = engine().readDoc(text).tokens();
  const texts = tokens.out();
  const lemmas = tokens.out(asIts(its.lemma));
  const pos = tokens.out(its.pos);
  const types = tokens.out(its.type);
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
  return texts.map((t, i) => {
    const lower = t.toLowerCase().replace(/\./g, '');
    return {
      text: t,
      lower,
      lemma: (lemmas[i] ?? t).toLowerCase(),
      stem: stemOf(lower),
      pos: pos[i] ?? 'X',
      stop: stops[i] ?? false,
      punct: types[i] === 'punctuation' || types[i] === 'symbol',
    };
  });
}

const stems = new Map<string, string>();

/** Porter2 stem of one lowercase word (cached: the lexicon asks for the same words every time). */
export function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    const its = engine().its;
    stem = engine().readDoc(word).tokens().out(asIts(its.stem)).join('') || word;
    if (stems.size < 50_000) stems.set(word, stem);
  }
  return stem;
}
