import type { Logger } from '../log.js';
import type { OutboxStore } from '../store/outbox.js';
import type { AlertChart, AlertPayload } from './alertMessage.js';
import { newNonce, type StagedAlertPost } from './discordSink.js';

/**
 * An alert's chart follows its text: the post goes out without it, and once the chart is rendered an
 * edit that adds it is queued behind the post in the outbox (same destination queue, backoff and dead
 * letters). A render never sits in a queue, so a newer alert's post never waits for an older chart.
 */
export interface AlertChartFollowUp {
  /** Remembers staged posts whose charts are to be rendered. */
  expect(posts: readonly StagedAlertPost[]): void;
  /** Starts rendering every chart expected so far; each edit is queued when its chart is ready. */
  start(): void;
  /** Resolves when every render started so far has finished and its edit is queued (or dropped). */
  settle(): Promise<void>;
}

export interface AlertChartFollowUpDeps {
  readonly outbox: Pick<OutboxStore, 'enqueueEdit'>;
  /** The lead alert's chart, or null when there is none or it could not be rendered (already logged). */
  readonly renderChart: (payload: AlertPayload) => Promise<AlertChart | null>;
  /** Called after an edit is queued, to send it. */
  readonly onQueued: () => void;
  readonly now: () => number;
  readonly log: Logger;
}

export function createAlertChartFollowUp(deps: AlertChartFollowUpDeps): AlertChartFollowUp {
  const expected: StagedAlertPost[] = [];
  const inFlight = new Set<Promise<void>>();

  const follow = async (post: StagedAlertPost) => {
    const chart = await deps.renderChart(post.payload);
    if (!chart) return;
    const edit = { ...post.payload, chart };
    const seq = deps.outbox.enqueueEdit(
      { reportKey: post.key, nonce: newNonce(), payload: edit, eventTime: post.eventTime },
      deps.now(),
    );
    // No post to edit: its staging was rolled back, or Discord refused the post for good.
    if (seq === null) deps.log.debug({ key: post.key }, 'alert chart not attached: its post is not queued');
    else deps.onQueued();
  };

  return {
    expect(posts) {
      expected.push(...posts);
    },
    start() {
      for (const post of expected.splice(0)) {
        const running = follow(post).catch((err: unknown) => {
          deps.log.error({ key: post.key, err }, 'alert chart edit not queued');
        });
        inFlight.add(running);
        void running.finally(() => inFlight.delete(running));
      }
    },
    async settle() {
      await Promise.all([...inFlight]);
    },
  };
}
