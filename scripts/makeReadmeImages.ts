/**
 * The README's pictures, made from the demo session (data/demo) with the bot's own chart code: the
 * alert chart of the day's strongest Hang Seng alert, the HKEX daily wrap chart and the event study.
 *   npx tsx scripts/makeReadmeImages.ts [outDir]   (default docs/images)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfigFile } from '../src/config/loadConfig.js';
import { eventSchema } from '../src/config/schema.js';
import { createCalendar } from '../src/domain/calendar/index.js';
import { screenSeries } from '../src/domain/priceScreen.js';
import type { PricePoint } from '../src/domain/quote.js';
import { alertChartInput } from '../src/discord/alertChart.js';
import { renderChartSvg, renderNormalisedChartSvg, svgToPng } from '../src/discord/chart/index.js';
import { wrapChartInput } from '../src/discord/wrapMessage.js';
import { createLogger } from '../src/log.js';
import { createReplayProvider } from '../src/providers/replay.js';
import { runReplay } from '../src/replay/runReplay.js';
import { runEventStudy } from '../src/study/eventStudy.js';
import { studyChartSvg } from '../src/study/studyChart.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const DEMO_CONFIG = 'data/demo/config.yaml';
const DEMO_DATA = 'data/demo/2025-06-02';
const DEMO_EVENTS = 'data/demo/events.yaml';
const quiet = createLogger({ level: 'silent' });

/** Every screened bar of the day per instrument id, from the recorded chart responses. */
async function dayBars(config: ReturnType<typeof loadConfigFile>): Promise<Map<string, PricePoint[]>> {
  const provider = createReplayProvider({ dir: DEMO_DATA, now: () => Number.MAX_SAFE_INTEGER });
  const bars = new Map<string, PricePoint[]>();
  for (const i of config.instruments.filter((x) => provider.supports(x))) {
    const quote = await provider.fetchQuote(i);
    // The bot draws only what the price screen keeps; the demo has a planted bad print.
    const screened = screenSeries(quote.bars, {
      sanityJumpPct: i.thresholds.sanityJumpPct,
      previousClose: quote.previousClose,
    });
    bars.set(i.id, screened);
  }
  return bars;
}

/** Writes alert.png, wrap.png and study.png into outDir; returns their paths. */
export async function makeReadmeImages(outDir: string): Promise<string[]> {
  const config = loadConfigFile(DEMO_CONFIG);
  const calendar = createCalendar(config.markets);
  const replay = await runReplay({
    config,
    dataDir: DEMO_DATA,
    console: { stream: { write: () => true }, format: 'text' },
    log: quiet,
  });
  const bars = await dayBars(config);
  const hsi = config.instruments.find((i) => i.id === 'HSI');
  const lead = [...replay.alerts]
    .filter((a) => a.symbol === 'HSI')
    .sort((a, b) => b.severity - a.severity || a.time - b.time)[0];
  if (!hsi || !lead) throw new Error('the demo session has no Hang Seng alert to draw');
  const session = (bars.get('HSI') ?? []).filter(
    (p) => p.time <= lead.time && calendar.status(hsi.market, p.time).tradingDay === lead.sessionId,
  );
  const alertSvg = renderChartSvg(alertChartInput(lead, hsi, session, config.discord));

  const previousCloses = Object.fromEntries(
    replay.closes.flatMap((c) => (c.previousClose === null ? [] : [[c.instrument.id, c.previousClose]])),
  );
  const until = Math.max(...[...bars.values()].flatMap((b) => b.map((p) => p.time)));
  const wrap = wrapChartInput(
    { market: hsi.market, tradingDay: lead.sessionId, text: '', until, previousCloses },
    { config, calendar, recentBars: (id, since) => (bars.get(id) ?? []).filter((p) => p.time >= since) },
  );
  if (!wrap) throw new Error('the demo session has no HKEX prices to draw');

  const events = eventSchema.array().parse(parse(readFileSync(DEMO_EVENTS, 'utf8')));
  const study = studyChartSvg(await runEventStudy(config, events, DEMO_DATA));

  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ['alert.png', alertSvg],
    ['wrap.png', renderNormalisedChartSvg(wrap)],
    ['study.png', study.svg],
  ];
  return files.map(([name, svg]) => {
    const file = join(outDir, name);
    writeFileSync(file, svgToPng(svg));
    return file;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of await makeReadmeImages(process.argv[2] ?? 'docs/images')) console.log(`wrote ${file}`);
}
