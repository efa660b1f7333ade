import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import {
  evaluateLabels,
  parseLabels,
  type LabelEvaluation,
  type Misjudged,
} from '../domain/news/evaluate.js';
import {
  evaluateIdentityCases,
  parseIdentityCases,
  type IdentityEvaluation,
} from '../domain/news/evaluateIdentity.js';
import { readHeadline } from '../domain/news/readHeadline.js';
import type { NewsRelevanceSettings } from '../domain/news/settings.js';
import type { NewsConfig } from '../config/newsSchema.js';
import type { CliIo } from './io.js';
import '../news/languageModel.js';

const USAGE =
  'usage: npm run score -- <file of headlines, one per line> | --labels <label<TAB>headline file> | --identity <same|different<TAB>headline<TAB>headline file> [--config <file>] [--json]';

type Loaded<T> = { ok: true; value: T } | { ok: false; code: number };

function readText(file: string, io: CliIo): Loaded<string> {
  try {
    return { ok: true, value: readFileSync(file, 'utf8') };
  } catch (err) {
    io.stderr.write(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
    return { ok: false, code: 1 };
  }
}

function loadSettings(configPath: string, io: CliIo): Loaded<NewsConfig> {
  try {
    return { ok: true, value: loadConfigFile(configPath).news };
  } catch (err) {
    io.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return { ok: false, code: 1 };
  }
}

function printHeadlines(text: string, settings: NewsRelevanceSettings, json: boolean, io: CliIo): number {
  for (const headline of text.split('\n').map((l) => l.trim())) {
    if (headline === '' || headline.startsWith('#')) continue;
    const r = readHeadline(headline, settings);
    const { score, relevant, concepts, actor, target, action, figures, reasons } = r;
    const parties = [...new Set(r.parties.map((p) => p.party))];
    io.stdout.write(
      json
        ? `${JSON.stringify({ headline, score, relevant, concepts, parties, actor, target, action, figures, reasons })}\n`
        : `${relevant ? 'RELEVANT' : 'ignored '}  ${String(score).padStart(3)}  ${headline}\n          ${reasons.join('; ') || 'nothing matched'}\n`,
    );
  }
  return 0;
}

const fixed = (n: number) => n.toFixed(3);

function misjudgedLines(title: string, list: readonly Misjudged[]): string {
  const lines = list.map(
    (m) => `  ${String(m.score).padStart(3)}  ${m.headline}\n        ${m.reasons.join('; ')}`,
  );
  return `${title} (${list.length}):\n${lines.join('\n')}${list.length ? '\n' : ''}`;
}

function printEvaluation(e: LabelEvaluation, json: boolean, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(e)}\n`);
    return;
  }
  const { tp, fp, fn, tn } = e.counts;
  io.stdout.write(
    `precision ${fixed(e.precision)}  recall ${fixed(e.recall)}  F1 ${fixed(e.f1)}\n` +
      `tp ${tp}  fp ${fp}  fn ${fn}  tn ${tn}  (${tp + fp + fn + tn} headlines, ${tp + fn} labelled relevant)\n` +
      misjudgedLines('false positives', e.falsePositives) +
      misjudgedLines('false negatives', e.falseNegatives),
  );
}

function scoreLabels(
  text: string,
  file: string,
  settings: NewsRelevanceSettings,
  json: boolean,
  io: CliIo,
): number {
  const { rows, errors } = parseLabels(text);
  if (errors.length > 0) {
    io.stderr.write(`${errors.map((e) => `${file} ${e}`).join('\n')}\n`);
    return 1;
  }
  printEvaluation(evaluateLabels(rows, settings), json, io);
  return 0;
}

function printIdentityEvaluation(e: IdentityEvaluation, json: boolean, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(e)}\n`);
    return;
  }
  const misses = e.misses.map(
    (m) =>
      `  ${m.verdict}, read ${m.verdict === 'same' ? 'different' : 'same'} (match ${m.match.toFixed(2)})\n` +
      `    ${m.a}\n      ${JSON.stringify(m.identities[0])}\n    ${m.b}\n      ${JSON.stringify(m.identities[1])}`,
  );
  io.stdout.write(
    `right ${e.right}/${e.total}\nmisjudged (${e.misses.length}):\n${misses.map((m) => `${m}\n`).join('')}`,
  );
}

function scoreIdentity(text: string, file: string, news: NewsConfig, json: boolean, io: CliIo): number {
  const { rows, errors } = parseIdentityCases(text);
  if (errors.length > 0) {
    io.stderr.write(`${errors.map((e) => `${file} ${e}`).join('\n')}\n`);
    return 1;
  }
  printIdentityEvaluation(evaluateIdentityCases(rows, news, news.dedupe.similarity), json, io);
  return 0;
}

/**
 * Scores headlines under the current news settings, one per line; with `--labels`, measures precision,
 * recall and F1 against hand-labelled headlines and lists every one it got wrong, with its reasons;
 * with `--identity`, counts the story-identity cases told right and shows each miss's identities.
 */
export function scoreCli(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string', default: io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        labels: { type: 'string' },
        identity: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { labels, identity, json, config } = parsed.values;
  const file = labels ?? identity ?? parsed.positionals[0];
  if (file === undefined) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const text = readText(file, io);
  if (!text.ok) return text.code;
  const settings = loadSettings(config, io);
  if (!settings.ok) return settings.code;
  if (identity !== undefined) return scoreIdentity(text.value, file, settings.value, json, io);
  return labels === undefined
    ? printHeadlines(text.value, settings.value, json, io)
    : scoreLabels(text.value, file, settings.value, json, io);
}
