/** Lowercase words without punctuation, quotes or a trailing " - Source" attribution. */
export function normaliseTitle(title: string): string {
  return title
    .replace(/\s[-–—|]\s[^-–—|]{2,40}$/u, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Jaccard similarity of the two titles' word sets: 1 for the same words, 0 for none in common. */
export function titleSimilarity(a: string, b: string): number {
  const wa = new Set(normaliseTitle(a).split(' ').filter(Boolean));
  const wb = new Set(normaliseTitle(b).split(' ').filter(Boolean));
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}
