import type { Config } from '../config/config.js';
import type { ConfigHolder } from '../config/configHolder.js';
import { YAHOO_STREAMER_URL } from '../config/streamingSchema.js';
import type { Logger } from '../log.js';
import type { Monitor } from '../pipeline/monitor.js';
import type { OutputHub } from '../hub/outputHub.js';
import { policyFromSeconds } from '../resilience/backoff.js';
import { loadPricingType } from './pricingFrame.js';
import type { StreamedPrice } from './pricingFrame.js';
import { createStreamClient } from './streamClient.js';
import type { StreamClient, StreamState } from './streamClient.js';

/** The source name alerts from the stream carry (the embed shows it as the provider). */
export const STREAM_PROVIDER = 'yahoo stream';

export interface StreamingDeps {
  readonly config: Pick<ConfigHolder, 'current' | 'calendar'>;
  readonly monitor: Pick<Monitor, 'instruments' | 'streamed'>;
  /** Where "stream down / back" notices go. */
  readonly hub: Pick<OutputHub, 'publish'>;
  readonly now: () => number;
  readonly log: Logger;
  /** Quotes come from a test board or another source given to startBot, not the configured providers. */
  readonly quotesReplaced: boolean;
  /** YAHOO_BASE_URL, if set. */
  readonly yahooBaseUrl?: string | undefined;
}

export interface Streaming {
  /** Subscribes to the instruments whose market is open at `now`, unsubscribes the others; runs after every poll. */
  sync(now: number): void;
  /** Connected, subscribed symbols, updates per minute, last update age, reconnects; for the status model. */
  state(): StreamState;
  /** Closes the stream and waits for prices already handed to the monitor. */
  stop(): Promise<void>;
}

/**
 * The streamer to dial, or why there is none. Yahoo's real streamer is the default only while quotes
 * are polled from Yahoo's real API: a mirror, a test server or a replaced quote source means the
 * stream would not match the polls (and a test must never dial out), so the URL must then be given.
 */
export function streamUrl(config: Config, deps: Pick<StreamingDeps, 'quotesReplaced' | 'yahooBaseUrl'>) {
  const { enabled, url } = config.streaming;
  if (!enabled) return { url: null, why: 'streaming.enabled is false' };
  if (url) return { url, why: null };
  const base = new URL(deps.yahooBaseUrl ?? config.providers.yahoo.baseUrl);
  const realYahoo = !deps.quotesReplaced && base.hostname.endsWith('.finance.yahoo.com');
  if (realYahoo) return { url: YAHOO_STREAMER_URL, why: null };
  return { url: null, why: 'quotes are not polled from Yahoo itself and streaming.url is not set' };
}

/** Starts the live stream beside polling, or returns null (logged) when it is off or cannot start. */
export function startStreaming(deps: StreamingDeps): Streaming | null {
  const { monitor, log } = deps;
  const config = deps.config.current();
  const { url, why } = streamUrl(config, deps);
  if (url === null) {
    log.info({ reason: why }, 'live stream off; polling only');
    return null;
  }
  try {
    loadPricingType();
  } catch (err) {
    log.error(
      { err: { message: String(err) } },
      'live stream off: its message definition (pricing.proto) cannot be read',
    );
    return null;
  }
  const inFlight = new Set<Promise<void>>();
  const client = createStreamClient({
    url,
    userAgent: config.providers.userAgent,
    backoff: policyFromSeconds(config.streaming.backoff),
    silenceMs: config.streaming.silenceSeconds * 1000,
    outage: {
      announceAfterMs: config.streaming.noticeAfterSeconds * 1000,
      announceAfterFailures: config.streaming.noticeAfterFailures,
      stableMs: config.streaming.stableSeconds * 1000,
    },
    onPrice: (price) => {
      const work = forward(monitor, price, log);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    onNotice: (text) => {
      deps.hub.publish({ kind: 'notice', text });
    },
    now: deps.now,
    log,
  });
  return attach(client, deps, inFlight);
}

/*
 * Subscriptions follow the polls rather than a timer of their own: the stream is useless before a
 * poll has warmed an instrument up, and a bot started without ever polling never dials out.
 */
function attach(client: StreamClient, deps: StreamingDeps, inFlight: Set<Promise<void>>): Streaming {
  return {
    sync(now) {
      client.want(openStreamSymbols(deps, now));
    },
    state: () => client.state(),
    async stop() {
      client.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Yahoo symbols of the instruments that stream (not opted out) and whose market is open now. */
function openStreamSymbols(deps: StreamingDeps, now: number): string[] {
  const calendar = deps.config.calendar();
  return deps.monitor
    .instruments()
    .filter((i) => i.stream !== false && calendar.status(i.market, now).state === 'open')
    .map((i) => i.symbols.yahoo);
}

/** Hands a price to the monitor under the instrument's id; prices of symbols not streamed are dropped. */
async function forward(monitor: StreamingDeps['monitor'], price: StreamedPrice, log: Logger): Promise<void> {
  const instrument = monitor
    .instruments()
    .find((i) => i.symbols.yahoo === price.yahooSymbol && i.stream !== false);
  if (!instrument) {
    log.debug({ yahoo: price.yahooSymbol }, 'streamed price for an instrument not streamed; ignored');
    return;
  }
  const { price: value, time, previousClose } = price;
  try {
    await monitor.streamed({
      symbol: instrument.id,
      price: value,
      time,
      previousClose,
      provider: STREAM_PROVIDER,
    });
  } catch (err) {
    log.error({ err, symbol: instrument.id }, 'a streamed price could not be evaluated; polling covers it');
  }
}
