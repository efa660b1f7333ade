import type { Circuit } from './backoff.js';

/** How one outside dependency (a quote provider, a news source) is doing, as /status shows it. */
export interface Health extends Circuit {
  /** The provider or source id. */
  readonly name: string;
  /** False from the first failure until the next success. */
  readonly healthy: boolean;
}

export function healthOf(name: string, circuit: Circuit): Health {
  return { name, healthy: circuit.consecutiveFailures === 0, ...circuit };
}
