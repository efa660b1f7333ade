import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import { ProviderError } from './errors.js';
import type { QuoteProvider } from './provider.js';

export interface BackoffOptions {
  readonly initialSeconds: number;
  readonly maxSeconds: number;
}

export interface ProviderChainOptions {
  readonly providers: readonly QuoteProvider[];
  readonly backoff: BackoffOptions;
  readonly now: () => number;
}

export interface ProviderHealth {
  readonly provider: string;
  readonly healthy: boolean;
  readonly consecutiveFailures: number;
  readonly retryAt: number | null;
  readonly lastError: string | null;
  readonly lastSuccessAt: number | null;
}

export interface ProviderChain extends QuoteProvider {
  health(): ProviderHealth[];
  /** The provider that produced the last quote, or null before the first. */
  activeProvider(): string | null;
}

interface Backoff {
  failures: number;
  retryAt: number | null;
  lastError: string | null;
}

const iso = (time: number) => new Date(time).toISOString();

/** Tries providers in order, skipping one while it backs off after failures. */
export function createProviderChain({ providers, backoff, now }: ProviderChainOptions): ProviderChain {
  const byProvider = new Map<string, Backoff & { lastSuccessAt: number | null }>(
    providers.map((p) => [p.name, { failures: 0, retryAt: null, lastError: null, lastSuccessAt: null }]),
  );
  // An unknown symbol is that symbol's problem, not the provider's: it backs off on its own.
  const bySymbol = new Map<string, Backoff>();
  let active: string | null = null;

  // Doubles per consecutive failure; a longer Retry-After wins; maxSeconds caps both.
  function delayMs(failures: number, error: ProviderError): number {
    const maxMs = backoff.maxSeconds * 1000;
    if (!error.retryable && error.code !== 'NOT_FOUND') return maxMs;
    const exponential = backoff.initialSeconds * 1000 * 2 ** (failures - 1);
    return Math.min(Math.max(exponential, error.retryAfterMs ?? 0), maxMs);
  }

  function fail(entry: Backoff, error: ProviderError): void {
    const t = now();
    entry.lastError = error.message;
    // A request that fails while the backoff already runs started before it: same outage, no doubling.
    if (entry.retryAt !== null && t < entry.retryAt) return;
    entry.failures += 1;
    entry.retryAt = t + delayMs(entry.failures, error);
  }

  function asProviderError(err: unknown, provider: QuoteProvider, instrument: Instrument): ProviderError {
    if (err instanceof ProviderError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new ProviderError(
      { provider: provider.name, symbol: instrument.id, code: 'UNAVAILABLE', retryable: true },
      `${provider.name}: unexpected failure for ${instrument.id} (${reason})`,
    );
  }

  function allFailed(instrument: Instrument, lines: string[], errors: ProviderError[]): ProviderError {
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

  async function fetchQuote(instrument: Instrument): Promise<Quote> {
    const lines: string[] = [];
    const errors: ProviderError[] = [];
    for (const provider of providers) {
      const state = byProvider.get(provider.name);
      if (!state) continue;
      const symbolKey = `${provider.name}\u0000${instrument.id}`;
      const symbolState = bySymbol.get(symbolKey);
      const t = now();
      if (!provider.supports(instrument)) {
        lines.push(`${provider.name}: no symbol configured for ${instrument.id}`);
      } else if (state.retryAt !== null && t < state.retryAt) {
        lines.push(
          `${provider.name}: skipped until ${iso(state.retryAt)} after ${state.failures} failure(s); last: ${state.lastError ?? '?'}`,
        );
      } else if (symbolState?.retryAt != null && t < symbolState.retryAt) {
        lines.push(
          `${provider.name}: ${instrument.id} skipped until ${iso(symbolState.retryAt)}; last: ${symbolState.lastError ?? '?'}`,
        );
      } else {
        try {
          const quote = await provider.fetchQuote(instrument);
          Object.assign(state, { failures: 0, retryAt: null, lastError: null, lastSuccessAt: now() });
          bySymbol.delete(symbolKey);
          active = provider.name;
          return quote;
        } catch (err) {
          const error = asProviderError(err, provider, instrument);
          if (error.code === 'NOT_FOUND') {
            const entry = symbolState ?? { failures: 0, retryAt: null, lastError: null };
            fail(entry, error);
            bySymbol.set(symbolKey, entry);
          } else {
            fail(state, error);
          }
          lines.push(error.message);
          errors.push(error);
        }
      }
    }
    throw allFailed(instrument, lines, errors);
  }

  return {
    name: 'chain',
    supports: (instrument) => providers.some((p) => p.supports(instrument)),
    fetchQuote,
    health: () =>
      providers.map((p) => {
        const s = byProvider.get(p.name);
        return {
          provider: p.name,
          healthy: (s?.failures ?? 0) === 0,
          consecutiveFailures: s?.failures ?? 0,
          retryAt: s?.retryAt ?? null,
          lastError: s?.lastError ?? null,
          lastSuccessAt: s?.lastSuccessAt ?? null,
        };
      }),
    activeProvider: () => active,
  };
}
