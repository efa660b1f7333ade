import type { Config } from '../config/config.js';
import type { EventConfig } from '../config/schema.js';
import { createCalendar } from '../domain/calendar/index.js';
import { GAP_ROW_LABEL, offshoreOverOnshore } from '../domain/onshoreGap.js';
import { measureReaction, REACTION_STEPS_MINUTES } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import { createReplayProvider, type ReplayProvider } from '../providers/replay.js';

const MINUTE_MS = 60_000;

export interface StudyRow {
  readonly event: string;
  readonly title: string;
  readonly time: number;
  readonly symbol: string;
  readonly reaction: Reaction | null;
  /** Why there is no reaction, e.g. no recorded data for that day. */
  readonly problem: string | null;
}

/**
 * Each instrument's move after each event, from saved chart responses: the same measurement as
 * the live reaction report, so thresholds and terms can be tuned on history.
 */
export async function runEventStudy(
  config: Config,
  events: readonly EventConfig[],
  dataDir: string,
): Promise<StudyRow[]> {
  let clock = 0;
  const provider = createReplayProvider({ dir: dataDir, now: () => clock });
  const calendar = createCalendar(config.markets);
  const lastStep = REACTION_STEPS_MINUTES[REACTION_STEPS_MINUTES.length - 1] ?? 60;
  const rows: StudyRow[] = [];
  for (const ev of events) {
    const t0 = Date.parse(ev.time);
    for (const inst of config.instruments.filter((i) => provider.supports(i))) {
      const status = (at: number) => calendar.status(inst.market, at);
      const atT0 = status(t0);
      const start = atT0.state === 'open' ? t0 : atT0.nextOpen;
      const base = { event: ev.id, title: ev.title, time: t0, symbol: inst.id };
      if (start === null) {
        rows.push({ ...base, reaction: null, problem: 'the market does not open within 30 days' });
        continue;
      }
      clock = start + lastStep * MINUTE_MS;
      try {
        const quote = await provider.fetchQuote(inst);
        const reaction = measureReaction({
          t0,
          points: quote.bars,
          previousClose: quote.previousClose,
          status,
          sanityJumpPct: inst.thresholds.sanityJumpPct,
        });
        rows.push({
          ...base,
          reaction,
          problem: reaction.base ? null : 'no recorded prices around the event',
        });
      } catch (err) {
        rows.push({ ...base, reaction: null, problem: (err as Error).message });
      }
    }
    const gap = await gapRow(config, provider, ev, clock);
    if (gap) rows.push(gap);
  }
  return rows;
}

/**
 * The offshore–onshore gap's move after an event (CNH/CNY, as in the reaction reports), from the quotes
 * as of the last instrument's clock; null unless the gap signal is on and both rates were recorded.
 */
async function gapRow(
  config: Config,
  provider: ReplayProvider,
  ev: EventConfig,
  clock: number,
): Promise<StudyRow | null> {
  const settings = config.signals.onshoreGap;
  const find = (id: string) => config.instruments.find((i) => i.id === id && provider.supports(i));
  const [offshore, onshore] = [find(settings.offshore), find(settings.onshore)];
  if (!settings.enabled || !offshore || !onshore || clock === 0) return null;
  const [cnh, cny] = await Promise.all([provider.fetchQuote(offshore), provider.fetchQuote(onshore)]);
  const calendar = createCalendar(config.markets);
  const reaction = measureReaction({
    t0: Date.parse(ev.time),
    points: offshoreOverOnshore(cnh.bars, cny.bars),
    previousClose: cnh.previousClose && cny.previousClose ? cnh.previousClose / cny.previousClose : null,
    status: (at) => calendar.status(offshore.market, at),
    sanityJumpPct: offshore.thresholds.sanityJumpPct,
  });
  const base = { event: ev.id, title: ev.title, time: Date.parse(ev.time), symbol: GAP_ROW_LABEL };
  return { ...base, reaction, problem: reaction.base ? null : 'no recorded prices around the event' };
}
