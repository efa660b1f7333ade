import type { Instrument } from '../config/config.js';
import type { ConfigHolder } from '../config/configHolder.js';
import { nearestKey } from '../config/nearestKey.js';
import { conditionMet } from '../domain/personalAlert.js';
import type { PersonalAlert, PersonalCondition } from '../domain/personalAlert.js';
import type { Quote } from '../domain/quote.js';
import type { Logger } from '../log.js';
import type { PersonalAlertStore } from '../store/personalAlerts.js';

/** A level further than this factor from the current price is a typo (a digit too many or too few). */
const MAX_LEVEL_RATIO = 2;
/** A day move beyond this is no market any member watches here; larger is a typo. */
const MAX_MOVE_PCT = 20;

export type ConditionKind = PersonalCondition['kind'];

export interface PersonalAlertRequest {
  readonly symbol: string;
  readonly kind: ConditionKind;
  /** As typed: "20000", "20,000", "2" or "2%". */
  readonly value: string;
  readonly repeat: boolean;
}

export type AddOutcome =
  | {
      readonly ok: true;
      readonly alert: PersonalAlert;
      /** The condition already holds: it fires at the next crossing, not now. */
      readonly alreadyMet: boolean;
    }
  | { readonly ok: false; readonly error: string };

/** What /alert does, apart from Discord: add, list, remove, and the admins' list of all and clear. */
export interface PersonalAlertService {
  add(memberId: string, request: PersonalAlertRequest): AddOutcome;
  list(memberId: string): readonly PersonalAlert[];
  listAll(): readonly PersonalAlert[];
  /** A member removes their own; an admin (asAdmin) any. */
  remove(memberId: string, id: number, asAdmin: boolean): { ok: true } | { ok: false; error: string };
  /** Removes every alert of a member; returns how many. */
  clear(memberId: string): number;
}

export interface PersonalAlertServiceDeps {
  readonly store: PersonalAlertStore;
  readonly config: Pick<ConfigHolder, 'current'>;
  /** The latest quote at the price the screen last accepted (the monitor's). */
  readonly latestQuote: (symbol: string) => Quote | undefined;
  readonly now: () => number;
  readonly log: Logger;
}

function findInstrument(instruments: readonly Instrument[], typed: string): Instrument | string {
  const needle = typed.trim().toLowerCase();
  const found = instruments.find((i) => i.id.toLowerCase() === needle || i.name.toLowerCase() === needle);
  if (found) return found;
  const near = nearestKey(
    typed.trim(),
    instruments.map((i) => i.id),
  );
  const known = instruments.map((i) => i.id).join(', ');
  const hint = near === undefined ? '' : ` Did you mean ${near}?`;
  return `Unknown instrument "${typed.slice(0, 40)}".${hint} Known: ${known}.`;
}

function parseValue(text: string): number | string {
  const cleaned = text
    .trim()
    .replace(/[,\s_]/g, '')
    .replace(/%$/, '');
  const value = cleaned === '' ? Number.NaN : Number(cleaned);
  return Number.isFinite(value)
    ? value
    : `"${text.slice(0, 20)}" is not a number; write e.g. 20000, 7.15 or 2.`;
}

/** Why a condition cannot be set, or null: a level must be positive and near the price, a move sane. */
function conditionProblem(condition: PersonalCondition, instrument: Instrument, quote: Quote | undefined) {
  const { kind, value } = condition;
  if (kind === 'move') {
    if (value <= 0) return 'A move must be more than 0 %, e.g. 2 for 2 % either way.';
    return value > MAX_MOVE_PCT
      ? `A move of ${value} % is more than ${MAX_MOVE_PCT} % in a day; check it.`
      : null;
  }
  if (value <= 0) return 'A price must be more than zero.';
  const price = quote?.price ?? null;
  if (price === null) return null;
  if (value > price * MAX_LEVEL_RATIO || value < price / MAX_LEVEL_RATIO)
    return `${instrument.id} is at ${grouped(price, instrument.decimals)}; ${grouped(value)} is more than ${MAX_LEVEL_RATIO}× away from it, so it looks like a typo.`;
  return null;
}

function grouped(value: number, decimals?: number): string {
  const digits =
    decimals === undefined
      ? { maximumFractionDigits: 6 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return value.toLocaleString('en-US', digits);
}

/** The same alert twice, or the member's limit reached; null when neither. */
function ownProblem(
  own: readonly PersonalAlert[],
  symbol: string,
  condition: PersonalCondition,
  max: number,
): string | null {
  const twin = own.find(
    (a) =>
      a.symbol === symbol && a.condition.kind === condition.kind && a.condition.value === condition.value,
  );
  if (twin) return `You already have that alert (#${twin.id}).`;
  return own.length >= max
    ? `You have ${own.length} alerts, the most allowed (${max}); /alert remove one first.`
    : null;
}

function holdsNow(condition: PersonalCondition, symbol: string, quote: Quote | undefined): boolean {
  if (quote?.price == null) return false;
  const seen = { symbol, price: quote.price, time: quote.time, previousClose: quote.previousClose };
  return conditionMet(condition, seen) === true;
}

export function createPersonalAlertService(deps: PersonalAlertServiceDeps): PersonalAlertService {
  const { store, log } = deps;
  return {
    add(memberId, request) {
      const instrument = findInstrument(deps.config.current().instruments, request.symbol);
      if (typeof instrument === 'string') return { ok: false, error: instrument };
      const value = parseValue(request.value);
      if (typeof value === 'string') return { ok: false, error: value };
      const condition: PersonalCondition = { kind: request.kind, value };
      const quote = deps.latestQuote(instrument.id);
      const problem = conditionProblem(condition, instrument, quote);
      if (problem !== null) return { ok: false, error: problem };
      const own = store.personalAlertsOf(memberId);
      const refusal = ownProblem(
        own,
        instrument.id,
        condition,
        deps.config.current().personalAlerts.maxPerMember,
      );
      if (refusal !== null) return { ok: false, error: refusal };
      // Already true when set: it waits for the price to go back across, so it fires on a crossing, not at once.
      const alreadyMet = holdsNow(condition, instrument.id, quote);
      const alert = store.addPersonalAlert(
        { memberId, symbol: instrument.id, condition, repeat: request.repeat, armed: !alreadyMet },
        deps.now(),
      );
      log.info({ alertId: alert.id, memberId, symbol: alert.symbol, condition }, 'personal alert added');
      return { ok: true, alert, alreadyMet };
    },
    list: (memberId) => store.personalAlertsOf(memberId),
    listAll: () => store.allPersonalAlerts(),
    remove(memberId, id, asAdmin) {
      if (store.removePersonalAlert(id, asAdmin ? null : memberId)) return { ok: true };
      return { ok: false, error: `You have no alert #${id}; /alert list shows your ids.` };
    },
    clear: (memberId) => store.clearPersonalAlerts(memberId),
  };
}
