const MAX_HEADLINE = 256;
const MAX_LINK = 500;

/** Feed text is hostile: no control characters or tags, single spaces, a bounded length. */
export function sanitizeHeadline(text: string): string {
  const clean = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= MAX_HEADLINE ? clean : `${clean.slice(0, MAX_HEADLINE - 1)}…`;
}

/** Only absolute http(s) links of sane length survive; anything else (javascript:, data:, junk) is null. */
export function safeLink(url: string): string | null {
  if (url.length > MAX_LINK) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}
