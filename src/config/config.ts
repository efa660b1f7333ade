import type { InstrumentSpec } from '../domain/instrument.js';
import { CONFIG_PARSE_OPTIONS, describeProblems } from './configProblems.js';
import { crossFieldProblems } from './crossFieldChecks.js';
import { configSchema } from './schema.js';
import type { WrittenText } from './writtenText.js';
import type { EventConfig, InstrumentKind, MarketConfig, RawConfig, Thresholds } from './schema.js';

/**
 * An instrument with its thresholds resolved from the kind defaults and its own overrides; it is
 * the core's InstrumentSpec as the config resolves it.
 */
export interface Instrument extends InstrumentSpec {
  readonly id: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly market: string;
  readonly decimals: number;
  readonly symbols: { readonly yahoo: string; readonly twelvedata?: string | undefined };
  readonly thresholds: Thresholds;
  /** Taken from the live stream too (config `stream`, default true). */
  readonly stream?: boolean;
}

/** The validated, resolved and frozen configuration the rest of the bot reads. */
export interface Config {
  readonly schedule: RawConfig['schedule'];
  readonly providers: RawConfig['providers'];
  readonly markets: Readonly<Record<string, MarketConfig>>;
  readonly instruments: readonly Instrument[];
  readonly alerting: RawConfig['alerting'];
  readonly discord: RawConfig['discord'];
  readonly crossMarket: RawConfig['crossMarket'];
  readonly signals: RawConfig['signals'];
  readonly streaming: RawConfig['streaming'];
  readonly news: RawConfig['news'];
  readonly storage: RawConfig['storage'];
  readonly personalAlerts: RawConfig['personalAlerts'];
  readonly events: {
    readonly windowMinutes: number;
    readonly thresholdFactor: number;
    readonly list: readonly EventConfig[];
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the configuration; fix ${problems.length === 1 ? 'it' : 'them'} and start again:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function resolveThresholds(defaults: Thresholds, overrides: RawConfig['instruments'][number]['thresholds']) {
  return {
    dayMove: { ...defaults.dayMove, ...overrides.dayMove },
    windowMove: { ...defaults.windowMove, ...overrides.windowMove },
    volatility: { ...defaults.volatility, ...overrides.volatility },
    levelCross: { ...defaults.levelCross, ...overrides.levelCross },
    sanityJumpPct: overrides.sanityJumpPct ?? defaults.sanityJumpPct,
  } as Thresholds;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates already-parsed config data, reporting every problem at once; `written` (the file's text
 * of a value) lets a message quote what was written.
 */
export function validateConfig(data: unknown, written?: WrittenText): ConfigResult {
  const parsed = configSchema.safeParse(data, CONFIG_PARSE_OPTIONS);
  const problems = describeProblems(parsed.error?.issues ?? [], crossFieldProblems(data), data, written);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const raw = parsed.data;
  const config: Config = {
    schedule: raw.schedule,
    providers: raw.providers,
    markets: raw.markets,
    alerting: raw.alerting,
    discord: raw.discord,
    crossMarket: raw.crossMarket,
    signals: raw.signals,
    streaming: raw.streaming,
    news: raw.news,
    storage: raw.storage,
    personalAlerts: raw.personalAlerts,
    events: raw.events,
    instruments: raw.instruments.map((inst) => ({
      id: inst.id,
      name: inst.name,
      kind: inst.kind,
      market: inst.market,
      decimals: inst.decimals,
      symbols: inst.symbols,
      thresholds: resolveThresholds(raw.defaults[inst.kind], inst.thresholds),
      stream: inst.stream,
    })),
  };
  return { ok: true, config: deepFreeze(config) };
}
