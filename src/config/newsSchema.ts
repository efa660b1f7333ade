import { z } from 'zod';
import { cronExpression } from './cronSchema.js';
import { feedsSchema, gdeltSchema, publicInspectionSchema } from './newsSourcesSchema.js';

const weightedTerm = z.strictObject({
  term: z
    .string()
    .min(2)
    .describe('A word or phrase, matched case-insensitively on word boundaries; * ends a prefix'),
  weight: z.number().positive().max(100).describe('Points a headline gets for containing it (once per term)'),
});

// Built-in names live in src/domain/news/parties.ts; these lists only add to them.
const DEFAULT_SIDES = { a: [] as string[], b: [] as string[], bonus: 2 };

/** Trade-news discovery: where headlines come from and how relevant ones are told apart. */
export const newsSchema = z.strictObject({
  schedule: cronExpression(
    '*/5 * * * * *',
    " for the news poller's tick, which polls the sources whose intervalSeconds has passed",
  ),
  feeds: feedsSchema,
  publicInspection: publicInspectionSchema,
  gdelt: gdeltSchema,
  terms: z
    .array(weightedTerm)
    .default([])
    .describe(
      'Extra weighted terms on top of the built-in trade lexicon (src/domain/news/lexicon.ts); each counts once',
    ),
  sides: z
    .strictObject({
      a: z
        .array(z.string())
        .default(DEFAULT_SIDES.a)
        .describe('Extra names that count as China (an Asian party), on top of the built-in names'),
      b: z
        .array(z.string())
        .default(DEFAULT_SIDES.b)
        .describe('Extra names that count as the United States, on top of the built-in names'),
      bonus: z
        .number()
        .min(0)
        .default(DEFAULT_SIDES.bonus)
        .describe(
          'Added when an Asian party (China, Hong Kong, Japan) and the US are both named; half for another party',
        ),
    })
    .default(DEFAULT_SIDES)
    .describe('Names that count as each side of a trade dispute, on top of the built-in ones'),
  minScore: z
    .number()
    .min(0)
    .default(4)
    .describe('A headline naming an Asian party and scoring at least this is relevant and opens an event'),
  dedupe: z
    .strictObject({
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .default(360)
        .describe(
          "Headlines within this many minutes of an event's T0 may join it (other outlets, later updates)",
        ),
      similarity: z
        .number()
        .min(0)
        .max(1)
        .default(0.4)
        .describe(
          'Content overlap (weighted Dice: concepts count double, relative to both headlines) that makes two ' +
            'headlines with the same parties, roles, action direction and figures one story',
        ),
    })
    .default({ windowMinutes: 360, similarity: 0.4 })
    .describe('When two headlines are one story'),
  caps: z
    .strictObject({
      itemsPerSourcePerPoll: z
        .number()
        .int()
        .min(1)
        .default(50)
        .describe('New items read per source and poll, newest first; the rest are counted in a summary'),
      reportsPerHour: z
        .number()
        .int()
        .min(0)
        .default(6)
        .describe('New feed events given a reaction report per rolling hour; the rest are summarised'),
    })
    .default({ itemsPerSourcePerPoll: 50, reportsPerHour: 6 })
    .describe('Flood control: what one feed or one busy hour can put into the channel'),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe('Per request to a feed'),
  backoff: z
    .strictObject({
      initialSeconds: z.number().min(1).default(60).describe('Skip after the first failure'),
      maxSeconds: z.number().min(1).default(1800).describe('Longest skip after repeated failures'),
    })
    .default({ initialSeconds: 60, maxSeconds: 1800 })
    .describe('A failing source is skipped this long, doubling per failure'),
});

export type NewsConfig = z.infer<typeof newsSchema>;
export const NEWS_DEFAULTS: NewsConfig = newsSchema.parse({});
