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

/** A redactor for these secret values (e.g. TWELVEDATA_API_KEY) plus every secret-named parameter. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = secrets
    .map((s) => s?.trim() ?? '')
    .filter((s) => s.length >= MIN_SECRET_CHARS)
    .flatMap(encodings);
  return (text) => {
    let out = text;
    // Case-insensitive: a page may upper-case what it echoes.
    for (const form of forms) out = out.replace(new RegExp(escapeRegExp(form), 'gi'), MASK);
    return redactSecretParams(out);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
