import type { HeadlineGenre } from './headline.js';

/**
 * What a headline is, apart from what it says: a wire's marks ("UPDATE 2-", "CORRECTED-",
 * " - Bloomberg", "| CNBC") and its genre. Opinion, columns, analysis and explainers discuss trade
 * news but are not news: they come hours or days after the fact and must not open events.
 */
export interface HeadlineForm {
  /** The headline without wire marks or the outlet's name. */
  readonly text: string;
  readonly genre: HeadlineGenre;
  /** The marks removed, as written: "UPDATE 2", "Bloomberg", "Opinion". */
  readonly marks: readonly string[];
}

/** Wire labels in front of a headline, by genre; news labels are only removed. */
const PREFIX_GENRES: readonly [RegExp, HeadlineGenre][] = [
  [/^(?:opinion|column|commentary|editorial|viewpoint|view|letters?|breakingviews)$/i, 'opinion'],
  [/^(?:(?:news )?analysis|insight|focus|feature|special report|big take|deep dive)$/i, 'analysis'],
  [
    /^(?:explainers?|explained|factbox|fact ?check|timeline|q ?[&+] ?a|qa|podcast|graphic explainer)$/i,
    'explainer',
  ],
  [
    /^(?:update(?: \d+)?|updated|corrected|correction|corrects|refile|rpt|repeat|exclusive|breaking(?: news)?|just in|urgent|flash|alert|wrapup(?: \d+)?|top news|live|watch|video|interview|graphic|poll|preview|instant view|buzz|rpt update(?: \d+)?)$/i,
    'news',
  ],
];

/** "UPDATE 2-", "Opinion: ", "Opinion | ", "EXPLAINER-": a label, then a dash, colon or bar. */
const PREFIX = /^\s*([A-Za-z][A-Za-z &+]{0,24}?(?: \d+)?)\s*(?:-(?=\S)|\s[-–—|]\s|[:|–—]\s*)/;

/** Outlets whose name wires append (" - Reuters", "| CNBC"), lower case. */
const OUTLETS = new Set(
  [
    'Reuters',
    'Bloomberg',
    'Bloomberg News',
    'CNBC',
    'AP',
    'AP News',
    'AFP',
    'Associated Press',
    'Xinhua',
    'Kyodo',
    'Kyodo News',
    'Jiji',
    'Jiji Press',
    'NHK',
    'NHK World',
    'Nikkei',
    'Nikkei Asia',
    'SCMP',
    'South China Morning Post',
    'Financial Times',
    'FT',
    'WSJ',
    'The Wall Street Journal',
    'Wall Street Journal',
    "Barron's",
    'MarketWatch',
    'Yahoo Finance',
    'Yahoo News',
    'CNN',
    'CNN Business',
    'BBC',
    'BBC News',
    'Global Times',
    'China Daily',
    'Caixin',
    'Caixin Global',
    'CGTN',
    'RTHK',
    'The Standard',
    'Hong Kong Free Press',
    'HKFP',
    'Politico',
    'Axios',
    'The Hill',
    'Fox Business',
    'NPR',
    'The Guardian',
    'The New York Times',
    'NYT',
    'The Washington Post',
    'Forbes',
    'Fortune',
    'Business Insider',
    'The Economist',
    'Al Jazeera',
    'DW',
    'France 24',
    'CNA',
    'Channel NewsAsia',
    'The Straits Times',
    'Straits Times',
    'Asahi Shimbun',
    'The Asahi Shimbun',
    'Mainichi',
    'Yomiuri',
    'The Japan Times',
    'Japan Times',
    'Nippon.com',
    'The Diplomat',
    'Asia Times',
    'Semafor',
    'DigiTimes',
    'Investing.com',
    'Seeking Alpha',
    'MSN',
  ].map((o) => o.toLowerCase()),
);

/** Words that end the name of a publication: "Markets Wire", "Pacific Business Daily". */
const PUBLICATION_WORD =
  /\b(?:news|times|post|journal|daily|herald|tribune|review|online|tv|wire|press|network|agency|monitor|weekly|gazette|shimbun|radio|finance|magazine|report|asia|insider)$/i;
const DOMAIN = /^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co|jp|cn|hk|uk|io|info|biz)$/i;

const wordCount = (text: string) => text.split(/\s+/).filter((w) => w !== '').length;

/**
 * The tail after " - " or " | ": an outlet's name, a genre mark, or part of the headline. After a
 * bar any short Title Case name is the site's, unless the head is as short ("Trade War | China
 * Retaliates" is a topic and its headline).
 */
function tailMark(head: string, tail: string, bar: boolean): HeadlineGenre | 'outlet' | null {
  const genre = PREFIX_GENRES.find(([pattern]) => pattern.test(tail))?.[1];
  if (genre !== undefined && genre !== 'news') return genre;
  if (OUTLETS.has(tail.toLowerCase()) || DOMAIN.test(tail)) return 'outlet';
  const words = tail.split(/\s+/);
  if (words.length > 5 || !words.every((w) => /^[\p{Lu}\d&.'’]/u.test(w))) return null;
  if (PUBLICATION_WORD.test(tail)) return 'outlet';
  return bar && wordCount(head) >= 2 * words.length ? 'outlet' : null;
}

/** "What is the Entity List?", "Why the yen keeps falling", "How X works": explainers by their form. */
function isExplainerQuestion(text: string): boolean {
  if (/^(?:what|why|how|who|which|is|are|can|could|will|would|should|does|do)\b.*\?$/i.test(text))
    return true;
  return /^(?:what|why|how)\b.*\b(?:means?|matters?|explained|works?|to know|to expect|at stake)\b/i.test(
    text,
  );
}

function stripPrefixes(text: string, marks: string[]): { text: string; genre: HeadlineGenre } {
  let rest = text;
  let genre: HeadlineGenre = 'news';
  for (let m = PREFIX.exec(rest); m?.[1] !== undefined; m = PREFIX.exec(rest)) {
    const label = m[1].trim();
    const found = PREFIX_GENRES.find(([pattern]) => pattern.test(label));
    if (!found) break;
    if (found[1] !== 'news') genre = found[1];
    marks.push(label);
    rest = rest.slice(m[0].length);
  }
  return { text: rest, genre };
}

function stripSuffixes(text: string, marks: string[]): { text: string; genre: HeadlineGenre | null } {
  let rest = text;
  let genre: HeadlineGenre | null = null;
  for (
    let m = /\s+([-–—|])\s+([^-–—|]+?)\s*$/.exec(rest);
    m;
    m = /\s+([-–—|])\s+([^-–—|]+?)\s*$/.exec(rest)
  ) {
    const tail = m[2] ?? '';
    const mark = tailMark(rest.slice(0, m.index), tail, m[1] === '|');
    if (mark === null) break;
    if (mark !== 'outlet') genre = mark;
    marks.push(tail);
    rest = rest.slice(0, m.index);
  }
  return { text: rest.replace(/\s*\((?:Reuters|Bloomberg|AP|AFP|Kyodo|Xinhua)\)\s*$/i, ''), genre };
}

/** Strips wire marks and the outlet's name and tells news from opinion, analysis and explainers. */
export function headlineForm(title: string): HeadlineForm {
  const marks: string[] = [];
  const front = stripPrefixes(title.trim(), marks);
  const back = stripSuffixes(front.text, marks);
  const text = back.text.trim() === '' ? title.trim() : back.text.trim();
  const genre =
    front.genre !== 'news' ? front.genre : (back.genre ?? (isExplainerQuestion(text) ? 'explainer' : 'news'));
  return { text, genre, marks };
}
