import type { AlertFacts } from './alert.js';
import type { NewsEvent } from './events.js';
import type { GateVerdict } from './gates.js';
import type { InstrumentSpec } from './instrument.js';
import { changePct } from './rules/candidate.js';
import type { Candidate } from './rules/candidate.js';

/** Everything about the quote an alert reports besides the rule's finding. */
export interface AlertContext {
  readonly instrument: Pick<InstrumentSpec, 'id' | 'name'>;
  readonly price: number;
  readonly time: number;
  /** The previous close when usable, else null. */
  readonly previousClose: number | null;
  readonly tradingDay: string;
  readonly event: NewsEvent | null;
}

/** The alert a candidate that passed its gates becomes; the id is the same for the same quote and finding. */
export function assembleAlert(
  candidate: Candidate,
  verdict: Exclude<GateVerdict, 'cooling-down'>,
  ctx: AlertContext,
): AlertFacts {
  const { id, name } = ctx.instrument;
  const levelPart = candidate.level === undefined ? '' : `:${candidate.level}`;
  const event = ctx.event;
  return {
    id: `${id}:${candidate.rule}${levelPart}:${candidate.direction}:${candidate.severity}:${ctx.time}`,
    symbol: id,
    name,
    rule: candidate.rule,
    direction: candidate.direction,
    severity: candidate.severity,
    price: ctx.price,
    changePct: candidate.changePct,
    dayChangePct: ctx.previousClose === null ? null : changePct(ctx.price, ctx.previousClose),
    basePrice: candidate.basePrice,
    thresholdPct: candidate.thresholdPct,
    windowMinutes: candidate.windowMinutes,
    zScore: candidate.zScore,
    level: candidate.level,
    time: ctx.time,
    sessionId: ctx.tradingDay,
    event: event ? { id: event.id, title: event.title, time: event.time, link: event.link } : undefined,
    escalated: verdict === 'escalated',
  };
}
