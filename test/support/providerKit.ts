import { expect } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import { ProviderError } from '../../src/http/errors.js';
import { createHttpClient } from '../../src/http/http.js';
import type { QuoteServer } from './quoteServer.js';
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

/** The real HTTP client pointed at a local quote server, with a short timeout for the hang tests. */
export function httpFor(server: QuoteServer) {
  return createHttpClient({ baseUrl: server.baseUrl, timeoutMs: 300, userAgent: config.providers.userAgent });
}
