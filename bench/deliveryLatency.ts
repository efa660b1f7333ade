/**
 * Delivery latency benchmark: the real bot (startBot) polls a local Yahoo (test/support/quoteServer)
 * and posts to the local fake Discord (test/support/fakeDiscord), both on 127.0.0.1. Every poll is a
 * new trading day on an always-open market, 2.5 % away from the day before, so every poll fires a
 * day-move alert. Its text is posted at once and its PNG chart, rendered on the worker once the text
 * is out, follows as an edit of that message. Per alert it measures the time from the quote request
 * reaching the quote server to the alert's POST reaching Discord (the text: the goal is p99 ≤ 100 ms)
 * and to the PATCH that adds the chart; each alert's chart is awaited before the next poll, as alerts
 * come minutes apart. The same run without charts (a renderer that declines) is the reference. Over
 * the charted run it also records the event-loop delay (perf_hooks) and a 5 ms interval probe's worst
 * lateness, and it times one render of the same chart on this thread. Flags: --alerts N (default 300).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startBot } from '../src/app/index.js';
import type { RenderChartPng } from '../src/discord/alertMessage.js';
import { renderChartPng } from '../src/discord/chart/index.js';
import { createLogger } from '../src/log.js';
import { manualScheduler, testEnv } from '../test/support/botHarness.js';
import { startFakeDiscord } from '../test/support/fakeDiscord/index.js';
import { startQuoteServer } from '../test/support/quoteServer.js';
import { writeAlwaysOpenConfig } from '../test/support/testConfig.js';
import { round } from './measure.js';

const START = Date.parse('2025-06-02T02:16:00Z');
const DAY_MS = 24 * 60 * 60_000;
const CHART_PATH = '/v8/finance/chart/%5EHSI';
const WARM_UP_ALERTS = 5;
const PROBE_MS = 5;
const POST_WAIT_MS = 30_000;
const TEXT_GOAL_P99_MS = 100;
const DOWN = 0.975;
const HSI_SESSION = readFileSync(
  new URL('../test/fixtures/yahoo/hsi-2025-06-02.json', import.meta.url),
  'utf8',
);

/** The parts of a Yahoo v8 chart response the bench rewrites. */
interface ChartBody {
  readonly chart: {
    readonly result: [
      {
        timestamp: number[];
        readonly meta: {
          regularMarketTime: number;
          regularMarketPrice: number;
          chartPreviousClose: number;
          previousClose: number;
        };
        readonly indicators: {
          readonly quote: [Record<'open' | 'high' | 'low' | 'close', (number | null)[]>];
        };
      },
    ];
  };
}

/**
 * The recorded HSI session shifted to `now`, on odd days scaled 2.5 % down. The market trades around
 * the clock, so a day is measured from the last price before its roll: every day moves 2.5 % from the
 * one before, down then up, and fires a day-move alert.
 */
function dayChart(now: number, day: number): ChartBody {
  const body = JSON.parse(HSI_SESSION) as ChartBody;
  const [result] = body.chart.result;
  // As test/support/fixtures.ts's liveHsiChart, which the bench's compiler cannot follow (it names a folder).
  const shift = Math.floor(now / 1000) - 10 - (result.timestamp.at(-1) ?? 0);
  result.timestamp = result.timestamp.map((t) => t + shift);
  const { meta } = result;
  meta.regularMarketTime += shift;
  const odd = day % 2 === 1;
  const quote = result.indicators.quote[0];
  for (const key of ['open', 'high', 'low', 'close'] as const) {
    quote[key] = quote[key].map((p) => (p === null || !odd ? p : round(p * DOWN, 2)));
  }
  const last = meta.regularMarketPrice;
  meta.regularMarketPrice = odd ? round(last * DOWN, 2) : last;
  meta.chartPreviousClose = odd ? last : round(last * DOWN, 2);
  meta.previousClose = meta.chartPreviousClose;
  return body;
}

/** Calls `onPush` with the time whenever something is appended to `list` (a fake's record array). */
function stampPushes<T>(list: T[], onPush: (at: number, items: T[]) => void): void {
  const push = list.push.bind(list);
  list.push = (...items: T[]) => {
    onPush(performance.now(), items);
    return push(...items);
  };
}

