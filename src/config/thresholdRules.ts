import type { InstrumentKind, Thresholds } from './schema.js';

/** The per-instrument threshold overrides a chat command may edit. */
export const RULE_KEYS = [
  'dayMove.tiersPct',
  'windowMove.thresholdPct',
  'windowMove.windowMinutes',
  'volatility.zScore',
  'volatility.minMovePct',
  'volatility.lookbackReturns',
  'levelCross.levels',
  'levelCross.hysteresisPct',
  'sanityJumpPct',
] as const;

export type RuleKey = (typeof RULE_KEYS)[number];
type ListRuleKey = 'dayMove.tiersPct' | 'levelCross.levels';
/** A list of numbers for the list rules, one number for the rest. */
export type RuleValue<R extends RuleKey> = R extends ListRuleKey ? readonly number[] : number;
export type ThresholdValue = number | readonly number[];

type Unit = 'percent' | 'minutes' | 'sd' | 'returns' | 'price';

interface RuleSpec {
  /** Short enough for a Discord choice name (at most 100 characters). */
  readonly description: string;
  readonly unit: Unit;
  readonly list?: 'increasing' | 'levels';
  readonly min: number;
  readonly minExclusive: boolean;
  readonly max: number;
  readonly integer?: boolean;
  readonly example: string;
  /**
   * The smallest sane value per instrument kind. Below it the rule fires on price noise: a 1e-12 %
   * threshold alerts on every tick and hides the alerts that matter.
   */
  readonly floor?: Readonly<Record<InstrumentKind, number>>;
  /** Why values under the floor are refused; by default, that they fire on price noise. */
  readonly floorReason?: string;
}

const above0 = { min: 0, minExclusive: true } as const;

/**
 * Move thresholds stay above one price tick: an index tick is about 0.004-0.013 % (HSI 1 point,
 * N225 5 yen), a USD/CNH pip about 0.0014 %.
 */
const MOVE_FLOOR = { index: 0.01, fx: 0.001 } as const;

// Limits are the schema's where it has them, otherwise a sanity cap: a typo like 75 for 0.75 must not
// silence an instrument.
const SPECS: Record<RuleKey, RuleSpec> = {
  'dayMove.tiersPct': {
    description: 'Day move vs previous close: alert tiers in % (increasing)',
    unit: 'percent',
    list: 'increasing',
    ...above0,
    max: 50,
    example: '1, 2, 3, 5',
    floor: MOVE_FLOOR,
  },
  'windowMove.thresholdPct': {
    description: 'Window move: % change within the rolling window that alerts',
    unit: 'percent',
    ...above0,
    max: 50,
    example: '0.75',
    floor: MOVE_FLOOR,
  },
  'windowMove.windowMinutes': {
    description: 'Window move: length of the rolling window in minutes',
    unit: 'minutes',
    min: 1,
    minExclusive: false,
    max: 240,
    integer: true,
    example: '15',
  },
  'volatility.zScore': {
    description: 'Volatility: standard deviations a poll-to-poll return must reach',
    unit: 'sd',
    ...above0,
    max: 20,
    example: '4',
    floor: { index: 1, fx: 1 },
  },
  'volatility.minMovePct': {
    description: 'Volatility: minimum poll-to-poll move in % (floor for quiet markets)',
    unit: 'percent',
    ...above0,
    max: 50,
    example: '0.3',
    floor: MOVE_FLOOR,
  },
  'volatility.lookbackReturns': {
    description: 'Volatility: how many recent returns the standard deviation uses',
    unit: 'returns',
    min: 5,
    minExclusive: false,
    max: 1000,
    integer: true,
    example: '30',
  },
  'levelCross.levels': {
    description: 'Level cross: price levels to watch ("none" for no levels)',
    unit: 'price',
    list: 'levels',
    ...above0,
    max: 1e9,
    example: '7.20, 7.30',
    // One tick at the precision prices are shown with (2 decimals for the indices, 4 for the yuan).
    floor: { index: 0.01, fx: 0.0001 },
    floorReason: 'a level must be at least one price tick',
  },
  'levelCross.hysteresisPct': {
    description: 'Level cross: band in % around a level a price must clear',
    unit: 'percent',
    min: 0,
    minExclusive: false,
    max: 5,
    example: '0.1',
  },
  sanityJumpPct: {
    description: 'Sanity: a jump larger than this % waits for the next poll to confirm',
    unit: 'percent',
    ...above0,
    max: 100,
    example: '20',
    floor: { index: 1, fx: 0.2 },
  },
};

