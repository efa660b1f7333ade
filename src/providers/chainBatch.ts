import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import { ProviderError } from '../http/errors.js';
import type { QuoteResults, QuoteSource } from './quoteSource.js';

/** What the failover chain keeps per provider and symbol, as the batch path needs it. */
export interface ChainLedger {
  /** Why the provider is not asked for the instrument now, or null if it may be. */
  skipReason(provider: QuoteSource, instrument: Instrument): string | null;
  recordQuote(provider: QuoteSource, instrument: Instrument): void;
  /** Records any failure (a ProviderError or anything thrown) and returns it as a ProviderError. */
  recordFailed(provider: QuoteSource, instrument: Instrument, reason: unknown): ProviderError;
  allFailed(
    instrument: Instrument,
    lines: readonly string[],
    errors: readonly ProviderError[],
  ): ProviderError;
}

type Answer = { readonly quote: Quote } | { readonly reason: unknown };

/** The provider's batch form when it has one, else one fetch per instrument. */
async function ask(provider: QuoteSource, instruments: readonly Instrument[]): Promise<Map<string, Answer>> {
  if (provider.fetchQuotes) {
    const results = await provider.fetchQuotes(instruments);
    return new Map(
      instruments.map((i): [string, Answer] => {
        const result = results.get(i.id);
        if (result === undefined) return [i.id, { reason: new Error(`${provider.name} left ${i.id} out`) }];
        return [i.id, result instanceof ProviderError ? { reason: result } : { quote: result }];
      }),
    );
  }
  const settled = await Promise.allSettled(instruments.map((i) => provider.fetchQuote(i)));
  return new Map(
    instruments.map((i, idx): [string, Answer] => {
      const result = settled[idx];
      return [i.id, result?.status === 'fulfilled' ? { quote: result.value } : { reason: result?.reason }];
    }),
  );
}

/**
 * The chain's batch form: per instrument as its fetchQuote, but each provider is asked once for all
 * the instruments still unquoted. Failures are recorded before successes, so a provider that quoted
 * anything this poll ends it healthy rather than backing off for one symbol's error. Results come
 * back in the order asked.
 */
export async function fetchQuotesAcross(
  providers: readonly QuoteSource[],
  ledger: ChainLedger,
  instruments: readonly Instrument[],
): Promise<QuoteResults> {
  const quotes = new Map<string, Quote>();
  const trail = new Map(
    instruments.map((i) => [i.id, { lines: [] as string[], errors: [] as ProviderError[] }]),
  );
  for (const provider of providers) {
    const asked = instruments.filter((i) => {
      if (quotes.has(i.id)) return false;
      const skipped = ledger.skipReason(provider, i);
      if (skipped !== null) trail.get(i.id)?.lines.push(skipped);
      return skipped === null;
    });
    if (asked.length === 0) continue;
    const answers = await ask(provider, asked);
    const quoted: [Instrument, Quote][] = [];
    for (const i of asked) {
      const answer = answers.get(i.id) ?? { reason: undefined };
      if ('quote' in answer) quoted.push([i, answer.quote]);
      else {
        const error = ledger.recordFailed(provider, i, answer.reason);
        trail.get(i.id)?.lines.push(error.message);
        trail.get(i.id)?.errors.push(error);
      }
    }
    for (const [i, quote] of quoted) {
      ledger.recordQuote(provider, i);
      quotes.set(i.id, quote);
    }
  }
  return new Map(
    instruments.map((i) => {
      const { lines = [], errors = [] } = trail.get(i.id) ?? {};
      return [i.id, quotes.get(i.id) ?? ledger.allFailed(i, lines, errors)];
    }),
  );
}
