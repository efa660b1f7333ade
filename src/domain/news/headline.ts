/**
 * What the bot understands of one headline: who is involved, who acts on whom, what they do, the
 * figures named and the trade concepts touched. Relevance (is this trade news for HSI, N225 or
 * USD/CNH?) and story identity (is this the same story as one already seen?) are both read off it.
 */

/** A party to a trade dispute: 'US', 'CN', 'HK', 'JP', 'EU', 'CA', 'MX', 'KR', 'TW', 'UK', … */
export type PartyId = string;

export type PartyRole = 'actor' | 'target' | 'other';

export interface PartyMention {
  readonly party: PartyId;
  /** The words that named it, as written: "Beijing", "U.S.", "Nvidia" (a company names its home). */
  readonly text: string;
  readonly role: PartyRole;
}

/**
 * The direction an action pushes a dispute: 'escalate' (raise, impose, ban, restrict, accuse,
 * retaliate), 'deescalate' (cut, lift, allow, pause, extend a truce, agree), or 'neutral' (say, meet).
 * Opposite polarities are different stories.
 */
export type ActionPolarity = 'escalate' | 'deescalate' | 'neutral';

export interface HeadlineAction {
  /** The main verb's lemma: 'raise', 'cut', 'impose', 'lift', 'ban', 'accuse', … */
  readonly lemma: string;
  readonly polarity: ActionPolarity;
}

export interface HeadlineReading {
  /** The sanitised title the reading was made from. */
  readonly title: string;
  /** Lowercased lemmas of the content words (no stop words, no punctuation), in order. */
  readonly lemmas: readonly string[];
  readonly parties: readonly PartyMention[];
  /** The party doing the action, when the grammar shows one. */
  readonly actor: PartyId | null;
  /** The party acted on, when the grammar shows one. */
  readonly target: PartyId | null;
  readonly action: HeadlineAction | null;
  /** Figures normalised for comparison: '84%', '125%', '$50bn', '30 days'. */
  readonly figures: readonly string[];
  /** Trade concepts found, by id: 'tariffs', 'export-controls', 'rare-earths', 'truce', 'talks', … */
  readonly concepts: readonly string[];
  /** Explainable relevance score; `relevant` is `score >= the configured minimum` and an Asian party involved. */
  readonly score: number;
  readonly relevant: boolean;
  /** Why: the concepts and parties that counted, and any negative context that vetoed it. */
  readonly reasons: readonly string[];
}
