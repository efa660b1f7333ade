/** Text and number helpers for building SVG by hand: escaping, cleaning, width estimates, truncation. */

/** True for code units XML 1.0 forbids (C0 controls other than tab/LF/CR, DEL, U+FFFE/FFFF). */
function isForbiddenCodeUnit(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    code === 0x7f ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/**
 * Text safe to put in an XML document once escaped: forbidden control characters and lone surrogates
 * dropped (the SVG parser would reject the whole chart otherwise), whitespace runs collapsed to a space.
 */
export function cleanText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) continue; // lone surrogate
    if (isForbiddenCodeUnit(code)) continue;
    out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Escapes & < > " ' so the text is safe both as element content and inside an attribute value. */
export function escapeXml(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Approximate advance of one character in DejaVu Sans, in em. */
function charWidthEm(ch: string): number {
  if (ch === ' ') return 0.32;
  if (/[0-9]/.test(ch)) return 0.64;
  if (/[.,:;'!|il]/.test(ch)) return 0.3;
  if (/[A-Z]/.test(ch)) return ch === 'M' || ch === 'W' ? 0.86 : 0.7;
  if (/[a-z]/.test(ch)) return ch === 'm' || ch === 'w' ? 0.92 : 0.6;
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1; // CJK and other wide scripts
  return 0.65;
}

/** Estimated rendered width in px of text set in DejaVu Sans (bold is about 10% wider). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize * (bold ? 1.1 : 1);
}

/** At most maxChars code points, ending in an ellipsis when cut. */
export function truncateChars(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}

/** The longest prefix (ending in an ellipsis when cut) whose estimated width fits maxWidth. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = `${chars.slice(0, mid).join('').trimEnd()}…`;
    if (estimateTextWidth(candidate, fontSize, bold) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '…' : `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** A coordinate with at most two decimals, which keeps the SVG small. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}
