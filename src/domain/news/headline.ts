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

/**
 * Whether the act is taken ('act') or only threatened, planned, weighed or promised ('plan'): "US
 * threatens tariffs", "US plans to raise tariffs", "China says it will impose export controls" and
 * "US weighs curbs" are other stories than "US imposes…", which may follow hours or days later.
 * The headline future ("US to impose") reports a decision and is an act.
 */
export type ActionMode = 'act' | 'plan';

export interface HeadlineAction {
  /** The main verb's lemma: 'raise', 'cut', 'impose', 'lift', 'ban', 'accuse', … */
  readonly lemma: string;
  readonly polarity: ActionPolarity;
  /**
   * The kind of act, finer than polarity and shared by synonyms: 'impose' (raise, slap, ban…),
   * 'end' (lift, remove…), 'cut', 'pause', 'delay', 'resume', 'extend', 'deal', 'retaliate' (also
   * "hits back"), 'accuse' (also breach, violate), 'meet'; any other verb is its own act ('say').
   */
  readonly act: string;
  readonly mode: ActionMode;
}

/** Opinion, columns, analysis and explainers discuss trade news but are not news. */
export type HeadlineGenre = 'news' | 'opinion' | 'analysis' | 'explainer';

/** A market named as the headline's subject ("Hang Seng", "Hong Kong stocks", "yen") and its move. */
export interface MarketMove {
  readonly parties: readonly PartyId[];
  readonly direction: 'fall' | 'rise';
}

/**
 * What a headline tells only in a clause beside its own ("… amid trade talks", "… as Trump hikes
 * tariffs", "…, Akazawa says"): the cause or setting, not the story.
 */
export interface HeadlineAside {
  /** Lemmas, concepts and parties named there and nowhere in the headline's own clause. */
  readonly lemmas: readonly string[];
  readonly concepts: readonly string[];
  readonly parties: readonly PartyId[];
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
  /** "US and Japan agree…": a joint subject, whose actor and target are only a fixed order. */
  readonly jointSubject: boolean;
  /** Told beside the headline's own clause; null when it has none after it. */
  readonly aside: HeadlineAside | null;
  /** The headline denies its act: "US will not lift tariffs", "Japan says no trade deal yet". */
  readonly negated: boolean;
  /** What the act is about, by id: 'autos', 'steel', 'rare-earths', 'entity-list', … (see objects.ts). */
  readonly objects: readonly string[];
  /** Set when the headline is a market's move ("Hang Seng slumps 9% as…"). */
  readonly market: MarketMove | null;
  readonly genre: HeadlineGenre;
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
