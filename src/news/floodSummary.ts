import type { StoredEvent } from '../store/newsEvents.js';
import type { CandidateItem } from './selectNewItems.js';
import { inertText } from '../presentation/inertText.js';

/** Titles listed in the summary; the rest are counted. */
const TITLES_LISTED = 5;
const MAX_MESSAGE = 1900;

function cappedLine(capped: readonly CandidateItem[], perSource: number): string | null {
  if (capped.length === 0) return null;
  const bySource = new Map<string, number>();
  for (const item of capped) bySource.set(item.source, (bySource.get(item.source) ?? 0) + 1);
  const sources = [...bySource].map(([source, n]) => `${n} from ${inertText(source)}`).join(', ');
  return `• ${capped.length} new headlines not read this poll (over ${perSource} per source): ${sources}.`;
}

function quietLines(quiet: readonly StoredEvent[], perHour: number): string[] {
  if (quiet.length === 0) return [];
  const listed = quiet
    .slice(0, TITLES_LISTED)
    .map(
      (e) =>
        `  – ${inertText(e.title)} (${inertText(e.source)}, ${new Date(e.time).toISOString().slice(11, 16)} UTC)`,
    );
  const more = quiet.length > TITLES_LISTED ? [`  … and ${quiet.length - TITLES_LISTED} more`] : [];
  return [
    `• ${quiet.length} new trade-news events get no reaction report (over ${perHour} per hour); thresholds still tighten for them:`,
    ...listed,
    ...more,
  ];
}

/**
 * One message for everything the flood caps held back in one ingestion, or null when nothing was:
 * overflow is told, never silently dropped, and never floods the channel itself.
 */
export function floodSummary(
  held: { readonly capped: readonly CandidateItem[]; readonly quiet: readonly StoredEvent[] },
  caps: { readonly itemsPerSourcePerPoll: number; readonly reportsPerHour: number },
): string | null {
  const capped = cappedLine(held.capped, caps.itemsPerSourcePerPoll);
  const quiet = quietLines(held.quiet, caps.reportsPerHour);
  if (capped === null && quiet.length === 0) return null;
  const lines = ['📰 News flood control', ...(capped === null ? [] : [capped]), ...quiet];
  return lines.join('\n').slice(0, MAX_MESSAGE);
}
