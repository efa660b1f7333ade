import type { PlacedParty } from './grammar.js';
import type { MarketMove } from './headline.js';
import type { Token } from './nlp.js';

/** Names that are a market on their own: an index or a currency. */
const MARKET_NAMES: ReadonlySet<string> = new Set([
  'hang seng',
  'hsi',
  'nikkei',
  'topix',
  'csi 300',
  'yuan',
  'renminbi',
  'cnh',
  'cny',
  'yen',
]);

/** Words that turn a place into its market: "Hong Kong stocks", "Japanese shares", "China's bourses". */
const MARKET_NOUNS: ReadonlySet<string> = new Set([
  'stock',
  'share',
  'equity',
  'market',
  'bourse',
  'index',
  'benchmark',
  'composite',
  'currency',
]);

const FALLS: ReadonlySet<string> = new Set(
  'fall drop slump plunge tumble slide sink dive crash sag plummet slip skid retreat lose decline weaken tank crater nosedive shed sell selloff'.split(
    ' ',
  ),
);
const RISES: ReadonlySet<string> = new Set(
  'rise jump surge soar rally climb gain rebound advance strengthen firm recover spike bounce leap'.split(
    ' ',
  ),
);

const LOWS: ReadonlySet<string> = new Set(['low', 'lows', 'lowest', 'weakest', 'bottom']);
const HIGHS: ReadonlySet<string> = new Set(['high', 'highs', 'highest', 'strongest', 'record', 'peak']);

/** Verbs that bring a market to a level: "hits a two-week low", "closes at an all-time high". */
const REACHES: ReadonlySet<string> = new Set(['hit', 'touch', 'close', 'end', 'finish', 'reach', 'set']);

/** How far after the market's name its verb may come: "Hang Seng tech index slumps" is three words. */
const VERB_REACH = 4;

function isMarket(tokens: readonly Token[], party: PlacedParty): boolean {
  if (MARKET_NAMES.has(party.text.toLowerCase())) return true;
  const next = [tokens[party.end], tokens[party.end + 1]].filter((t) => t?.lower !== "'s");
  return next.some((t) => t !== undefined && MARKET_NOUNS.has(t.lemma));
}

function direction(tokens: readonly Token[], from: number): 'fall' | 'rise' | null {
  for (let i = from; i < Math.min(tokens.length, from + VERB_REACH + 1); i++) {
    const token = tokens[i];
    if (!token) break;
    // "Nikkei closes down 4%", "Hang Seng up 2%"
    if (FALLS.has(token.lemma) || token.lower === 'lower' || token.lower === 'down') return 'fall';
    if (RISES.has(token.lemma) || token.lower === 'higher' || token.lower === 'up') return 'rise';
    // "Yuan hits two-week low", "Nikkei hits record high", "Nikkei closes at all-time high"
    if (REACHES.has(token.lemma)) {
      const rest = tokens.slice(i + 1, i + 5).map((t) => t.lower);
      if (rest.some((w) => LOWS.has(w))) return 'fall';
      if (rest.some((w) => HIGHS.has(w))) return 'rise';
    }
  }
  return null;
}

/**
 * A market story: the headline opens with markets ("Hang Seng", "Hong Kong stocks", "Nikkei and
 * yen") that then rise or fall. Its parties are the markets', whatever cause it names, so the index
 * and its city make one story.
 */
export function findMarketMove(tokens: readonly Token[], parties: readonly PlacedParty[]): MarketMove | null {
  const leading: PlacedParty[] = [];
  let end = 0;
  parties.every((party, i) => {
    if (party.start - end > 2) return false;
    end = party.end;
    if (isMarket(tokens, party)) leading.push(party);
    // "Japan's Nikkei", "Hong Kong's Hang Seng", "Japanese yen": the owner before its market.
    else if (leading.length > 0) return false;
    else return tokens[party.end]?.lower === "'s" || parties[i + 1]?.start === party.end;
    return true;
  });
  const last = leading.at(-1);
  if (!last) return null;
  const moved = direction(tokens, last.end);
  return moved === null
    ? null
    : { parties: [...new Set(leading.map((p) => p.party))].sort(), direction: moved };
}
