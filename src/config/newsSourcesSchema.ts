import { z } from 'zod';
import { isKnownTimeZone } from '../domain/calendar/zone.js';
import { unknownTimeZoneMessage } from './timeZoneHint.js';
import { gdeltQueryProblems, gdeltTimespanProblem } from './gdeltQuery.js';
import {
  DEFAULT_GDELT_QUERY,
  DEFAULT_GDELT_TIMESPAN,
  FEED_INTERVAL_SECONDS,
  GDELT_INTERVAL_SECONDS,
  OFFICIAL_FEEDS,
  PUBLIC_INSPECTION_AGENCIES,
  PUBLIC_INSPECTION_URL,
} from './officialSources.js';

/** Seconds between two polls of one source; 5 s is the poller's own tick, an hour the longest sensible wait. */
const intervalSeconds = (defaultSeconds: number) =>
  z
    .number()
    .min(5)
    .max(3600)
    .default(defaultSeconds)
    .describe(
      'Seconds between polls of this source (less up to 10 % jitter); as often as the publisher tolerates, see docs/news-sources.md',
    );

/** One RSS or Atom feed. */
export const feedSchema = z.strictObject({
  id: z.string().min(1).describe('Name shown in logs and /status'),
  url: z.url().describe('The feed URL'),
  kind: z.enum(['rss', 'atom', 'auto']).default('auto').describe('Informative: the format is detected'),
  enabled: z.boolean().default(true).describe('false: listed but not polled (e.g. a feed not yet verified)'),
  timeZone: z
    .string()
    .refine(isKnownTimeZone, { error: (issue) => unknownTimeZoneMessage(issue.input) })
    .default('UTC')
    .describe(
      'Zone of dates written without an offset; CST reads as China Standard Time when this is a Chinese zone, US Central otherwise',
    ),
  datePrecision: z
    .enum(['auto', 'day', 'time'])
    .default('auto')
    .describe(
      'auto: a date without a time, or at midnight in timeZone, is a day and the item takes the moment it was first seen as its time; day: always; time: never',
    ),
  intervalSeconds: intervalSeconds(FEED_INTERVAL_SECONDS),
});

export const feedsSchema = z
  .array(feedSchema)
  .default(OFFICIAL_FEEDS.map((f) => ({ ...f, kind: 'auto' as const, datePrecision: 'auto' as const })))
  .describe('RSS or Atom feeds; the default is the official list in docs/news-sources.md');

const PUBLIC_INSPECTION_DEFAULTS = {
  enabled: true,
  url: PUBLIC_INSPECTION_URL,
  agencies: [...PUBLIC_INSPECTION_AGENCIES],
  presidentialDocuments: true,
  intervalSeconds: FEED_INTERVAL_SECONDS,
};

export const publicInspectionSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(PUBLIC_INSPECTION_DEFAULTS.enabled)
      .describe('false: the desk is not polled'),
    url: z
      .url()
      .default(PUBLIC_INSPECTION_DEFAULTS.url)
      .describe("The desk's current.json (a mirror or test server)"),
    agencies: z
      .array(z.string().min(1))
      .default(PUBLIC_INSPECTION_DEFAULTS.agencies)
      .describe('Federal Register agency slugs whose filings are read; empty reads every agency'),
    presidentialDocuments: z
      .boolean()
      .default(PUBLIC_INSPECTION_DEFAULTS.presidentialDocuments)
      .describe('Read presidential documents (executive orders, proclamations) whatever agency files them'),
    intervalSeconds: intervalSeconds(PUBLIC_INSPECTION_DEFAULTS.intervalSeconds),
  })
  .default(PUBLIC_INSPECTION_DEFAULTS)
  .describe(
    "The Federal Register's public-inspection desk: documents filed the business day before publication, with their filing time",
  );

const GDELT_DEFAULTS = {
  enabled: true,
  baseUrl: 'https://api.gdeltproject.org',
  query: DEFAULT_GDELT_QUERY,
  timespan: DEFAULT_GDELT_TIMESPAN,
  maxRecords: 100,
  intervalSeconds: GDELT_INTERVAL_SECONDS,
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
    intervalSeconds: intervalSeconds(GDELT_DEFAULTS.intervalSeconds),
  })
  .default(GDELT_DEFAULTS)
  .describe('The keyless GDELT DOC 2.0 article list');
