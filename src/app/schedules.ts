import { ingestNews } from '../news/ingestNews.js';
import type { TickResult } from '../pipeline/tick.js';
import { watchStoreOutage } from '../ops/storeOutage.js';
import { cronScheduler } from '../scheduler/scheduler.js';
import { startRetention } from '../store/retention.js';
import { createWrapPoster } from '../wrap/wrapPoster.js';
import type { BotContext, Core } from './context.js';
import type { ChosenOutput } from './outputs.js';

/** How often queued Discord messages are retried between polls. */
const DELIVERY_RETRY_MS = 5_000;

/** What follows each poll, in order; each step is told the poll's time. */
export type AfterPoll = (now: number) => Promise<void> | void;

/** Polls and news ticks in progress, so stop() can let them finish. */
function createInFlight() {
  const running = new Set<Promise<void>>();
  return {
    track(work: () => Promise<void>): Promise<void> {
      const p = work().finally(() => running.delete(p));
      running.add(p);
      return p;
    },
    async settle() {
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * The ordered after-poll list, in one place: the live stream follows the open markets, reaction
 * reports advance, and a market whose trading day just ended gets its wrap.
 */
export function afterPollSteps(
  ctx: BotContext,
  core: Core,
  stream: { sync(now: number): void } | null,
): AfterPoll[] {
  const { config, store, hub, log } = ctx;
  const wraps = createWrapPoster({ config, monitor: core.monitor, store, hub, log });
  const steps: AfterPoll[] = [];
  if (stream)
    steps.push((now) => {
      stream.sync(now);
    });
  steps.push(() => core.reports.advance());
  steps.push((now) => {
    wraps.afterPoll(now);
  });
  return steps;
}

/** The work of one poll and of one news fetch, shared by the schedules and by the handle. */
function ticks(ctx: BotContext, core: Core, afterPoll: readonly AfterPoll[]) {
  const { log, now, ops, store, hub, config } = ctx;
  const { monitor, news } = core;
  const pollOnce = async (): Promise<TickResult> => {
    const result = await monitor.tick(now());
    for (const step of afterPoll) await step(now());
    log.debug({ ...result, alerts: result.alerts.length, provider: monitor.activeProvider() }, 'poll done');
    return result;
  };
  // A poll whose results cannot be recorded is counted, logged once per outage, and ends the bot
  // after storage.exitAfterFailedPolls in a row (src/ops/storeOutage.ts).
  const storeOutage = watchStoreOutage({
    writeFailure: () => store.writeFailure(),
    maxFailedPolls: () => config.current().storage.exitAfterFailedPolls,
    log,
  });
  return {
    storeExhausted: storeOutage.exhausted,
    poll: () =>
      storeOutage.poll(async () => {
        if (ops) await ops.polls.run(pollOnce);
        else await pollOnce();
      }),
    async newsTick() {
      const items = await news.poll();
      const { added, summary } = await ingestNews(items, {
        store,
        news: config.current().news,
        now: now(),
        log,
      });
      if (summary !== null) hub.publish({ kind: 'notice', text: summary });
      ops?.metrics.eventsOpened.inc(added.length);
      if (added.length === 0) return;
      monitor.refreshEvents(now());
      await core.reports.advance();
    },
  };
}

/**
 * Starts the schedules: polls and news on cron, the delivery retry and retention on timers. Returns
 * the poll and news ticks (which the handle exposes) and `halt`, which makes later ticks no-ops.
 */
export function startSchedules(
  ctx: BotContext,
  core: Core,
  output: ChosenOutput,
  afterPoll: readonly AfterPoll[],
) {
  const { log, store, teardown, config } = ctx;
  const scheduler = ctx.options.scheduler ?? cronScheduler(log);
  const inFlight = createInFlight();
  const work = ticks(ctx, core, afterPoll);
  let stopped = false;
  const poll = () => (stopped ? Promise.resolve() : inFlight.track(() => work.poll()));
  const newsTick = () => (stopped ? Promise.resolve() : inFlight.track(() => work.newsTick()));
  const { discord } = output;
  if (discord) {
    const retry = scheduler.every(DELIVERY_RETRY_MS, () => void discord.delivery.drain());
    teardown.push(() => retry.stop());
  }
  const retentionDays = () => config.current().storage.retentionDays;
  const pruning = startRetention({ store, retentionDays, now: ctx.now, log }, scheduler);
  teardown.push(() => pruning.stop());
  teardown.push(() => inFlight.settle(), 'finish the current poll');
  const { cron, timezone } = config.current().schedule;
  const polls = scheduler.cron({ cron, timezone, tick: poll });
  teardown.push(() => polls.stop(), 'stop the poll schedule (waits for a running poll)');
  if (core.news.health().length > 0) {
    const newsTask = scheduler.cron({
      cron: config.current().news.schedule,
      timezone: 'UTC',
      tick: newsTick,
    });
    teardown.push(() => newsTask.stop());
  }
  return {
    poll,
    newsTick,
    storeExhausted: work.storeExhausted,
    halt: () => {
      stopped = true;
    },
  };
}