export interface RuleInfo {
  readonly key: RuleKey;
  readonly description: string;
  readonly example: string;
}

/** The editable rules in a stable order, e.g. for slash-command choices. */
export const THRESHOLD_RULES: readonly RuleInfo[] = RULE_KEYS.map((key) => ({
  key,
  description: SPECS[key].description,
  example: SPECS[key].example,
}));

export function isRuleKey(key: string): key is RuleKey {
  return (RULE_KEYS as readonly string[]).includes(key);
}

export function isListRule(rule: RuleKey): rule is ListRuleKey {
  return SPECS[rule].list !== undefined;
}

export function rulePath(rule: RuleKey): string[] {
  return rule.split('.');
}

/** The value of one rule in resolved thresholds. */
export function effectiveValue<R extends RuleKey>(thresholds: Thresholds, rule: R): RuleValue<R> {
  let value: unknown = thresholds;
  for (const key of rulePath(rule)) value = (value as Record<string, unknown>)[key];
  return value as RuleValue<R>;
}

const UNIT_SUFFIX: Record<Unit, string> = {
  percent: ' %',
  minutes: ' min',
  sd: ' SD',
  returns: ' returns',
  price: '',
};

/** A value as a person would write it, e.g. "0.75 %", "1, 2, 3, 5 %", "none". */
export function formatThresholdValue(rule: RuleKey, value: ThresholdValue): string {
  const suffix = UNIT_SUFFIX[SPECS[rule].unit];
  if (typeof value === 'number') return `${value}${suffix}`;
  return value.length === 0 ? 'none' : `${value.join(', ')}${suffix}`;
}

function allowed(rule: RuleKey): string {
  const spec = SPECS[rule];
  const what = {
    percent: 'a percent',
    minutes: 'a whole number of minutes',
    sd: 'a number of standard deviations',
    returns: 'a whole number of returns',
    price: 'a price',
  }[spec.unit];
  const floors = spec.floor && `${spec.floor.index} (index) or ${spec.floor.fx} (fx)`;
  const range = floors
    ? `from ${floors} to ${spec.max}`
    : spec.minExclusive
      ? `above ${spec.min} and at most ${spec.max}`
      : `from ${spec.min} to ${spec.max}`;
  if (spec.list === 'increasing') return `${rule} takes increasing percents ${range}, e.g. ${spec.example}`;
  if (spec.list === 'levels') return `${rule} takes prices ${range}, e.g. ${spec.example}, or "none"`;
  return `${rule} takes ${what} ${range}, e.g. ${spec.example}`;
}

