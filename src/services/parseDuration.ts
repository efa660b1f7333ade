const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: DAY_MS };
export const MAX_SILENCE_MS = 7 * DAY_MS;

/** Parses "45m", "2h", "1h30m" or "1d" into ms; explains what is accepted otherwise. */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  const parts = [...compact.matchAll(/(\d+)([mhd])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== compact) {
    return { ok: false, error: `"${text}" is not a duration; use e.g. 45m, 2h, 1h30m or 1d` };
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 'm'] ?? 0), 0);
  if (ms <= 0) return { ok: false, error: 'the duration must be longer than zero' };
  if (ms > MAX_SILENCE_MS) return { ok: false, error: 'at most 7 days (7d); silence again later if needed' };
  return { ok: true, ms };
}
