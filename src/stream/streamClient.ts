import WebSocket from 'ws';
import type { Logger } from '../log.js';
import { backoffDelayMs } from '../resilience/backoff.js';
import type { BackoffPolicy } from '../resilience/backoff.js';
import { createFrameIntake } from './frameIntake.js';
import type { FrameIntake } from './frameIntake.js';
import {
  outageDue,
  outageFailure,
  outageNextCheckAt,
  outageNoticeText,
  outagePaused,
  outagePrice,
} from './outage.js';
import type { Outage, OutagePolicy } from './outage.js';
import { readFrame } from './pricingFrame.js';
import type { StreamedPrice } from './pricingFrame.js';
import { createRateWindow } from './rateWindow.js';
import { createRejectionTally } from './rejections.js';
import type { RejectedFrames, RejectionTally } from './rejections.js';

/** Yahoo's own clients repeat the subscribe message this often; the streamer may forget idle subscriptions. */
const RESUBSCRIBE_MS = 15_000;
/** A connection that does not open in this time counts as a failure. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * The largest frame accepted. A pricing frame is about 100 bytes; anything near this is not a price,
 * and `ws` would otherwise buffer up to 100 MiB. A larger frame closes the socket (code 1009).
 */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The error `ws` raises for a frame over maxPayload. */
const OVERSIZE_CODE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * Where the stream stands: `connected` (socket open, no outage), `recovering` (open again, but not yet
 * stable long enough to end the outage), `reconnecting` (an outage not announced: backing off or
 * dialling), `down` (an announced outage, socket not open), `connecting` (first dial), `idle` (no open
 * market to stream; an announced outage still shows in `outage`).
 */
export type StreamStatus = 'connected' | 'recovering' | 'reconnecting' | 'down' | 'connecting' | 'idle';
export const STREAM_STATUSES: readonly StreamStatus[] = [
  'connected',
  'recovering',
  'reconnecting',
  'down',
  'connecting',
  'idle',
];

/** What /status, /readyz and /metrics show of the live stream. */
export interface StreamState {
  readonly status: StreamStatus;
  /** The socket is open (`connected` or `recovering`). */
  readonly connected: boolean;
  /** Yahoo symbols subscribed on the open connection. */
  readonly subscribed: readonly string[];
  readonly updatesPerMinute: number;
  /** Price updates read since start (before coalescing). */
  readonly updatesTotal: number;
  /** Milliseconds since the last price update, or null before the first. */
  readonly lastUpdateAgeMs: number | null;
  /** Connections opened after the first. */
  readonly reconnects: number;
  /** Failures in the current outage: drops, refusals, silences, oversize frames. */
  readonly consecutiveFailures: number;
  /** The current outage (see src/stream/outage.ts), or null. */
  readonly outage: { readonly since: number; readonly announced: boolean } | null;
  readonly lastError: string | null;
  readonly rejectedFrames: RejectedFrames;
}

export interface StreamClientOptions {
  readonly url: string;
  readonly userAgent: string;
  readonly backoff: BackoffPolicy;
  readonly silenceMs: number;
  /** When "down" and "back" are said (src/stream/outage.ts). */
  readonly outage: OutagePolicy;
  /** Each symbol's latest price, at most once per event-loop turn. */
  readonly onPrice: (price: StreamedPrice) => void;
  /** Said once when an outage is announced and once when it ends. */
  readonly onNotice: (text: string) => void;
  readonly now: () => number;
  readonly log: Logger;
}

export interface StreamClient {
  /** The Yahoo symbols wanted now: connects, subscribes and unsubscribes to match; none closes the socket. */
  want(symbols: readonly string[]): void;
  state(): StreamState;
  stop(): void;
}

/** The streamer's websocket: one connection, resubscribed after every reconnect, backed off on failure. */
class StreamConnection implements StreamClient {
  private socket: WebSocket | null = null;
  private open = false;
  /** The last moment this connection was known good: when it opened, then its last price. */
  private goodAt: number | null = null;
  private subscribed = new Set<string>();
  private wanted = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private outageTimer: NodeJS.Timeout | null = null;
  private outage: Outage | null = null;
  private lastError: string | null = null;
  private opened = 0;
  private stopped = false;
  private lastUpdateAt: number | null = null;
  private updatesTotal = 0;
  private readonly rate = createRateWindow();
  private readonly rejected: RejectionTally;
  private readonly intake: FrameIntake;

