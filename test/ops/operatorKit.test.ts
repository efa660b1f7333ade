/**
 * The operator's kit (deploy/prometheus-rules.yml, the Grafana dashboard) checked against what the
 * bot really exports: every expression is parsed with Prometheus' own PromQL grammar
 * (@prometheus-io/lezer-promql) and every metric it names must be on a running bot's /metrics, with
 * increase()/rate() over counters and histogram buckets only.
 */
import { readFileSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYaml } from '../docker/imageFiles.js';
import { startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: { severity?: string };
  readonly annotations?: { summary?: string; description?: string };
}

const RULES_FILE = 'deploy/prometheus-rules.yml';
const DASHBOARD_FILE = 'deploy/grafana/dashboards/market-reaction-bot.json';
/** Prometheus' own series, which every scrape job has. */
const SCRAPE_SERIES = new Set(['up']);
const COUNTER_FUNCTIONS = new Set(['increase', 'rate', 'irate', 'resets']);

const tempDir = useTempDirs('operator-kit-');
let bot: Bot;
let types: Map<string, string>;

/** `# TYPE name type` lines of an exposition, with histogram series names expanded. */
function exportedTypes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name = '', type = ''] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    found.set(name, type);
    if (type === 'histogram')
      for (const part of ['_bucket', '_sum', '_count']) found.set(`${name}${part}`, 'counter');
  }
  return found;
}

interface Selector {
  readonly metric: string;
  /** The function the selector is the argument of, if any (increase, rate, …). */
  readonly inFunction: string | null;
}

/** The metric selectors of a PromQL expression, or the position of a syntax error. */
function readExpression(expr: string): { selectors: Selector[]; errorAt: number | null } {
  const selectors: Selector[] = [];
  let errorAt: number | null = null;
  const functions: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError && errorAt === null) errorAt = node.from;
      if (node.name === 'FunctionIdentifier') functions.push(expr.slice(node.from, node.to));
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) {
          const parent = node.node.parent?.name === 'MatrixSelector' ? (functions.at(-1) ?? null) : null;
          selectors.push({ metric: expr.slice(identifier.from, identifier.to), inFunction: parent });
        }
      }
    },
  });
  return { selectors, errorAt };
}

function problemsOf(expr: string): string[] {
  const { selectors, errorAt } = readExpression(expr);
  if (errorAt !== null) return [`PromQL syntax error at ${errorAt}`];
  if (selectors.length === 0) return ['names no metric'];
  return selectors.flatMap(({ metric, inFunction }) => {
    if (SCRAPE_SERIES.has(metric)) return [];
    const type = types.get(metric);
    if (type === undefined) return [`${metric} is not exported by the bot`];
    if (inFunction && COUNTER_FUNCTIONS.has(inFunction) && type !== 'counter')
      return [`${inFunction}() over ${metric}, a ${type}: only counters go up`];
    return [];
  });
}

beforeAll(async () => {
  bot = await startTestBot(tempDir(), { env: { HTTP_PORT: '0' } });
  await bot.poll();
  const res = await axios.get<string>(`http://127.0.0.1:${bot.bot.httpPort ?? 0}/metrics`, {
    responseType: 'text',
  });
  types = exportedTypes(res.data);
});
afterAll(() => bot.close());

describe('the checker itself', () => {
  it('GIVEN faulty expressions THEN each fault is named', () => {
    expect(problemsOf('increase(mrb_dead_letters[1h]) > 0')).toEqual([
      'increase() over mrb_dead_letters, a gauge: only counters go up',
    ]);
    expect(problemsOf('mrb_no_such_metric > 1')).toEqual(['mrb_no_such_metric is not exported by the bot']);
    expect(problemsOf('rate(mrb_polls_total[5m] > 0')[0]).toMatch(/^PromQL syntax error/);
  });
});

describe(RULES_FILE, () => {
  const rules = (readYaml(RULES_FILE) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

  it('GIVEN the kit THEN it alerts on no poll, stale quotes, dead letters, stream down, backlog and not ready', () => {
    const used = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'mrb_last_poll_age_seconds',
      'mrb_quote_age_seconds',
      'mrb_dead_letters_total',
      'mrb_stream_state',
      'mrb_outbox_oldest_pending_age_seconds',
      'mrb_ready',
    ])
      expect(used).toContain(metric);
  });

  it.each(rules.map((r) => [r.alert, r] as const))(
    'GIVEN rule %s THEN it parses and names only exported metrics',
    (_name, rule) => {
      expect(problemsOf(rule.expr)).toEqual([]);
      expect(rule.labels?.severity).toMatch(/^(critical|warning)$/);
      expect(rule.annotations?.summary).toBeTruthy();
    },
  );

  it('GIVEN the compose monitoring profile THEN Prometheus loads this file', () => {
    const prometheus = readYaml('deploy/prometheus.yml') as { rule_files: string[] };
    const compose = readFileSync('docker-compose.yml', 'utf8');
    const [mounted] = prometheus.rule_files;
    expect(compose).toContain(`./${RULES_FILE}:${mounted ?? ''}:ro`);
  });
});

describe(DASHBOARD_FILE, () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const targets = dashboard.panels.flatMap((p) => p.targets.map((t) => [p.title, t.expr] as const));

  it.each(targets)('GIVEN panel %s THEN its query parses and names only exported metrics', (_title, expr) => {
    expect(problemsOf(expr)).toEqual([]);
  });

  it('GIVEN the compose monitoring profile THEN Grafana is provisioned with the dashboard and Prometheus', () => {
    const compose = readFileSync('docker-compose.yml', 'utf8');
    expect(compose).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const source = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml') as {
      datasources: { uid: string; url: string }[];
    };
    expect(source.datasources[0]).toMatchObject({ uid: 'mrb-prometheus', url: 'http://prometheus:9090' });
  });
});
