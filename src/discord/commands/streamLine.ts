import type { StreamState } from '../../stream/streamClient.js';
import { discordTime } from '../alertEmbeds.js';

/** Long errors are cut so the line fits its embed field. */
const ERROR_CHARS = 120;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Frames rejected since start by reason, or '' when none was. */
function rejectedPart(state: StreamState): string {
  const parts = Object.entries(state.rejectedFrames)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`);
  return parts.length === 0 ? '' : ` · frames rejected: ${parts.join(', ')}`;
}

function outagePart(state: StreamState): string {
  if (state.outage === null) return '';
  const told = state.outage.announced ? 'announced' : 'not announced';
  return ` · outage since ${discordTime(state.outage.since)} (${plural(state.consecutiveFailures, 'failure')}, ${told})`;
}

/** The state as it is: connected, recovering, reconnecting, down (announced), connecting or idle. */
function headline(state: StreamState): string {
  const symbols = state.subscribed.join(', ') || 'nothing open';
  switch (state.status) {
    case 'connected':
      return `✅ connected: ${symbols} · ${state.updatesPerMinute}/min`;
    case 'recovering':
      return `🔄 recovering (connected, not yet stable): ${symbols} · ${state.updatesPerMinute}/min`;
    case 'reconnecting':
      return '⚠️ reconnecting with backoff';
    case 'down':
      return '⛔ down, retrying with backoff (people were told; polling carries the alerts)';
    case 'connecting':
      return 'connecting';
    case 'idle':
      return 'idle: no open market';
  }
}

/** The live stream in one line for /status: its true state, outage, rejected frames and last error. */
export function streamLine(state: StreamState | null): string {
  if (state === null) return 'off (polling only)';
  const age =
    state.lastUpdateAgeMs === null
      ? 'no update yet'
      : `last update ${Math.round(state.lastUpdateAgeMs / 1000)} s ago`;
  const error =
    state.outage && state.lastError ? ` · last error: ${state.lastError.slice(0, ERROR_CHARS)}` : '';
  return `${headline(state)} · ${age} · ${plural(state.reconnects, 'reconnect')}${outagePart(state)}${rejectedPart(state)}${error}`;
}
