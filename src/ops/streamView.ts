/**
 * The live price stream as /metrics and /readyz show it, from the state the stream client keeps
 * (the same state /status words), so the three surfaces never disagree.
 */
import { FRAME_REJECTIONS } from '../stream/pricingFrame.js';
import { STREAM_STATUSES } from '../stream/streamClient.js';
import type { StreamState, StreamStatus } from '../stream/streamClient.js';
import type { RejectedFrames } from '../stream/rejections.js';
import type { BotMetrics } from './metrics.js';

/** Unlabelled gauges always have a value: all 0 (and no state at 1) stands for "no stream attached". */
export function fillStream(metrics: BotMetrics, state: StreamState | null): void {
  metrics.streamConnected.set(state?.connected ? 1 : 0);
  metrics.streamSubscribed.set(state?.subscribed.length ?? 0);
  metrics.streamUpdatesPerMinute.set(state?.updatesPerMinute ?? 0);
  metrics.streamLastUpdateAge.set((state?.lastUpdateAgeMs ?? 0) / 1000);
  metrics.streamReconnects.set(state?.reconnects ?? 0);
  metrics.streamFailures.set(state?.consecutiveFailures ?? 0);
  for (const status of STREAM_STATUSES)
    metrics.streamState.set({ state: status }, status === state?.status ? 1 : 0);
  metrics.streamRejected.reset();
  for (const reason of FRAME_REJECTIONS)
    metrics.streamRejected.inc({ reason }, state?.rejectedFrames[reason] ?? 0);
}

/** The stream in /readyz: shown, never failing readiness, since polling carries every alert while it is down. */
export interface StreamReadout {
  readonly state: StreamStatus;
  readonly outageSince: string | null;
  readonly outageAnnounced: boolean;
  readonly lastError: string | null;
  readonly framesRejected: RejectedFrames;
}

export function streamReadout(state: StreamState | null): StreamReadout | null {
  if (state === null) return null;
  return {
    state: state.status,
    outageSince: state.outage && new Date(state.outage.since).toISOString(),
    outageAnnounced: state.outage?.announced ?? false,
    lastError: state.outage ? state.lastError : null,
    framesRejected: state.rejectedFrames,
  };
}
