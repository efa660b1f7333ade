import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import type { Health } from '../resilience/health.js';
import type { ProviderError } from '../http/errors.js';

/** Each asked-for instrument's quote or why there is none, by config instrument id. */
export type QuoteResults = ReadonlyMap<string, Quote | ProviderError>;

/**
 * Where quotes come from: one provider, the failover chain over several, a replay of saved
 * responses, or a test's fake. Implementations throw ProviderError for every failure.
 */
/** A provider's refusal of an instrument's symbol (e.g. Yahoo's 404 "No data found"), until it quotes it. */
export interface SymbolRejection {
  readonly instrumentId: string;
  readonly provider: string;
  readonly reason: string;
}

export interface QuoteSource {
  readonly name: string;
  /** Whether this source has a symbol for the instrument. */
  supports(instrument: Instrument): boolean;
  fetchQuote(instrument: Instrument): Promise<Quote>;
  /**
   * Many instruments in few requests (Yahoo's spark endpoint). Resolves with an entry for every
   * instrument asked for; never rejects for one instrument's failure.
   */
  fetchQuotes?(instruments: readonly Instrument[]): Promise<QuoteResults>;
  /** Health of each provider behind this source, for /status; only the failover chain reports it. */
  health?(): Health[];
  /** The provider that produced the last quote, or null before the first. */
  activeProvider?(): string | null;
  /** Instruments whose symbol a provider rejects (an unknown symbol), with its answer; only the chain reports it. */
  rejectedSymbols?(): SymbolRejection[];
}
