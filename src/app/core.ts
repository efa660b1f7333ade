import { scoreHeadline } from '../domain/news/score.js';
import { safeLink } from '../domain/news/sanitize.js';
import { createNewsPoller } from '../news/newsPoller.js';
import { createNewsSources } from '../news/newsSources.js';
import { countAlerts, observeQuotes } from '../ops/observe.js';
import { createMonitor } from '../pipeline/monitor.js';
import { createProviders } from '../providers/index.js';
import { pollPeriodMs } from '../scheduler/pollPeriod.js';
import { createReactionReporter } from '../reports/reactionReporter.js';
import { createEventService } from '../services/eventService.js';
import { createPersonalAlertService } from '../services/personalAlertService.js';
import { createPersonalAlertStage } from '../services/personalAlertStage.js';
import { expected } from './context.js';
import type { BotContext, Core } from './context.js';
import '../news/languageModel.js';

/** The quote source: the one handed in (tests), else the provider chain the config names. */
function quoteSource(ctx: BotContext) {
  const { env, now } = ctx;
  const config = ctx.config.current();
  const source =
    ctx.options.quotes ??
    expected(
      () => createProviders(config, env, now, pollPeriodMs(config.schedule.cron, config.schedule.timezone)),
      (why) => `cannot set up the quote providers: ${why}`,
    );
  return ctx.ops ? observeQuotes(source, ctx.ops.metrics) : source;
}

/** The poll pipeline, the news poller, the event service and the reaction reports. */
export function createCore(ctx: BotContext): Core {
  const { store, now, log, hub, config } = ctx;
  const monitor = createMonitor({
    config,
    store,
    quotes: quoteSource(ctx),
    sink: hub.sink,
    log,
    now,
    ...(ctx.ops ? { onRecorded: countAlerts(ctx.ops.metrics) } : {}),
    personal: createPersonalAlertStage({ store, hub, log }),
  });
  const { news } = config.current();
  const poller = createNewsPoller({
    sources: createNewsSources(news, config.current().providers.userAgent, news.timeoutMs),
    backoff: news.backoff,
    now,
    log,
  });
  const events = createEventService({
    store,
    monitor,
    score: (title) => scoreHeadline(title, config.current().news),
    safeLink,
    now,
    log,
  });
  const reports = createReactionReporter({ config, store, monitor, hub, now, log });
  const personal = createPersonalAlertService({
    store,
    config,
    latestQuote: (symbol) => monitor.latestQuote(symbol),
    now,
    log,
  });
  return { monitor, news: poller, events, personal, reports };
}
