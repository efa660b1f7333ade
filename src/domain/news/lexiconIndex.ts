import { COMPANY_NAMES } from './companies.js';
import type { PartyId } from './headline.js';
import { CONCEPTS, NEGATIVE_CONTEXTS } from './lexicon.js';
import { compilePhrase, phraseWords, type Phrase } from './match.js';
import { OBJECTS } from './objects.js';
import { PARTY_NAMES } from './parties.js';
import type { NewsRelevanceSettings } from './settings.js';

export interface CompiledConcept {
  readonly id: string;
  readonly weight: number;
  readonly phrases: readonly Phrase[];
  readonly needsCounterparty: boolean;
}

/** One phrase of an object; all objects' phrases are tried longest first ("chip tools" before "chip"). */
export interface CompiledObjectPhrase {
  readonly id: string;
  readonly phrase: Phrase;
}

export interface CompiledNegative {
  readonly id: string;
  readonly effect: 'mask' | 'veto';
  readonly phrases: readonly Phrase[];
}

export interface CompiledAlias {
  readonly party: PartyId;
  readonly phrase: Phrase;
}

/** The lexicon with every phrase compiled, plus the config's additions. */
export interface LexiconIndex {
  readonly concepts: readonly CompiledConcept[];
  readonly negatives: readonly CompiledNegative[];
  /** Longest first, so "Bank of Japan" is taken before "Japan". */
  readonly aliases: readonly CompiledAlias[];
  readonly objects: readonly CompiledObjectPhrase[];
  /** Lowercase words that belong to a name, kept capitalised when a Title Case headline is lowered. */
  readonly nameWords: ReadonlySet<string>;
}

interface BuiltIn {
  readonly concepts: CompiledConcept[];
  readonly negatives: CompiledNegative[];
  readonly aliases: CompiledAlias[];
  readonly objects: CompiledObjectPhrase[];
}

let builtIn: BuiltIn | null = null;
/** Places, people, institutions and markets (parties.ts) and companies (companies.json). */
const ALL_NAMES = [PARTY_NAMES, COMPANY_NAMES].flatMap((names) => Object.entries(names));
const withSettings = new WeakMap<NewsRelevanceSettings, LexiconIndex>();

function compileBuiltIn(): BuiltIn {
  builtIn ??= {
    concepts: [...CONCEPTS]
      .sort((a, b) => b.weight - a.weight)
      .map((c) => ({
        id: c.id,
        weight: c.weight,
        phrases: c.phrases.map(compilePhrase),
        needsCounterparty: c.needsCounterparty === true,
      })),
    negatives: NEGATIVE_CONTEXTS.map((n) => ({ ...n, phrases: n.phrases.map(compilePhrase) })),
    aliases: ALL_NAMES.flatMap(([party, names]) =>
      names.map((name) => ({ party, phrase: compilePhrase(name) })),
    ),
    objects: OBJECTS.flatMap((o) => o.phrases.map((p) => ({ id: o.id, phrase: compilePhrase(p) }))).sort(
      (a, b) => b.phrase.length - a.phrase.length,
    ),
  };
  return builtIn;
}

/** The index for these settings, compiled once per settings object (configs are frozen). */
export function lexiconIndex(settings: NewsRelevanceSettings): LexiconIndex {
  const cached = withSettings.get(settings);
  if (cached) return cached;
  const base = compileBuiltIn();
  const extraConcepts = settings.terms.map((t) => ({
    id: `term:${t.term.replace(/\*$/, '')}`,
    weight: t.weight,
    phrases: [compilePhrase(t.term)],
    needsCounterparty: false,
  }));
  const extraAliases = [
    ...settings.sides.a.map((name) => ({ party: 'CN', phrase: compilePhrase(name) })),
    ...settings.sides.b.map((name) => ({ party: 'US', phrase: compilePhrase(name) })),
  ];
  const aliases = [...base.aliases, ...extraAliases].sort((x, y) => y.phrase.length - x.phrase.length);
  const nameWords = new Set(
    [...ALL_NAMES.flatMap(([, names]) => names), ...settings.sides.a, ...settings.sides.b].flatMap((n) =>
      phraseWords(n).map((w) => w.toLowerCase()),
    ),
  );
  const index = {
    concepts: [...base.concepts, ...extraConcepts],
    negatives: base.negatives,
    aliases,
    objects: base.objects,
    nameWords,
  };
  withSettings.set(settings, index);
  return index;
}
