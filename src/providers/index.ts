import type { Config } from '../config/config.js';
import { createProviderChain, type ProviderChain } from './failover.js';
import { createHttpClient } from '../http/http.js';
import { createLimiter } from '../http/limiter.js';
import type { QuoteSource } from './quoteSource.js';
import { createRedactor, type Redact } from '../http/redact.js';
import { createTwelveDataProvider } from './twelveData.js';
import { createYahooProvider } from './yahoo.js';

export { ProviderError, isProviderError, type ProviderErrorCode } from '../http/errors.js';
export { createProviderChain, type ProviderChain } from './failover.js';
export { logFetchFailure } from '../http/errors.js';
export { createRedactor, redactSecretParams, type Redact } from '../http/redact.js';
export { createHttpClient } from '../http/http.js';
export { createLimiter, type Limiter } from '../http/limiter.js';
export type { QuoteResults, QuoteSource } from './quoteSource.js';
export { createReplayProvider, type ReplayProvider } from './replay.js';
export { createTwelveDataProvider } from './twelveData.js';
export { createYahooProvider } from './yahoo.js';
export { parseYahooChart, parseYahooChartDay } from './yahooChart.js';

/** The part of the environment providers read; empty strings count as unset. */
export interface ProviderEnv {
  readonly YAHOO_BASE_URL?: string | undefined;
  readonly TWELVEDATA_BASE_URL?: string | undefined;
  readonly TWELVEDATA_API_KEY?: string | undefined;
}

/**
 * A failing provider is skipped for at least one and a half poll periods: with exactly one period, a
 * failure a few milliseconds into a poll would expire just before the next poll, which would ask again
 * anyway, so a 429 would not reduce requests at all.
 */
const POLL_PERIODS_OF_BACKOFF = 1.5;

function baseUrl(fromEnv: string | undefined, fromConfig: string, variable: string, redact: Redact): string {
  const value = fromEnv?.trim() ?? '';
  if (value === '') return fromConfig;
  try {
    new URL(value);
  } catch {
    throw new Error(
      `${variable}="${redact(value)}" is not a URL; use e.g. https://query1.finance.yahoo.com or unset it`,
    );
  }
  return value;
}

/**
 * Builds the live providers in config.providers.order; twelvedata only with TWELVEDATA_API_KEY.
 * `pollPeriodMs` is the shortest gap between two scheduled polls: an unhealthy provider backs off for
 * at least a few of them, so a short Retry-After does not bring it back at the very next poll.
 */
export function createProviders(
  config: Config,
  env: ProviderEnv,
  now: () => number,
  pollPeriodMs: number,
): ProviderChain {
  const { order, userAgent, yahoo, twelvedata, backoff, requests } = config.providers;
  const apiKey = env.TWELVEDATA_API_KEY?.trim() ?? '';
  const redact = createRedactor([apiKey]);
  const providers: QuoteSource[] = [];
  for (const name of new Set(order)) {
    if (name === 'yahoo') {
      const url = baseUrl(env.YAHOO_BASE_URL, yahoo.baseUrl, 'YAHOO_BASE_URL', redact);
      providers.push(
        createYahooProvider({
          http: createHttpClient({ baseUrl: url, timeoutMs: yahoo.timeoutMs, userAgent }),
          limit: createLimiter(requests.maxConcurrentRequests),
          symbolsPerRequest: requests.yahooSymbolsPerRequest,
          now,
        }),
      );
    } else if (apiKey !== '') {
      const url = baseUrl(env.TWELVEDATA_BASE_URL, twelvedata.baseUrl, 'TWELVEDATA_BASE_URL', redact);
      const http = createHttpClient({ baseUrl: url, timeoutMs: twelvedata.timeoutMs, userAgent });
      providers.push(
        createTwelveDataProvider({ http, apiKey, now, limit: createLimiter(requests.maxConcurrentRequests) }),
      );
    }
  }
  if (providers.length === 0) {
    throw new Error(
      'no quote provider is enabled: providers.order lists only twelvedata and TWELVEDATA_API_KEY is not set',
    );
  }
  const minDelayMs = pollPeriodMs * POLL_PERIODS_OF_BACKOFF;
  return createProviderChain({ providers, backoff, now, minDelayMs, redact });
}
