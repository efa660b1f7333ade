/**
 * Feed text as plain, bounded text: abstracts and descriptions arrive as HTML, in CDATA sections the
 * XML parser leaves undecoded (WordPress writes `&#8230;` there), and sometimes pages long.
 */

/** Enough for a Federal Register abstract (a few sentences); the rest of a long body adds noise, not parties. */
export const BODY_MAX_CHARS = 1_000;

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  ndash: '–',
  mdash: '—',
};

function codePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return codePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return codePoint(Number(ref.slice(1)));
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Tags and control characters out, entities decoded, single spaces, at most `maxChars` (cut at a word). */
export function plainText(raw: string, maxChars = BODY_MAX_CHARS): string {
  const text = decodeEntities(raw.replace(/<[^>]*>/g, ' '))
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
}
