import { expect } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import { ProviderError } from '../../src/http/errors.js';
import { createHttpClient } from '../../src/http/http.js';
import type { QuoteServer } from './quoteServer.js';
import { HUNG_AFTER_MS } from './waitFor.js';
import { makeConfig } from './testConfig.js';

export const config = makeConfig();

export function instrument(id: string): Instrument {
  const found = config.instruments.find((i) => i.id === id);
  if (!found) throw new Error(`config/bot.yaml has no instrument ${id}`);
  return found;
}

/** The instrument with other provider symbols, e.g. an unknown Yahoo symbol. */
export function withSymbols(base: Instrument, symbols: Instrument['symbols']): Instrument {
  return { ...base, symbols };
}

/** Awaits a promise that must reject with a ProviderError, and returns that error. */
export async function providerFailure(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(ProviderError);
  return outcome as ProviderError;
}

/**
 * The client timeout against a server that never answers: it is reached whatever the load, so it
 * can be short. Everything else gets HUNG_AFTER_MS, which no local answer comes near.
 */
export const HANG_TIMEOUT_MS = 300;

/** The real HTTP client pointed at a local quote server. */
export function httpFor(server: QuoteServer, timeoutMs = HUNG_AFTER_MS) {
  return createHttpClient({ baseUrl: server.baseUrl, timeoutMs, userAgent: config.providers.userAgent });
}
