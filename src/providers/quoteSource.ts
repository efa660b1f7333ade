import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import type { Health } from '../resilience/health.js';

/**
 * Where quotes come from: one provider, the failover chain over several, a replay of saved
 * responses, or a test's fake. Implementations throw ProviderError for every failure.
 */
export interface QuoteSource {
  readonly name: string;
  /** Whether this source has a symbol for the instrument. */
  supports(instrument: Instrument): boolean;
  fetchQuote(instrument: Instrument): Promise<Quote>;
  /** Health of each provider behind this source, for /status; only the failover chain reports it. */
  health?(): Health[];
  /** The provider that produced the last quote, or null before the first. */
  activeProvider?(): string | null;
}
