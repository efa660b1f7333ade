import { instrumentKindSchema } from './schema.js';
import type { InstrumentKind } from './schema.js';
import { onshoreGapProblems } from './signalsSchema.js';
import { isRecord } from './isRecord.js';
import { configFloorProblems } from './thresholdRules.js';

/** A problem found by looking across fields, placed at the path a person should edit. */
export interface ConfigProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Loose = Record<string, unknown>;

const recordsIn = (value: unknown): (Loose | undefined)[] =>
  Array.isArray(value) ? value.map((v) => (isRecord(v) ? v : undefined)) : [];
const isKind = (value: unknown): value is InstrumentKind => instrumentKindSchema.safeParse(value).success;

function duplicateIds(list: unknown, at: readonly string[], what: string): ConfigProblem[] {
  const seen = new Set<string>();
  return recordsIn(list).flatMap((item, i) => {
    const id = item?.id;
    if (typeof id !== 'string') return [];
    const repeated = seen.has(id);
    seen.add(id);
    return repeated
      ? [{ path: [...at, i, 'id'], message: `duplicate ${what} id ${id}; give each a new id` }]
      : [];
  });
}

function unknownMarkets(data: Loose): ConfigProblem[] {
  if (!isRecord(data.markets)) return [];
  const known = Object.keys(data.markets);
  return recordsIn(data.instruments).flatMap((inst, i) => {
    const market = inst?.market;
    if (typeof market !== 'string' || known.includes(market)) return [];
    return [
      {
        path: ['instruments', i, 'market'],
        message: `unknown market "${market}"; define it under markets or use one of: ${known.join(', ')}`,
      },
    ];
  });
}

function floorProblems(data: Loose): ConfigProblem[] {
  const defaults = isRecord(data.defaults) ? data.defaults : {};
  const instruments = recordsIn(data.instruments);
  return configFloorProblems({
    defaults: Object.fromEntries(Object.entries(defaults).filter(([kind]) => isKind(kind))) as Record<
      InstrumentKind,
      unknown
    >,
    // Placeholders keep the instrument indexes, so each problem's path points at the right entry.
    instruments: instruments.map((inst) =>
      isKind(inst?.kind)
        ? { kind: inst.kind, thresholds: inst.thresholds }
        : { kind: 'index', thresholds: {} },
    ),
  });
}

/**
 * Rules that span fields, checked on the data as written, whatever shape it has: they run beside the
 * schema's own checks (not after them), so one run of check-config lists every problem, e.g. an
 * unknown market next to a misspelt key.
 */
export function crossFieldProblems(data: unknown): ConfigProblem[] {
  if (!isRecord(data)) return [];
  const events = isRecord(data.events) ? data.events.list : undefined;
  return [
    ...duplicateIds(data.instruments, ['instruments'], 'instrument'),
    ...unknownMarkets(data),
    ...duplicateIds(events, ['events', 'list'], 'event'),
    ...floorProblems(data),
    ...onshoreGapProblems(data),
  ];
}
