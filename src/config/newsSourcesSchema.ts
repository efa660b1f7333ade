import { z } from 'zod';
import { isKnownTimeZone } from '../domain/calendar/zone.js';
import { gdeltQueryProblems, gdeltTimespanProblem } from './gdeltQuery.js';
import { DEFAULT_GDELT_QUERY, DEFAULT_GDELT_TIMESPAN, OFFICIAL_FEEDS } from './officialSources.js';

/** One RSS or Atom feed. */
export const feedSchema = z.strictObject({
  id: z.string().min(1).describe('Name shown in logs and /status'),
  url: z.url().describe('The feed URL'),
  kind: z.enum(['rss', 'atom', 'auto']).default('auto').describe('Informative: the format is detected'),
  timeZone: z
    .string()
    .refine(isKnownTimeZone, { error: 'unknown IANA time zone (e.g. Asia/Shanghai, America/New_York)' })
    .default('UTC')
    .describe(
      'Zone of dates written without an offset; CST reads as China Standard Time when this is a Chinese zone, US Central otherwise',
    ),
});

export const feedsSchema = z
  .array(feedSchema)
  .default(OFFICIAL_FEEDS.map((f) => ({ ...f, kind: 'auto' as const })))
  .describe('RSS or Atom feeds; the default is the official list in docs/news-sources.md');

const GDELT_DEFAULTS = {
  enabled: true,
  baseUrl: 'https://api.gdeltproject.org',
  query: DEFAULT_GDELT_QUERY,
  timespan: DEFAULT_GDELT_TIMESPAN,
  maxRecords: 100,
};

export const gdeltSchema = z
  .strictObject({
    enabled: z.boolean().default(GDELT_DEFAULTS.enabled).describe('false: no GDELT polling'),
    baseUrl: z.url().default(GDELT_DEFAULTS.baseUrl).describe('GDELT API base (a mirror or test server)'),
    query: z
      .string()
      .default(GDELT_DEFAULTS.query)
      .superRefine((query, ctx) => {
        for (const message of gdeltQueryProblems(query)) ctx.addIssue({ code: 'custom', message });
      })
      .describe('GDELT DOC 2.0 query: (a OR b) groups, "quoted phrases", sourcelang:english'),
    timespan: z
      .string()
      .default(GDELT_DEFAULTS.timespan)
      .superRefine((timespan, ctx) => {
        const problem = gdeltTimespanProblem(timespan);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('How far back each poll looks (GDELT TIMESPAN: 30min, 1h, 1d…)'),
    maxRecords: z
      .number()
      .int()
      .min(1)
      .max(250)
      .default(GDELT_DEFAULTS.maxRecords)
      .describe('Articles asked for per poll (GDELT allows at most 250)'),
  })
  .default(GDELT_DEFAULTS)
  .describe('The keyless GDELT DOC 2.0 article list');
