import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import {
  CLOSED_CIRCUIT,
  policyFromSeconds,
  recordFailure,
  recordSuccess,
  skipUntil,
  type BackoffPolicy,
  type Circuit,
} from '../resilience/backoff.js';
import { healthOf, type Health } from '../resilience/health.js';
import { ProviderError, redactError } from '../http/errors.js';
import { fetchQuotesAcross, type ChainLedger } from './chainBatch.js';
import type { QuoteSource, SymbolRejection } from './quoteSource.js';
import { redactSecretParams, type Redact } from '../http/redact.js';

export interface ProviderChainOptions {
  readonly providers: readonly QuoteSource[];
  readonly backoff: { readonly initialSeconds: number; readonly maxSeconds: number };
  readonly now: () => number;
  /**
   * No backoff is shorter than this, so a failing provider is really asked less often; createProviders
   * passes one and a half poll periods (see there).
   */
  readonly minDelayMs?: number;
  /** Masks configured secrets in every message the chain keeps, shows or throws. */
  readonly redact?: Redact;
}

export interface ProviderChain extends QuoteSource {
  health(): Health[];
  activeProvider(): string | null;
  rejectedSymbols(): SymbolRejection[];
}

const iso = (time: number) => new Date(time).toISOString();

function asProviderError(err: unknown, provider: QuoteSource, instrument: Instrument): ProviderError {
  if (err instanceof ProviderError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new ProviderError(
    { provider: provider.name, symbol: instrument.id, code: 'UNAVAILABLE', retryable: true },
    `${provider.name}: unexpected failure for ${instrument.id} (${reason})`,
  );
}

function allFailed(
  providers: readonly QuoteSource[],
  instrument: Instrument,
  lines: readonly string[],
  errors: readonly ProviderError[],
): ProviderError {
  const codes = new Set(errors.map((e) => e.code));
  const [onlyCode] = codes;
  return new ProviderError(
    {
      provider: providers.map((p) => p.name).join('+'),
      symbol: instrument.id,
      code: codes.size === 1 && onlyCode !== undefined ? onlyCode : 'UNAVAILABLE',
      retryable: errors.length === 0 || errors.some((e) => e.retryable),
    },
    `no provider could quote ${instrument.id}:\n${lines.map((l) => `  - ${l}`).join('\n')}`,
  );
}

/**
 * A longer Retry-After wins. An error retrying cannot fix waits the longest, except an unknown
 * symbol, which backs off on its own per-symbol schedule.
 */
function atLeastMs(error: ProviderError): number {
  if (!error.retryable && error.code !== 'NOT_FOUND') return Infinity;
  return error.retryAfterMs ?? 0;
}

/** Why the provider is not asked for this instrument now, or null if it may be asked. */
function reasonToSkip(
  provider: QuoteSource,
  instrument: Instrument,
  state: { readonly provider: Circuit; readonly symbol: Circuit },
  now: number,
): string | null {
  if (!provider.supports(instrument)) return `${provider.name}: no symbol configured for ${instrument.id}`;
  const providerUntil = skipUntil(state.provider, now);
  if (providerUntil !== null) {
    const { consecutiveFailures, lastError } = state.provider;
    return `${provider.name}: skipped until ${iso(providerUntil)} after ${consecutiveFailures} failure(s); last: ${lastError ?? '?'}`;
  }
  const symbolUntil = skipUntil(state.symbol, now);
  if (symbolUntil !== null) {
    return `${provider.name}: ${instrument.id} skipped until ${iso(symbolUntil)}; last: ${state.symbol.lastError ?? '?'}`;
  }
  return null;
}

function flooredPolicy(policy: BackoffPolicy, minDelayMs: number): BackoffPolicy {
  const initialMs = Math.max(policy.initialMs, minDelayMs);
  return { ...policy, initialMs, maxMs: Math.max(policy.maxMs, initialMs) };
}

/** The circuits of a chain: per provider, and per provider and symbol for unknown symbols. */
function createCircuits(options: ProviderChainOptions) {
  const { providers, now, redact = redactSecretParams } = options;
  const policy = flooredPolicy(policyFromSeconds(options.backoff), options.minDelayMs ?? 0);
  const byProvider = new Map<string, Circuit>(providers.map((p) => [p.name, CLOSED_CIRCUIT]));
  // An unknown symbol is that symbol's problem, not the provider's: it backs off on its own.
  const bySymbol = new Map<string, Circuit>();
  let active: string | null = null;

  function recordError(provider: QuoteSource, symbolKey: string, error: ProviderError): void {
    const failure = { now: now(), error: error.message, policy, atLeastMs: atLeastMs(error) };
    if (error.code === 'NOT_FOUND') {
      bySymbol.set(symbolKey, recordFailure(bySymbol.get(symbolKey) ?? CLOSED_CIRCUIT, failure));
    } else {
      byProvider.set(provider.name, recordFailure(byProvider.get(provider.name) ?? CLOSED_CIRCUIT, failure));
    }
  }

  function stateOf(provider: QuoteSource, instrument: Instrument) {
    const symbolKey = `${provider.name}\u0000${instrument.id}`;
    const providerState = byProvider.get(provider.name) ?? CLOSED_CIRCUIT;
    return { symbolKey, provider: providerState, symbol: bySymbol.get(symbolKey) ?? CLOSED_CIRCUIT };
  }

  const ledger: ChainLedger = {
    skipReason: (provider, instrument) =>
      reasonToSkip(provider, instrument, stateOf(provider, instrument), now()),
    recordQuote(provider, instrument) {
      byProvider.set(provider.name, recordSuccess(byProvider.get(provider.name) ?? CLOSED_CIRCUIT, now()));
      bySymbol.delete(stateOf(provider, instrument).symbolKey);
      active = provider.name;
    },
    recordFailed(provider, instrument, err) {
      const error = redactError(asProviderError(err, provider, instrument), redact);
      recordError(provider, stateOf(provider, instrument).symbolKey, error);
      return error;
    },
    allFailed: (instrument, lines, errors) => allFailed(providers, instrument, lines, errors),
  };
  // Keyed by provider and instrument (stateOf); an entry lasts until that provider quotes the symbol.
  const rejected = (): SymbolRejection[] =>
    [...bySymbol].flatMap(([key, circuit]) => {
      const [provider = '', instrumentId = ''] = key.split('\u0000');
      return circuit.lastError === null ? [] : [{ instrumentId, provider, reason: circuit.lastError }];
    });
  return {
    ledger,
    health: () => providers.map((p) => healthOf(p.name, byProvider.get(p.name) ?? CLOSED_CIRCUIT)),
    active: () => active,
    rejected,
  };
}

/** Tries providers in order, skipping one while it backs off after failures. */
export function createProviderChain(options: ProviderChainOptions): ProviderChain {
  const { providers } = options;
  const { ledger, health, active, rejected } = createCircuits(options);

  async function fetchQuote(instrument: Instrument): Promise<Quote> {
    const lines: string[] = [];
    const errors: ProviderError[] = [];
    for (const provider of providers) {
      const skipped = ledger.skipReason(provider, instrument);
      if (skipped !== null) {
        lines.push(skipped);
        continue;
      }
      try {
        const quote = await provider.fetchQuote(instrument);
        ledger.recordQuote(provider, instrument);
        return quote;
      } catch (err) {
        const error = ledger.recordFailed(provider, instrument, err);
        lines.push(error.message);
        errors.push(error);
      }
    }
    throw ledger.allFailed(instrument, lines, errors);
  }

  return {
    name: 'chain',
    supports: (instrument) => providers.some((p) => p.supports(instrument)),
    fetchQuote,
    fetchQuotes: (instruments) => fetchQuotesAcross(providers, ledger, instruments),
    health,
    activeProvider: active,
    rejectedSymbols: rejected,
  };
}