/** An alert's message, not the day's wrap that the same channel gets as each simulated day ends. */
function isAlert(message: { readonly payload: Record<string, unknown> }): boolean {
  const embeds = message.payload.embeds as { title?: string }[] | undefined;
  return embeds?.some((e) => e.title?.includes('on the day') === true) ?? false;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A 5 ms interval that records how late it fired at worst. */
function lateness(): { stop(): number } {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  return {
    stop() {
      clearInterval(timer);
      return worst;
    },
  };
}

/**
 * The reference run's renderer: no chart, so no edit follows the text. It counts its calls so that
 * the next poll waits, as in the charted run, until the alert's follow-up has run.
 */
const declined = { count: 0 };
const noChart: RenderChartPng = () => {
  declined.count++;
  return Promise.reject(new Error('charts off in this run'));
};

async function startRig(dir: string, charts: boolean) {
  const fake = await startFakeDiscord();
  const quotes = await startQuoteServer();
  const configPath = writeAlwaysOpenConfig(dir, (d: { discord: { channelId: string } }) => {
    d.discord.channelId = fake.guild.alertChannelId;
  });
  const clock = { now: START };
  const env = testEnv({
    CONFIG_PATH: configPath,
    STATE_DB: join(dir, 'bot.db'),
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    YAHOO_BASE_URL: quotes.baseUrl,
  });
  // The reference run's declined charts would each log a warning.
  const log = createLogger({ level: charts ? 'warn' : 'error', stream: process.stderr });
  const bot = await startBot({
    env,
    now: () => clock.now,
    log,
    scheduler: manualScheduler(),
    ...(charts ? {} : { renderChartPng: noChart }),
  });
  await bot.discordReady;
  return { fake, quotes, clock, bot };
}

type Rig = Awaited<ReturnType<typeof startRig>>;

interface Stamps {
  quote: number;
  post: number;
  edit: number;
}

interface AlertTimes {
  readonly textMs: number;
  /** Quote to the PATCH that added the chart; null when no chart came. */
  readonly chartMs: number | null;
}

/** One poll on the next day: its text's latency and, when charts are on, its chart's. */
async function oneAlert(rig: Rig, day: number, stamps: Stamps, charts: boolean): Promise<AlertTimes> {
  rig.clock.now = START + day * DAY_MS;
  rig.quotes.route(CHART_PATH, { body: dayChart(rig.clock.now, day) });
  const posted = rig.fake.messages.length;
  const edited = rig.fake.edits.length;
  const before = declined.count;
  await rig.bot.poll();
  const message = await rig.fake.waitFor(
    () => rig.fake.messages.slice(posted).find(isAlert),
    `alert of day ${day}`,
    POST_WAIT_MS,
  );
  const textMs = stamps.post - stamps.quote;
  const chartEdit = charts
    ? await rig.fake
        .waitFor(
          () => rig.fake.edits.slice(edited).find((e) => e.messageId === message.id),
          `chart of day ${day}`,
          POST_WAIT_MS,
        )
        .catch(() => null)
    : await rig.fake.waitFor(() => declined.count > before, `follow-up of day ${day}`, POST_WAIT_MS);
  const chartMs = charts && chartEdit ? stamps.edit - stamps.quote : null;
  // Every alert starts from an empty outbox: the day's wrap, queued behind the alert, is out too.
  await rig.fake.waitFor(() => rig.bot.store.pendingCount() === 0, `outbox of day ${day}`, POST_WAIT_MS);
  return { textMs, chartMs };
}

async function measure(alerts: number, charts: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
  const rig = await startRig(dir, charts);
  const stamps: Stamps = { quote: 0, post: 0, edit: 0 };
  stampPushes(rig.quotes.requests, (at) => (stamps.quote = at));
  stampPushes(rig.fake.messages, (at, items) => {
    if (items.some(isAlert)) stamps.post = at;
  });
  stampPushes(rig.fake.edits, (at) => (stamps.edit = at));
  try {
    // The first polls start the chart worker and warm the JIT; they are not counted.
    for (let day = 1; day <= WARM_UP_ALERTS; day++) await oneAlert(rig, day, stamps, charts);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const probe = lateness();
    delay.enable();
    const text: number[] = [];
    const chart: number[] = [];
    let withoutChart = 0;
    for (let day = WARM_UP_ALERTS + 1; day <= WARM_UP_ALERTS + alerts; day++) {
      const times = await oneAlert(rig, day, stamps, charts);
      text.push(times.textMs);
      if (times.chartMs === null) withoutChart++;
      else chart.push(times.chartMs);
    }
    delay.disable();
    return { text, chart, withoutChart, delay, worstProbeLateMs: probe.stop() };
  } finally {
    await rig.bot.stop();
    await rig.fake.close();
    await rig.quotes.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** p50, p99 and max of a list of milliseconds. */
function spread(ms: readonly number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted.at(-1) ?? NaN, 1),
  };
}

/** One render of an alert-sized chart on this thread, as every alert did before the worker. */
function inlineRenderMs(): number {
  const points = Array.from({ length: 330 }, (_, i) => ({
    time: START - (330 - i) * 60_000,
    price: 23_289 - i * 0.8 + Math.sin(i / 7) * 20,
  }));
  const chart = {
    title: 'HSI · Hang Seng Index · 2025-06-02',
    points,
    previousClose: 23_289.77,
    decimals: 2,
    timeZone: 'Asia/Hong_Kong',
  };
  renderChartPng(chart);
  const started = performance.now();
  for (let i = 0; i < 10; i++) renderChartPng(chart);
  return (performance.now() - started) / 10;
}

const at = process.argv.indexOf('--alerts');
const alerts = at < 0 ? 300 : Number(process.argv[at + 1]);
const loadBefore = loadavg().map((l) => round(l, 2));
const charted = await measure(alerts, true);
const reference = await measure(alerts, false);
const text = spread(charted.text);
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'quote to Discord text (POST) and chart (PATCH), loopback; chart rendered on the worker',
      alerts,
      loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 2)) },
      textWithCharts: text,
      textGoalP99Ms: TEXT_GOAL_P99_MS,
      textGoalMet: text.p99Ms <= TEXT_GOAL_P99_MS,
      chartAttached: spread(charted.chart),
      alertsWithoutChart: charted.withoutChart,
      textWithoutCharts: spread(reference.text),
      eventLoopDelayP99Ms: round(charted.delay.percentile(99) / 1e6, 1),
      eventLoopDelayMaxMs: round(charted.delay.max / 1e6, 1),
      worstProbeLateMs: round(charted.worstProbeLateMs, 1),
      inlineRenderMs: round(inlineRenderMs(), 1),
    },
    null,
    2,
  )}\n`,
);