export type ParseResult<V> = { ok: true; value: V } | { ok: false; error: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The floor for an instrument kind, or without a kind the lowest of them (the schema checks the rest). */
function floorOf(spec: RuleSpec, kind: InstrumentKind | undefined): number | undefined {
  if (spec.floor === undefined) return undefined;
  return kind === undefined ? Math.min(...Object.values(spec.floor)) : spec.floor[kind];
}

function belowFloor(spec: RuleSpec, value: number, shown: string, kind?: InstrumentKind): string | undefined {
  const floor = floorOf(spec, kind);
  if (floor === undefined || value >= floor) return undefined;
  const unit = UNIT_SUFFIX[spec.unit];
  const whose = kind === undefined ? '' : ` for ${kind} instruments`;
  const why = spec.floorReason ?? 'smaller values fire on price noise';
  return `${shown}${unit} is below the floor of ${floor}${unit}${whose}; ${why}`;
}

/** Checks one number against the rule; `shown` is how to quote it back to the user. */
function checkNumber(rule: RuleKey, value: number, shown: string, kind?: InstrumentKind): string | undefined {
  const spec = SPECS[rule];
  const unit = UNIT_SUFFIX[spec.unit];
  if (!Number.isFinite(value)) return `${shown} is not a number`;
  if (value < 0) return `${shown}${unit} is negative`;
  if (value < spec.min || (spec.minExclusive && value === spec.min)) return `${shown}${unit} is too small`;
  if (value > spec.max) return `${shown}${unit} is too large`;
  if (spec.integer && !Number.isInteger(value)) return `${shown}${unit} is not a whole number`;
  return belowFloor(spec, value, shown, kind);
}

function parseNumber(rule: RuleKey, token: string, kind?: InstrumentKind): ParseResult<number> {
  const spec = SPECS[rule];
  const bare = spec.unit === 'percent' ? token.replace(/\s*%$/, '') : token;
  if (!NUMBER.test(bare)) {
    const hint = /^\d+,\d+$/.test(bare) ? ' (use a dot for decimals)' : '';
    return { ok: false, error: `"${token}" is not a number${hint}` };
  }
  const value = Number(bare);
  const problem = checkNumber(rule, value, bare, kind);
  return problem === undefined ? { ok: true, value } : { ok: false, error: problem };
}

/** Tier order is the user's and must increase; level order carries no meaning, so levels are sorted. */
function checkList(rule: RuleKey, values: readonly number[]): ParseResult<readonly number[]> {
  const fail = (why: string) => ({ ok: false, error: `${why}: ${allowed(rule)}` }) as const;
  if (SPECS[rule].list === 'levels') {
    if (values.length > 20) return fail('too many levels (at most 20)');
    return { ok: true, value: [...new Set(values)].sort((a, b) => a - b) };
  }
  if (values.length === 0) return fail('no tiers given');
  if (values.length > 10) return fail('too many tiers (at most 10)');
  const drop = values.findIndex((v, i) => i > 0 && v <= (values[i - 1] ?? 0));
  if (drop > 0) return fail(`tiers must increase, but ${values[drop]} follows ${values[drop - 1]}`);
  return { ok: true, value: values };
}

/**
 * Parses what a person typed for a rule: "0.75", "0.75%", "1, 2, 3, 5", "1 2 3", "none". With the
 * instrument's kind, that kind's floor applies; without, the lowest floor of any kind.
 */
export function parseThresholdValue(
  rule: string,
  text: string,
  kind?: InstrumentKind,
): ParseResult<ThresholdValue> {
  if (!isRuleKey(rule)) return { ok: false, error: `unknown rule "${rule}"; rules: ${RULE_KEYS.join(', ')}` };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: `no value given: ${allowed(rule)}` };
  if (!isListRule(rule)) {
    const parsed = parseNumber(rule, trimmed, kind);
    return parsed.ok ? parsed : { ok: false, error: `${parsed.error}: ${allowed(rule)}` };
  }
  if (SPECS[rule].list === 'levels' && /^(none|-|\[\])$/i.test(trimmed)) return { ok: true, value: [] };
  const values: number[] = [];
  const list = SPECS[rule].unit === 'percent' ? trimmed.replace(/%/g, ' ') : trimmed;
  for (const token of list.split(/[\s,;]+/).filter((t) => t !== '')) {
    const parsed = parseNumber(rule, token, kind);
    if (!parsed.ok) return { ok: false, error: `${parsed.error}: ${allowed(rule)}` };
    values.push(parsed.value);
  }
  return checkList(rule, values);
}

export interface FloorProblem {
  /** Below the thresholds object, e.g. ['windowMove', 'thresholdPct']. */
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Values under the sane floor of their instrument kind in full or partial thresholds (kind defaults or
 * one instrument's overrides), for config validation: a hand edit gets the same refusal as /threshold set.
 */
export function thresholdFloorProblems(kind: InstrumentKind, thresholds: unknown): FloorProblem[] {
  const problems: FloorProblem[] = [];
  for (const rule of RULE_KEYS) {
    let value: unknown = thresholds;
    for (const key of rulePath(rule)) value = (value as Record<string, unknown> | undefined)?.[key];
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const v of values) {
      const problem = typeof v === 'number' ? belowFloor(SPECS[rule], v, String(v), kind) : undefined;
      if (problem !== undefined) problems.push({ path: rulePath(rule), message: problem });
    }
  }
  return problems;
}

/** Floor problems of a whole config's kind defaults and instrument overrides, with config paths. */
export function configFloorProblems(config: {
  readonly defaults: Readonly<Record<InstrumentKind, unknown>>;
  readonly instruments: readonly { readonly kind: InstrumentKind; readonly thresholds: unknown }[];
}): { path: (string | number)[]; message: string }[] {
  const kinds = Object.keys(config.defaults) as InstrumentKind[];
  return [
    ...kinds.flatMap((kind) =>
      thresholdFloorProblems(kind, config.defaults[kind]).map((p) => ({
        path: ['defaults', kind, ...p.path],
        message: p.message,
      })),
    ),
    ...config.instruments.flatMap((inst, i) =>
      thresholdFloorProblems(inst.kind, inst.thresholds).map((p) => ({
        path: ['instruments', i, 'thresholds', ...p.path],
        message: p.message,
      })),
    ),
  ];
}
