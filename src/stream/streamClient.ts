import WebSocket from 'ws';
import type { Logger } from '../log.js';
import { backoffDelayMs, CLOSED_CIRCUIT, recordFailure, recordSuccess } from '../resilience/backoff.js';
import type { BackoffPolicy, Circuit } from '../resilience/backoff.js';
import { readFrame } from './pricingFrame.js';
import type { FrameProblem, StreamedPrice } from './pricingFrame.js';

/** Yahoo's own clients repeat the subscribe message this often; the streamer may forget idle subscriptions. */
const RESUBSCRIBE_MS = 15_000;
/** Updates per minute are counted over this trailing window. */
const RATE_WINDOW_MS = 60_000;
/** A connection that does not open in this time counts as a failure. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** What /status and /metrics show of the live stream. */
export interface StreamState {
  readonly connected: boolean;
  /** Yahoo symbols subscribed on the open connection (or to be, once it opens). */
  readonly subscribed: readonly string[];
  readonly updatesPerMinute: number;
  /** Price updates received since start. */
  readonly updatesTotal: number;
  /** Milliseconds since the last price update, or null before the first. */
  readonly lastUpdateAgeMs: number | null;
  /** Connections opened after the first. */
  readonly reconnects: number;
  /** Failures since the last update: drops, refusals, silences. */
  readonly consecutiveFailures: number;
  /** People were told the stream is down (and will be told when it recovers). */
  readonly down: boolean;
  readonly lastError: string | null;
}

export interface StreamClientOptions {
  readonly url: string;
  readonly userAgent: string;
  readonly backoff: BackoffPolicy;
  readonly silenceMs: number;
  readonly noticeAfterFailures: number;
  readonly onPrice: (price: StreamedPrice) => void;
  /** Said once when the stream goes down and once when it is back. */
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
  private subscribed = new Set<string>();
  private wanted = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private circuit: Circuit = CLOSED_CIRCUIT;
  private opened = 0;
  private down = false;
  private stopped = false;
  private lastUpdateAt: number | null = null;
  private updatesTotal = 0;
  private readonly updates: number[] = [];
  private readonly garbageSeen = new Set<FrameProblem>();

  constructor(private readonly options: StreamClientOptions) {}

  want(symbols: readonly string[]): void {
    this.wanted = new Set(symbols);
    if (this.wanted.size === 0 && this.socket) {
      this.options.log.info('no open market to stream; live stream closed');
      this.closeSocket();
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
    this.pruneRate(now);
    return {
      connected: this.open,
      subscribed: [...this.subscribed],
      updatesPerMinute: this.updates.length,
      updatesTotal: this.updatesTotal,
      lastUpdateAgeMs: this.lastUpdateAt === null ? null : now - this.lastUpdateAt,
      reconnects: Math.max(0, this.opened - 1),
      consecutiveFailures: this.circuit.consecutiveFailures,
      down: this.down,
      lastError: this.circuit.lastError,
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closeSocket();
  }

  private connectIfWanted(): void {
    if (this.stopped || this.socket || this.retryTimer || this.wanted.size === 0) return;
    const socket = new WebSocket(this.options.url, {
      headers: { 'User-Agent': this.options.userAgent },
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    this.socket = socket;
    socket.on('open', () => {
      this.onOpen();
    });
    socket.on('message', (data: WebSocket.RawData) => {
      this.onMessage(rawText(data));
    });
    socket.on('error', (err) => {
      this.fail(err.message);
    });
    socket.on('close', (code) => {
      this.fail(`closed by the streamer (code ${String(code)})`);
    });
  }

  private onOpen(): void {
    this.open = true;
    this.opened += 1;
    this.options.log.info({ reconnects: this.opened - 1 }, 'live stream connected');
    this.syncSubscriptions();
    this.armSilence();
    this.resubscribeTimer = setInterval(() => {
      if (this.wanted.size > 0) this.send({ subscribe: [...this.wanted] });
    }, RESUBSCRIBE_MS);
    this.resubscribeTimer.unref();
  }

  private onMessage(text: string): void {
    const frame = readFrame(text);
    if (frame.kind === 'garbage') {
      // Logged once per kind: a streamer that changed its format would otherwise flood the log.
      const level = this.garbageSeen.has(frame.problem) ? 'debug' : 'warn';
      this.garbageSeen.add(frame.problem);
      this.options.log[level]({ problem: frame.problem, detail: frame.detail }, 'stream frame ignored');
      return;
    }
    if (frame.kind === 'ignored') return;
    const now = this.options.now();
    this.lastUpdateAt = now;
    this.updatesTotal += 1;
    this.updates.push(now);
    this.pruneRate(now);
    this.circuit = recordSuccess(this.circuit, now);
    if (this.down) {
      this.down = false;
      this.options.onNotice('✅ Live prices are back: alerts again follow the market within seconds.');
    }
    this.armSilence();
    this.options.onPrice(frame.price);
  }

  /** A drop, refusal or silence: close, count, tell people once after enough, retry with backoff. */
  private fail(reason: string, silence = false): void {
    if (this.stopped) return;
    this.closeSocket();
    const { backoff, log } = this.options;
    // Every failure here comes from a fresh attempt, so each one counts (no backoff is running).
    const counted = { ...this.circuit, retryAt: null };
    this.circuit = recordFailure(counted, { now: this.options.now(), error: reason, policy: backoff });
    const failures = this.circuit.consecutiveFailures;
    const delayMs = backoffDelayMs(backoff, failures);
    log.warn({ reason, failures, retryInMs: delayMs }, 'live stream failed; polling continues');
    if (!this.down && (silence || failures >= this.options.noticeAfterFailures)) {
      this.down = true;
      this.options.onNotice(
        `⚠️ Live prices are down (${reason}). Alerts keep coming from polling, up to a poll period later; the stream is retried with backoff.`,
      );
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectIfWanted();
    }, delayMs);
    this.retryTimer.unref();
  }

  private armSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (!this.open || this.wanted.size === 0) return;
    const seconds = this.options.silenceMs / 1000;
    this.silenceTimer = setTimeout(() => {
      this.fail(`no update for ${String(seconds)} s while a market is open`, true);
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

  private pruneRate(now: number): void {
    while ((this.updates[0] ?? now) <= now - RATE_WINDOW_MS) this.updates.shift();
  }

  private closeSocket(): void {
    const { socket } = this;
    this.socket = null;
    this.open = false;
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

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

export function createStreamClient(options: StreamClientOptions): StreamClient {
  return new StreamConnection(options);
}
