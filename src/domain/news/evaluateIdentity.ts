import { readHeadline } from './readHeadline.js';
import type { NewsRelevanceSettings } from './settings.js';
import { storyIdentity, storyMatch, type StoryIdentity } from './storyIdentity.js';

export type IdentityVerdict = 'same' | 'different';

/** Two headlines and whether they tell one story, labelled by hand. */
export interface IdentityCase {
  readonly verdict: IdentityVerdict;
  readonly a: string;
  readonly b: string;
}

export interface IdentityMiss extends IdentityCase {
  /** storyMatch of a with b (0 when the structure differs). */
  readonly match: number;
  readonly identities: readonly [StoryIdentity, StoryIdentity];
}

export interface IdentityEvaluation {
  readonly right: number;
  readonly total: number;
  readonly misses: readonly IdentityMiss[];
}

/**
 * `same|different<TAB>headline<TAB>headline` lines; blank lines and # comments skipped. Errors name
 * the line.
 */
export function parseIdentityCases(text: string): { rows: IdentityCase[]; errors: string[] } {
  const rows: IdentityCase[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const [verdict, a, b, ...rest] = line.split('\t').map((cell) => cell.trim());
    if ((verdict === 'same' || verdict === 'different') && a && b && rest.length === 0)
      rows.push({ verdict, a, b });
    else errors.push(`line ${i + 1}: expected "same|different<TAB>headline<TAB>headline"`);
  });
  return { rows, errors };
}

/**
 * How many cases the story identity tells right at the merge threshold `minMatch`
 * (news.dedupe.similarity). A case is right only when both orders give its verdict, and each miss
 * carries both identities, to show which test decided it.
 */
export function evaluateIdentityCases(
  rows: readonly IdentityCase[],
  settings: NewsRelevanceSettings,
  minMatch: number,
): IdentityEvaluation {
  const misses: IdentityMiss[] = [];
  const read = (headline: string) => storyIdentity(readHeadline(headline, settings));
  const verdictOf = (match: number): IdentityVerdict => (match >= minMatch ? 'same' : 'different');
  for (const row of rows) {
    const identities = [read(row.a), read(row.b)] as const;
    const match = storyMatch(identities[0], identities[1]);
    const reverse = storyMatch(identities[1], identities[0]);
    if (verdictOf(match) !== row.verdict || verdictOf(reverse) !== row.verdict)
      misses.push({ ...row, match, identities });
  }
  return { right: rows.length - misses.length, total: rows.length, misses };
}