  constructor(private readonly options: StreamClientOptions) {
    this.rejected = createRejectionTally(options.log);
    this.intake = createFrameIntake({
      read: readFrame,
      onPrices: (latest, read) => {
        this.onPrices(latest, read);
      },
      onRejected: (problem, detail) => {
        this.rejected.record(problem, detail);
      },
      pause: () => this.socket?.pause(),
      resume: () => this.socket?.resume(),
      later: (turn) => setImmediate(turn),
    });
  }

  want(symbols: readonly string[]): void {
    this.wanted = new Set(symbols);
    if (this.wanted.size === 0) {
      if (this.socket) this.options.log.info('no open market to stream; live stream closed');
      this.closeSocket();
      this.setOutage(outagePaused(this.outage));
      return;
    }
    if (this.open) {
      this.syncSubscriptions();
      if (!this.silenceTimer) this.armSilence();
    }
    this.connectIfWanted();
  }

  state(): StreamState {
    const now = this.options.now();
    const { outage } = this;
    return {
      status: this.status(),
      connected: this.open,
      subscribed: [...this.subscribed],
      updatesPerMinute: this.rate.perMinute(now),
      updatesTotal: this.updatesTotal,
      lastUpdateAgeMs: this.lastUpdateAt === null ? null : now - this.lastUpdateAt,
      reconnects: Math.max(0, this.opened - 1),
      consecutiveFailures: outage?.failures ?? 0,
      outage: outage && { since: outage.startedAt, announced: outage.announced },
      lastError: this.lastError,
      rejectedFrames: this.rejected.counts(),
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.outageTimer) clearTimeout(this.outageTimer);
    this.retryTimer = this.outageTimer = null;
    this.intake.clear();
    this.closeSocket();
  }

  private status(): StreamStatus {
    if (this.open) return this.outage ? 'recovering' : 'connected';
    if (this.wanted.size === 0) return 'idle';
    if (this.outage?.announced) return 'down';
    return this.outage ? 'reconnecting' : 'connecting';
  }

