import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import type { StoryIdentity } from '../domain/news/storyIdentity.js';
import type { NewsItem } from '../news/feedItem.js';
import { createFirstSight } from '../news/firstSight.js';
import { ingestNews } from '../news/ingestNews.js';
import type { IngestResult } from '../news/ingestNews.js';
import { itemKey } from '../news/selectNewItems.js';
import { openStore } from '../store/openStore.js';
import type { Store } from '../store/openStore.js';
import type { StoredEvent } from '../store/newsEvents.js';
import { cliLogger } from './io.js';
import type { CliIo } from './io.js';
import { loadNewsInputs, NewsInputError } from './newsInputs.js';
import type { NewsInput } from './newsInputs.js';

const USAGE =
  'usage: npm run news -- --feed [<feed id>=]<file|url>... [--public-inspection <file|url>] [--gdelt <file|url>] [--at <ISO time>] [--state <db>] [--config <file>] [--json]';

interface NewsArgs {
  readonly inputs: readonly NewsInput[];
  readonly at: number;
  readonly state: string;
  readonly config: string;
  readonly json: boolean;
}

/** The arguments, or a one-line reason they are wrong. */
function parseNewsArgs(argv: readonly string[], io: CliIo, now: number): NewsArgs | string {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        feed: { type: 'string', multiple: true, default: [] },
        'public-inspection': { type: 'string' },
        gdelt: { type: 'string' },
        at: { type: 'string' },
        state: { type: 'string', default: ':memory:' },
        config: { type: 'string', default: io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    return (err as Error).message;
  }
  const desk = values['public-inspection'];
  const inputs: NewsInput[] = [
    ...values.feed.map((location) => ({ kind: 'feed' as const, location })),
    ...(desk === undefined ? [] : [{ kind: 'public-inspection' as const, location: desk }]),
    ...(values.gdelt === undefined ? [] : [{ kind: 'gdelt' as const, location: values.gdelt }]),
  ];
  if (inputs.length === 0) return 'give at least one --feed, --public-inspection or --gdelt';
  // An offset is required: a bare local time would mean different instants on different machines.
  const at =
    values.at === undefined ? now : /(Z|[+-]\d\d:?\d\d)$/i.test(values.at) ? Date.parse(values.at) : NaN;
  if (Number.isNaN(at))
    return `--at ${values.at ?? ''} is not an ISO time with a zone, e.g. 2025-06-02T10:00:00+08:00`;
  return { inputs, at, state: values.state, config: values.config, json: values.json };
}

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function eventJson(event: StoredEvent, identity: StoryIdentity | undefined, isNew: boolean): string {
  return JSON.stringify({
    id: event.id,
    t0: new Date(event.time).toISOString(),
    title: event.title,
    source: event.source,
    link: event.link,
    score: event.score,
    parties: identity?.parties ?? [],
    actor: identity?.actor ?? null,
    target: identity?.target ?? null,
    concepts: event.matchedTerms,
    new: isNew,
    report: event.quiet !== true,
    items: (event.items ?? []).map((i) => ({ ...i, publishedAt: new Date(i.publishedAt).toISOString() })),
  });
}

function eventLine(event: StoredEvent, identity: StoryIdentity | undefined, isNew: boolean): string {
  const roles = identity?.actor ? ` ${identity.actor}→${identity.target ?? '?'}` : '';
  const merged = (event.items ?? [])
    .slice(1)
    .map((i) => `${i.source} ${minute(i.publishedAt)} "${i.title}"`)
    .join('; ');
  return [
    `${event.id}  ${minute(event.time)}Z  score ${event.score}  [${(identity?.parties ?? []).join(',')}${roles}]`,
    `  {${event.matchedTerms.join(', ')}}  ${event.title} (${event.source})`,
    isNew ? '' : '  (seen before)',
    merged ? `  + merged: ${merged}` : '',
  ].join('');
}

/** The events this run opened or added headlines to, with their whole merged item lists. */
function touchedEvents(store: Store, result: IngestResult, at: number, windowMs: number) {
  const ids = new Set([...result.added.map((e) => e.id), ...result.attached.map((a) => a.eventId)]);
  const since = Math.min(at - 2 * windowMs, ...result.added.map((e) => e.time));
  const identities = new Map<string, StoryIdentity>();
  for (const m of store.storyMembers(since))
    if (!identities.has(m.eventId)) identities.set(m.eventId, m.identity);
  const added = new Set(result.added.map((e) => e.id));
  return store
    .events(since)
    .filter((e) => ids.has(e.id))
    .map((event) => ({ event, identity: identities.get(event.id), isNew: added.has(event.id) }));
}

/**
 * Day-stamped items (the Federal Register's midnight stamps) as a bot that had polled their feed
 * before would take them: first seen at --at, or when an earlier run on the same --state saw them.
 */
function firstSeenAt(items: readonly NewsItem[], store: Store, at: number): NewsItem[] {
  const remembered = (item: NewsItem) => store.seenPublishedAt(item.source, itemKey(item));
  return createFirstSight(remembered).resolve(items, { now: at, baseline: false });
}

async function ingestAndPrint(args: NewsArgs, io: CliIo, store: Store): Promise<void> {
  const config = loadConfigFile(args.config);
  const log = cliLogger(io, 'warn');
  const loaded = await loadNewsInputs(args.inputs, config.news, config.providers.userAgent);
  for (const note of loaded.notes) io.stderr.write(`${note}\n`);
  const items = firstSeenAt(loaded.items, store, args.at);
  const result = await ingestNews(items, { store, news: config.news, now: args.at, log });
  const windowMs = config.news.dedupe.windowMinutes * 60_000;
  for (const { event, identity, isNew } of touchedEvents(store, result, args.at, windowMs)) {
    io.stdout.write(`${args.json ? eventJson(event, identity, isNew) : eventLine(event, identity, isNew)}\n`);
  }
  io.stderr.write(
    `${items.length} items, ${result.read} new read at ${new Date(args.at).toISOString()}: ` +
      `${result.added.length} new events, ${result.attached.length} merged into known ones\n`,
  );
  if (result.summary !== null) io.stderr.write(`${result.summary}\n`);
  const newest = items.reduce((latest, i) => Math.max(latest, i.publishedAt), -Infinity);
  if (items.length > 0 && newest < args.at - windowMs) {
    io.stderr.write(`every item is older than news.dedupe.windowMinutes before that time; pass --at\n`);
  }
}

/**
 * `npm run news`: fetch → parse → read → merge on saved feed files or URLs, exactly as the live bot
 * does (with --state, across runs as across restarts); one line or JSON object per event touched.
 */
export async function runNews(argv: readonly string[], io: CliIo, now: number = Date.now()): Promise<number> {
  const args = parseNewsArgs(argv, io, now);
  if (typeof args === 'string') {
    io.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  let store: Store | null = null;
  try {
    store = openStore(args.state);
    await ingestAndPrint(args, io, store);
    return 0;
  } catch (err) {
    const expected = err instanceof NewsInputError || err instanceof ConfigError;
    io.stderr.write(`${expected ? '' : 'news failed: '}${(err as Error).message}\n`);
    return 1;
  } finally {
    store?.close();
  }
}
