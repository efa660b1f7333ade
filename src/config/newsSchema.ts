import { z } from 'zod';

const weightedTerm = z.object({
  term: z
    .string()
    .min(2)
    .describe('A word or phrase, matched case-insensitively on word boundaries; * ends a prefix'),
  weight: z.number().positive().max(100).describe('Points a headline gets for containing it (once per term)'),
});

const DEFAULT_SIDES = {
  a: ['China', 'Beijing', 'Chinese', 'Xi', 'MOFCOM'],
  b: ['US', 'U.S.', 'United States', 'Washington', 'White House', 'Trump', 'Bessent', 'American', 'USTR'],
  bonus: 2,
};

/** Trade-news discovery: where headlines come from and how relevant ones are told apart. */
export const newsSchema = z.object({
  schedule: z.string().default('*/2 * * * *').describe('node-cron expression for polling the feeds'),
  feeds: z
    .array(
      z.object({
        id: z.string().min(1),
        url: z.url(),
        kind: z.enum(['rss', 'atom', 'auto']).default('auto'),
      }),
    )
    .default([])
    .describe('RSS or Atom feeds: government press releases, news search feeds'),
  gdelt: z
    .object({
      enabled: z.boolean().default(false),
      baseUrl: z.url().default('https://api.gdeltproject.org'),
      query: z.string().default('(tariff OR "trade truce" OR "rare earth" OR "export controls") China'),
      maxRecords: z.number().int().min(1).max(250).default(50),
    })
    .default({
      enabled: false,
      baseUrl: 'https://api.gdeltproject.org',
      query: '(tariff OR "trade truce" OR "rare earth" OR "export controls") China',
      maxRecords: 50,
    })
    .describe('The keyless GDELT DOC 2.0 article list'),
  terms: z
    .array(weightedTerm)
    .default([
      { term: 'tariff', weight: 3 },
      { term: 'trade truce', weight: 4 },
      { term: 'trade war', weight: 3 },
      { term: 'trade deal', weight: 2 },
      { term: 'rare earth*', weight: 3 },
      { term: 'export control*', weight: 3 },
      { term: 'entity list', weight: 3 },
      { term: 'MOFCOM', weight: 3 },
      { term: 'commerce ministry', weight: 2 },
      { term: 'USTR', weight: 3 },
      { term: 'Section 301', weight: 3 },
      { term: 'chip curbs', weight: 3 },
      { term: 'semiconductor*', weight: 1 },
      { term: 'Geneva talks', weight: 3 },
      { term: 'retaliat*', weight: 2 },
      { term: 'sanction*', weight: 2 },
    ])
    .describe('Weighted terms and phrases that make a headline relevant'),
  sides: z
    .object({
      a: z.array(z.string()).default(DEFAULT_SIDES.a).describe('Names for one side of the dispute'),
      b: z.array(z.string()).default(DEFAULT_SIDES.b).describe('Names for the other side'),
      bonus: z
        .number()
        .min(0)
        .default(DEFAULT_SIDES.bonus)
        .describe('Added when both sides of the dispute are named'),
    })
    .default(DEFAULT_SIDES),
  minScore: z.number().min(0).default(5).describe('Headlines scoring at least this open an event window'),
  dedupe: z
    .object({
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .default(360)
        .describe('Stories this close in time may be the same'),
      similarity: z
        .number()
        .min(0)
        .max(1)
        .default(0.6)
        .describe('Word overlap (Jaccard) that makes two titles one story'),
    })
    .default({ windowMinutes: 360, similarity: 0.6 }),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe('Per request to a feed'),
  backoff: z
    .object({ initialSeconds: z.number().min(1).default(60), maxSeconds: z.number().min(1).default(1800) })
    .default({ initialSeconds: 60, maxSeconds: 1800 })
    .describe('A failing source is skipped this long, doubling per failure'),
});

export type NewsConfig = z.infer<typeof newsSchema>;
export const NEWS_DEFAULTS: NewsConfig = newsSchema.parse({});
