/** A user-added word or phrase ("rare earth*", "Section 122") and the points it is worth. */
export interface ExtraTerm {
  readonly term: string;
  readonly weight: number;
}

/**
 * How headlines are judged, as the config gives it. The built-in lexicon (src/domain/news/lexicon.ts,
 * parties.ts) does most of the work; these extend it.
 */
export interface NewsRelevanceSettings {
  /** Extra concepts, each worth its weight once. */
  readonly terms: readonly ExtraTerm[];
  /**
   * Extra names for the sides: `a` names count as China (an Asian party of these markets), `b` as the
   * United States; `bonus` is added when an Asian party and a party from elsewhere are both named.
   */
  readonly sides: { readonly a: readonly string[]; readonly b: readonly string[]; readonly bonus: number };
  /** A headline with an Asian party is relevant at this score or more. */
  readonly minScore: number;
}
