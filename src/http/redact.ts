/**
 * Removes secrets from text that came back from a provider (error bodies, HTML pages, redirect
 * targets, parser messages) before it reaches an error message, a log line or /status. Providers echo
 * requests in surprising ways (an HTML page quoting the URL, a JSON error repeating the key), so two
 * nets are used: the configured secret values themselves, wherever they appear and however encoded,
 * and the values of any parameter whose name says it holds a secret.
 */

/** Parameter names whose values are secrets: apikey, api_key, token, access_token, key, sig, … */
const SECRET_NAME = String.raw`[\w.-]*?(?:key|token|secret|password|passwd|signature|sig|auth|crumb|credential)s?`;
const MASK = '***';

// name=value in a query or form (also HTML-escaped `&amp;name=` and URL-encoded `name%3Dvalue`).
const PARAM = new RegExp(String.raw`(^|[^\w.-])(${SECRET_NAME})(=|%3D)([^&\s"'<>#;]*)`, 'gi');
// "name": "value" in JSON, and name: value or name = value in prose.
const QUOTED = new RegExp(String.raw`(["']?)(${SECRET_NAME})\1(\s*[:=]\s*)(["']?)([^"'\s,;&<>}]+)\4`, 'gi');
// user:password@ in a URL.
const USERINFO = /(\b[a-z][\w+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi;

/** Secrets shorter than this are not searched for as text: they would mask ordinary words. */
const MIN_SECRET_CHARS = 4;
/**
 * Any run of at least this many characters of a secret is masked too: a cut-off echo (an error
 * body truncated inside the key, the first 10 characters JSON.parse quotes) or one of the three
 * dot-separated parts of a Discord token gives a secret away as surely as the whole value.
 */
const MIN_PIECE_CHARS = 6;

/** Masks secret-named parameters and URL passwords; needs no configured values. */
export function redactSecretParams(text: string): string {
  return text
    .replace(PARAM, (_m, lead: string, name: string, eq: string) => `${lead}${name}${eq}${MASK}`)
    .replace(
      QUOTED,
      (_m, q: string, name: string, sep: string, vq: string) => `${q}${name}${q}${sep}${vq}${MASK}${vq}`,
    )
    .replace(USERINFO, `$1${MASK}@`);
}

function encodings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]);
  forms.add(secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  return [...forms].sort((a, b) => b.length - a.length);
}

export type Redact = (text: string) => string;

/** Where each MIN_PIECE_CHARS-long window of each secret starts, keyed by the window (lower case). */
type PieceIndex = Map<string, { secret: string; at: number }[]>;

function indexPieces(secrets: readonly string[]): PieceIndex {
  const index: PieceIndex = new Map();
  for (const secret of secrets.map((s) => s.toLowerCase())) {
    for (let at = 0; at + MIN_PIECE_CHARS <= secret.length; at++) {
      const window = secret.slice(at, at + MIN_PIECE_CHARS);
      const starts = index.get(window) ?? [];
      starts.push({ secret, at });
      index.set(window, starts);
    }
  }
  return index;
}

/** The end of the longest run of `lower` from `i` that continues a secret piece found there. */
function pieceEnd(lower: string, i: number, index: PieceIndex): number {
  let end = i;
  for (const { secret, at } of index.get(lower.slice(i, i + MIN_PIECE_CHARS)) ?? []) {
    let e = i + MIN_PIECE_CHARS;
    while (e < lower.length && at + e - i < secret.length && lower[e] === secret[at + e - i]) e++;
    end = Math.max(end, e);
  }
  return end;
}

/** Masks every run of text that matches at least MIN_PIECE_CHARS consecutive characters of a secret. */
function maskPieces(text: string, index: PieceIndex): string {
  if (index.size === 0 || text.length < MIN_PIECE_CHARS) return text;
  const lower = text.toLowerCase();
  let out = '';
  let maskedTo = -1;
  for (let i = 0; i + MIN_PIECE_CHARS <= lower.length; i++) {
    const end = pieceEnd(lower, i, index);
    if (end === i) continue;
    // A run that starts inside (or right after) the one being masked extends it: one mask, not two.
    if (i > maskedTo) out += `${text.slice(Math.max(maskedTo, 0), i)}${MASK}`;
    maskedTo = Math.max(maskedTo, end);
  }
  return out + text.slice(Math.max(maskedTo, 0));
}

/**
 * A redactor for these secret values (DISCORD_TOKEN, TWELVEDATA_API_KEY, …): each value however
 * encoded, any run of MIN_PIECE_CHARS or more of its characters, and every secret-named parameter.
 * The one helper that turns text from outside (error bodies, pages, exceptions) into text the bot may
 * log, store or show.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const values = secrets.map((s) => s?.trim() ?? '').filter((s) => s.length >= MIN_SECRET_CHARS);
  // Case-insensitive: a page may upper-case what it echoes.
  const forms = values.flatMap(encodings).map((form) => new RegExp(escapeRegExp(form), 'gi'));
  const pieces = indexPieces(values);
  return (text) => {
    let out = text;
    for (const form of forms) out = out.replace(form, MASK);
    return redactSecretParams(maskPieces(out, pieces));
  };
}

/** An error (or anything thrown) as text fit for a log line, a stored record or a reply. */
export function errorText(err: unknown, redact: Redact): string {
  return redact(err instanceof Error ? err.message : String(err));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
