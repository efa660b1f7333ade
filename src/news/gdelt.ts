import { z } from 'zod';
import { parseFeedDate } from './feedDates.js';
import { emptySkips } from './feedItem.js';
import type { NewsItem, ParsedFeed, SkipCounts } from './feedItem.js';

/**
 * GDELT DOC 2.0 `mode=artlist&format=json`: `{"articles":[{url, url_mobile, title, seendate,
 * socialimage, domain, language, sourcecountry}, …]}`, `seendate` like `20250602T013000Z` (UTC).
 * An empty result is `{}`; a rejected query is a one-line plain-text sentence with status 200.
 *
 * GDELT is known to emit invalid JSON now and then: escapes JSON does not have (`\'`), raw control
 * characters inside strings, and unescaped quotes inside titles. One such article must not cost
 * the batch, so the body is repaired, and if it still does not parse, read article by article.
 */

const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Drops backslashes JSON does not allow and blanks raw control characters inside strings. */
export function repairGdeltJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (!inString) {
      out += c;
      inString = c === '"';
      continue;
    }
    if (c === '\\') {
      const next = text.charAt(i + 1);
      const valid = VALID_ESCAPES.has(next) && (next !== 'u' || HEX4.test(text.slice(i + 2, i + 6)));
      if (valid) {
        out += c + next;
        i++;
      }
      continue;
    }
    if (c === '"') inString = false;
    out += c.charCodeAt(0) < 0x20 ? ' ' : c;
  }
  return out;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const ARTICLE_START = /\{\s*"url"\s*:/g;

/**
 * Each article of a body that is not JSON as a whole, split where an article opens (GDELT writes
 * `url` first), so an unescaped quote in one title cannot swallow its neighbours.
 */
function splitArticles(text: string): { articles: unknown[]; unparseable: number } {
  const starts = [...text.matchAll(ARTICLE_START)].map((m) => m.index);
  const articles: unknown[] = [];
  let unparseable = 0;
  starts.forEach((start, k) => {
    const chunk = text
      .slice(start, starts[k + 1] ?? text.length)
      .replace(/\s*\]\s*\}\s*$/, '')
      .replace(/\s*,\s*$/, '');
    const parsed = tryJson(chunk);
    if (parsed.ok) articles.push(parsed.value);
    else unparseable++;
  });
  return { articles, unparseable };
}

const envelopeSchema = z.object({ articles: z.array(z.unknown()).default([]) }).loose();

const articleSchema = z.record(z.string(), z.unknown());

const nonBlank = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** GDELT titles come tokenised, "Breach , Threatens" and "Talks : Day Two"; give punctuation back its place. */
const tidyTitle = (title: string): string =>
  title.replace(/\s+([,.:;!?])(?=\s|$)/g, '$1').replace(/\s+/g, ' ');

// GDELT has one date form; anything else (a bare day, say) would be a guess about the hour.
const SEENDATE = /^\d{8}T\d{6}Z$/;
const seenAt = (v: unknown): number | null =>
  typeof v === 'string' && SEENDATE.test(v) ? parseFeedDate(v, 'UTC') : null;

function toItems(source: string, raw: readonly unknown[], unparseable: number): ParsedFeed {
  const skippedBy: SkipCounts = { ...emptySkips(), unparseable };
  const items: NewsItem[] = [];
  for (const r of raw) {
    const a = articleSchema.safeParse(r);
    if (!a.success) {
      skippedBy.unparseable++;
      continue;
    }
    const rawTitle = nonBlank(a.data['title']);
    const title = rawTitle === null ? null : tidyTitle(rawTitle);
    const link = nonBlank(a.data['url']);
    const publishedAt = seenAt(a.data['seendate']);
    if (title === null) skippedBy.noTitle++;
    else if (link === null) skippedBy.noLink++;
    else if (publishedAt === null) skippedBy.badDate++;
    else items.push({ source, title, link, publishedAt });
  }
  const skipped = skippedBy.noTitle + skippedBy.noLink + skippedBy.badDate + skippedBy.unparseable;
  return { items, skipped, skippedBy };
}

/** Parses an artlist body; throws an Error saying what is wrong only when nothing at all is readable. */
export function parseGdelt(source: string, body: string): ParsedFeed {
  const text = body.trim();
  if (!text.startsWith('{')) {
    throw new Error(`GDELT answered with text, not JSON: "${text.slice(0, 80)}"`);
  }
  const repaired = repairGdeltJson(text);
  const whole = tryJson(text);
  const parsed = whole.ok ? whole : tryJson(repaired);
  if (parsed.ok) {
    const envelope = envelopeSchema.safeParse(parsed.value);
    if (!envelope.success) {
      throw new Error(`unexpected GDELT JSON (${envelope.error.issues[0]?.message ?? 'invalid'})`);
    }
    return toItems(source, envelope.data.articles, 0);
  }
  const { articles, unparseable } = splitArticles(repaired);
  if (articles.length === 0) {
    throw new Error(`GDELT JSON unreadable, not one article parsed: "${text.slice(0, 80)}"`);
  }
  return toItems(source, articles, unparseable);
}
