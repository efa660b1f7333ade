import { createCalendar } from '../domain/calendar/index.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { Config } from './config.js';

/**
 * The one holder of the running config (as Alertmanager's coordinator): everything that reads the
 * config reads it here, and whatever must react to an edit (the engine's thresholds, the calendar)
 * subscribes once. Hand edits and /threshold edits both arrive through `apply`.
 */
export interface ConfigHolder {
  current(): Config;
  /** The market calendar of the current config, rebuilt only when the config changes. */
  calendar(): MarketCalendar;
  /** Calls `listener` after each applied config, in subscription order; returns the unsubscribe. */
  subscribe(listener: (next: Config) => void): () => void;
  apply(next: Config): void;
}

export function createConfigHolder(initial: Config): ConfigHolder {
  let config = initial;
  let calendar = createCalendar(initial.markets);
  const listeners = new Set<(next: Config) => void>();
  return {
    current: () => config,
    calendar: () => calendar,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    apply(next) {
      config = next;
      calendar = createCalendar(next.markets);
      for (const listener of listeners) listener(next);
    },
  };
}
