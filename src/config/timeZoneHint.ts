import { editDistance } from './nearestKey.js';

/** Zones Node knows, plus UTC, which the list leaves out though every zone setting accepts it. */
const knownZones = (): string[] => [...Intl.supportedValuesOf('timeZone'), 'UTC'];

const city = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1);

/**
 * The IANA zones nearest a misspelt one (up to three, closest first): compared whole and by the
 * city alone, so `Asia/Tokio`, `Hongkong` and `asia/hong kong` all find theirs.
 */
export function nearestTimeZones(written: string, zones: readonly string[] = knownZones()): string[] {
  const word = written.trim().replace(/ /g, '_');
  const limit = Math.max(1, Math.floor(city(word).length / 3));
  return zones
    .map((zone) => ({
      zone,
      distance: Math.min(editDistance(word, zone), editDistance(city(word), city(zone))),
    }))
    .filter((z) => z.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.zone.localeCompare(b.zone))
    .slice(0, 3)
    .map((z) => z.zone);
}

/** The message for a zone Intl does not know: the nearest names, or an example when none is near. */
export function unknownTimeZoneMessage(written: unknown): string {
  const near = typeof written === 'string' ? nearestTimeZones(written) : [];
  const what = `${JSON.stringify(written)} is not an IANA time zone`;
  if (near.length === 0) return `${what}; write one such as Asia/Hong_Kong`;
  return `${what}; did you mean ${near.map((z) => `"${z}"`).join(' or ')}?`;
}
