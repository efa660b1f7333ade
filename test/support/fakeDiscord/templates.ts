/** OpenAPI-style path templates: `{name}` matches exactly one segment. */
export interface TemplateMatch {
  readonly params: Readonly<Record<string, string>>;
  /** Count of literal segments, so `/users/@me` can win over `/users/{user_id}`. */
  readonly literals: number;
}

export const pathSegments = (path: string): string[] => path.split('/').filter(Boolean);

export function matchTemplate(template: string, path: string): TemplateMatch | undefined {
  const wanted = pathSegments(template);
  const actual = pathSegments(path);
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  let literals = 0;
  for (const [index, segment] of wanted.entries()) {
    const value = actual[index] ?? '';
    const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
    if (parameter !== undefined) params[parameter] = value;
    else if (segment === value) literals += 1;
    else return undefined;
  }
  return { params, literals };
}

/** The candidate whose template matches with the most literal segments. */
export function bestMatch<T>(
  candidates: readonly T[],
  templateOf: (candidate: T) => string,
  path: string,
): { candidate: T; match: TemplateMatch } | undefined {
  let best: { candidate: T; match: TemplateMatch } | undefined;
  for (const candidate of candidates) {
    const match = matchTemplate(templateOf(candidate), path);
    if (match && (!best || match.literals > best.match.literals)) best = { candidate, match };
  }
  return best;
}
