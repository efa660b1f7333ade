import type { NewsConfig } from '../../config/newsSchema.js';

export interface HeadlineScore {
  readonly score: number;
  /** Terms found, in config order: what a reader sees as "why the bot cared". */
  readonly matched: readonly string[];
  readonly bothSides: boolean;
  readonly relevant: boolean;
}

const patterns = new Map<string, RegExp>();

/** `rare earth*` matches rare earth, rare earths; plurals of plain terms match too (tariff → tariffs). */
function patternFor(term: string): RegExp {
  let re = patterns.get(term);
  if (!re) {
    const prefix = term.endsWith('*');
    const body = (prefix ? term.slice(0, -1) : term)
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    const tail = prefix ? '\\w*' : '(?:s|es)?';
    // Case matters for short all-caps names (US vs "us"), not for ordinary words.
    const flags = /^[A-Z.]{2,5}$/.test(term) ? 'u' : 'iu';
    re = new RegExp(`(?<![\\p{L}\\p{N}])${body}${tail}(?![\\p{L}\\p{N}])`, flags);
    patterns.set(term, re);
  }
  return re;
}

/** An explainable relevance score: weights of the terms present, plus a bonus when both sides are named. */
export function scoreHeadline(text: string, news: NewsConfig): HeadlineScore {
  const matched: string[] = [];
  let score = 0;
  for (const { term, weight } of news.terms) {
    if (patternFor(term).test(text)) {
      matched.push(term.replace(/\*$/, ''));
      score += weight;
    }
  }
  const named = (side: readonly string[]) => side.some((name) => patternFor(name).test(text));
  const bothSides = named(news.sides.a) && named(news.sides.b);
  if (bothSides) score += news.sides.bonus;
  return { score, matched, bothSides, relevant: score >= news.minScore };
}