  private connectIfWanted(): void {
    if (this.stopped || this.socket || this.retryTimer || this.wanted.size === 0) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, {
        headers: { 'User-Agent': this.options.userAgent },
        handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
        maxPayload: MAX_FRAME_BYTES,
      });
    } catch (err) {
      this.fail(`cannot dial the streamer: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.socket = socket;
    this.listen(socket);
  }

  /** Every event of the socket, each guarded: nothing the streamer does may throw out of a handler. */
  private listen(socket: WebSocket): void {
    const guarded =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        try {
          handler(...args);
        } catch (err) {
          this.options.log.error({ err }, 'live stream handler failed; reconnecting');
          this.fail(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        }
      };
    socket.on(
      'open',
      guarded(() => {
        this.onOpen();
      }),
    );
    socket.on(
      'message',
      guarded((data: WebSocket.RawData) => {
        this.intake.add(rawFrame(data));
      }),
    );
    socket.on(
      'error',
      guarded((err: Error & { code?: string }) => {
        this.onSocketError(err);
      }),
    );
    socket.on(
      'close',
      guarded((code: number) => {
        this.fail(`closed by the streamer (code ${String(code)})`);
      }),
    );
  }

  private onSocketError(err: Error & { code?: string }): void {
    if (err.code !== OVERSIZE_CODE) {
      this.fail(err.message);
      return;
    }
    const limit = `${MAX_FRAME_BYTES / 1024} KiB`;
    this.rejected.record('oversize', `a frame over ${limit}`);
    this.fail(`a frame over ${limit} (closed with code 1009)`);
  }

  private onOpen(): void {
    this.open = true;
    this.opened += 1;
    this.goodAt = this.options.now();
    this.options.log.info({ reconnects: this.opened - 1 }, 'live stream connected');
    this.syncSubscriptions();
    this.armSilence();
    this.resubscribeTimer = setInterval(() => {
      if (this.wanted.size > 0) this.send({ subscribe: [...this.wanted] });
    }, RESUBSCRIBE_MS);
    this.resubscribeTimer.unref();
  }

  /** One event-loop turn's prices, each symbol's latest (src/stream/frameIntake.ts). */
  private onPrices(latest: readonly StreamedPrice[], read: number): void {
    if (this.stopped) return;
    const now = this.options.now();
    this.lastUpdateAt = now;
    this.updatesTotal += read;
    this.rate.add(now, read);
    // Frames read after their socket closed are still prices, but say nothing of the stream's health.
    if (this.open) {
      this.goodAt = now;
      this.setOutage(outagePrice(this.outage, now));
      this.armSilence();
    }
    for (const price of latest) {
      try {
        this.options.onPrice(price);
      } catch (err) {
        this.options.log.error({ err, yahoo: price.yahooSymbol }, 'a streamed price could not be handed on');
      }
    }
  }

  /** A drop, refusal, silence or oversize frame: close, count in the outage, retry with backoff. */
  private fail(reason: string): void {
    if (this.stopped) return;
    const now = this.options.now();
    const knownGoodAt = this.goodAt ?? now;
    this.closeSocket();
    this.lastError = reason;
    this.setOutage(outageFailure(this.outage, knownGoodAt));
    const failures = this.outage?.failures ?? 1;
    const delayMs = backoffDelayMs(this.options.backoff, failures);
    this.options.log.warn({ reason, failures, retryInMs: delayMs }, 'live stream failed; polling continues');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectIfWanted();
    }, delayMs);
    this.retryTimer.unref();
  }

  /** Records the outage, says what is due, and arms the timer for what may be due next. */
  private setOutage(outage: Outage | null): void {
    const now = this.options.now();
    const before = outage;
    const step = outageDue(outage, now, this.options.outage);
    this.outage = step.outage;
    if (step.notice && before)
      this.options.onNotice(outageNoticeText(step.notice, before, this.lastError, now));
    if (this.outageTimer) clearTimeout(this.outageTimer);
    this.outageTimer = null;
    const next = outageNextCheckAt(this.outage, this.options.outage);
    if (next === null || this.stopped) return;
    this.outageTimer = setTimeout(
      () => {
        this.outageTimer = null;
        this.setOutage(this.outage);
      },
      Math.max(0, next - now),
    );
    this.outageTimer.unref();
  }

  private armSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (!this.open || this.wanted.size === 0) return;
    const seconds = this.options.silenceMs / 1000;
    this.silenceTimer = setTimeout(() => {
      this.fail(`no update for ${String(seconds)} s while a market is open`);
    }, this.options.silenceMs);
    this.silenceTimer.unref();
  }

  private syncSubscriptions(): void {
    const added = [...this.wanted].filter((s) => !this.subscribed.has(s));
    const removed = [...this.subscribed].filter((s) => !this.wanted.has(s));
    if (removed.length > 0) this.send({ unsubscribe: removed });
    // The streamer's own clients always send the whole list; it is idempotent.
    if (added.length > 0) this.send({ subscribe: [...this.wanted] });
    this.subscribed = new Set(this.wanted);
    if (added.length > 0 || removed.length > 0)
      this.options.log.info({ subscribed: [...this.wanted], removed }, 'stream subscriptions');
  }

  private send(message: object): void {
    if (this.open) this.socket?.send(JSON.stringify(message));
  }

  private closeSocket(): void {
    const { socket } = this;
    this.socket = null;
    this.open = false;
    this.goodAt = null;
    this.subscribed = new Set();
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    if (this.resubscribeTimer) clearInterval(this.resubscribeTimer);
    this.silenceTimer = this.resubscribeTimer = null;
    if (!socket) return;
    socket.removeAllListeners();
    // A late error from the dying socket must not become an unhandled 'error' event.
    socket.on('error', () => undefined);
    socket.terminate();
  }
}

/** A frame as `ws` delivers it (a text frame is one Buffer), kept undecoded until its turn. */
function rawFrame(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
}

export function createStreamClient(options: StreamClientOptions): StreamClient {
  return new StreamConnection(options);
}
