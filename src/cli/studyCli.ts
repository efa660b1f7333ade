import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import { eventSchema } from '../config/schema.js';
import { formatReactionTable } from '../presentation/reactionTable.js';
import { formatUtcMinute } from '../console/consoleSink.js';
import type { CliIo } from './io.js';
import { svgToPng } from '../discord/chart/index.js';
import { studyChartSvg } from '../study/studyChart.js';
import { runEventStudy } from '../study/eventStudy.js';
import type { StudyRow } from '../study/eventStudy.js';

const USAGE =
  'usage: npm run study -- --events <file> --data <dir> [--config <file>] [--json] [--chart <file.png>]';

/**
 * The average reaction path of each instrument across the events (mean, interquartile band), as a
 * PNG at `file`, with one line per instrument saying how many events it averages.
 */
function writeChart(rows: readonly StudyRow[], file: string, io: CliIo): void {
  const { svg, paths } = studyChartSvg(rows);
  writeFileSync(file, svgToPng(svg));
  for (const p of paths) io.stderr.write(`${p.symbol}: mean of ${p.events} event(s)\n`);
  io.stderr.write(`chart written to ${file}\n`);
}

/** A YAML or JSON list of events, or an object whose `events` is one (a config's events section). */
function readEvents(path: string) {
  const raw = parse(readFileSync(path, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { events?: unknown } | null)?.events;
  const parsed = z.array(eventSchema).safeParse(list);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new Error(`${path}: not a list of events (id, time with zone, title):\n${problems.join('\n')}`);
  }
  return parsed.data;
}

function toJson(row: StudyRow): string {
  return JSON.stringify({
    event: row.event,
    title: row.title,
    symbol: row.symbol,
    measuredFrom: row.reaction?.measuredFrom ?? null,
    base: row.reaction?.base
      ? { time: new Date(row.reaction.base.time).toISOString(), price: row.reaction.base.price }
      : null,
    steps: (row.reaction?.steps ?? []).map((s) => ({
      minutes: s.minutes,
      at: new Date(s.at).toISOString(),
      price: s.price,
      changePct: s.changePct,
      dayChangePct: s.dayChangePct,
    })),
    problem: row.problem,
  });
}

/** Prints each event's table of moves (text mode). */
function writeTables(rows: readonly StudyRow[], io: CliIo): void {
  for (const id of [...new Set(rows.map((r) => r.event))]) {
    const mine = rows.filter((r) => r.event === id);
    const first = mine[0];
    if (!first) continue;
    io.stdout.write(`\n${id} · ${formatUtcMinute(first.time)} · ${first.title}\n`);
    const measured = mine.flatMap((r) => (r.reaction ? [{ label: r.symbol, reaction: r.reaction }] : []));
    io.stdout.write(`${formatReactionTable(measured)}\n`);
    for (const r of mine.filter((x) => x.problem)) io.stdout.write(`  ${r.symbol}: ${r.problem ?? ''}\n`);
  }
}

/** `npm run study`: each instrument's move after each event, from saved chart responses. Returns the exit code. */
export async function studyCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        events: { type: 'string' },
        data: { type: 'string' },
        config: { type: 'string', default: io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        json: { type: 'boolean', default: false },
        chart: { type: 'string' },
      },
    }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.events || !values.data) {
    io.stderr.write(`--events and --data are required\n${USAGE}\n`);
    return 2;
  }
  try {
    const config = loadConfigFile(values.config);
    const rows = await runEventStudy(config, readEvents(values.events), values.data);
    if (values.json) for (const row of rows) io.stdout.write(`${toJson(row)}\n`);
    else writeTables(rows, io);
    if (values.chart) writeChart(rows, values.chart, io);
    return 0;
  } catch (err) {
    io.stderr.write(
      `${err instanceof ConfigError ? err.message : `study failed: ${(err as Error).message}`}\n`,
    );
    return 1;
  }
}
