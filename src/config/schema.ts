import { z } from 'zod';
import { cronExpression } from './cronSchema.js';
import { unknownTimeZoneMessage } from './timeZoneHint.js';
import { CROSS_MARKET_DEFAULTS, crossMarketSchema } from './crossMarketSchema.js';
import {
  DAY_MOVE_RECOVERY_DEFAULTS,
  dayMoveFollowThroughSchema,
  dayMoveRecoverySchema,
  SIGNALS_DEFAULTS,
  signalsSchema,
} from './signalsSchema.js';
import { instrumentStreamSchema, STREAMING_DEFAULTS, streamingSchema } from './streamingSchema.js';
import { NEWS_DEFAULTS, newsSchema } from './newsSchema.js';
import { QUOTE_REQUESTS_DEFAULTS, quoteRequestsSchema } from './quotesSchema.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const hhmm = z
  .string()
  .regex(HHMM, 'expected a time of day as HH:MM, e.g. 09:30')
  .describe('Local time of day, HH:MM, in the market time zone');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const monthDay = z.string().regex(/^\d{2}-\d{2}$/, 'expected a month and day as MM-DD');
const positive = z.number().positive();

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => unknownTimeZoneMessage(issue.input) },
);

const sessionSchema = z
  .strictObject({ open: hhmm, close: hhmm })
  // Only two valid times can be compared; a malformed one is reported on its own.
  .refine((s) => !HHMM.test(s.open) || !HHMM.test(s.close) || s.open < s.close, {
    error: 'a session must open before it closes',
  });

const overrideSchema = z.strictObject({
  date: isoDate.describe('Local date of the exchange'),
  closed: z.boolean().default(false).describe('true: no trading at all that day'),
  halfDay: z.boolean().default(false).describe('true: only the half-day sessions trade'),
  reason: z
    .string()
    .default('calendar override')
    .describe('Shown in logs and status, e.g. "Typhoon signal 8"'),
});

const exchangeMarketSchema = z.strictObject({
  type: z.literal('exchange').describe('exchange: trading sessions on weekdays, closed on holidays'),
  timezone: timeZone.describe('IANA zone the sessions are written in'),
  holidays: z
    .string()
    .optional()
    .describe('date-holidays country code whose public holidays close the market, e.g. HK or JP'),
  sessions: z
    .array(sessionSchema)
    .min(1)
    .describe('Regular trading sessions; the gaps between them are lunch'),
  halfDaySessions: z
    .array(sessionSchema)
    .default([])
    .describe('Sessions on half-days (e.g. HKEX Christmas Eve: morning only)'),
  halfDays: z.array(monthDay).default([]).describe('Recurring half-days as MM-DD, skipped when on a weekend'),
  halfDayOnLunarNewYearEve: z
    .boolean()
    .default(false)
    .describe('HKEX trades only the morning on the eve of Lunar New Year'),
  recurringClosures: z
    .array(monthDay)
    .default([])
    .describe('Exchange holidays that are not public holidays, as MM-DD (e.g. TSE 12-31, 01-02, 01-03)'),
  overrides: z
    .array(overrideSchema)
    .default([])
    .describe('One-off closures and half-days (typhoons, extra holidays)'),
});

const weekday = z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);

const continuousMarketSchema = z.strictObject({
  type: z.literal('continuous').describe('continuous: open from a weekly open to a weekly close (FX)'),
  timezone: timeZone.describe('IANA zone of the weekly open/close and of the trading-day roll'),
  opens: z
    .strictObject({ day: weekday.describe('Day of the weekly open'), time: hhmm })
    .describe('Weekly open, e.g. sunday 17:00 New York for FX'),
  closes: z
    .strictObject({ day: weekday.describe('Day of the weekly close'), time: hhmm })
    .describe('Weekly close, e.g. friday 17:00 New York'),
  dayRollsAt: hhmm.default('17:00').describe('Local time when one trading day ends and the next begins'),
  overrides: z
    .array(overrideSchema)
    .default([])
    .describe('One-off closed days (e.g. an FX holiday), in the zone above'),
});

const LEASE_DEFAULTS = { ttlSeconds: 15, renewEverySeconds: 5, retryEverySeconds: 1 };

/** Only with STORE_URL=postgres://…: which replica leads, and how fast a follower takes over. */
const leaseSchema = z
  .strictObject({
    ttlSeconds: z
      .number()
      .min(2)
      .max(120)
      .default(LEASE_DEFAULTS.ttlSeconds)
      .describe(
        'How long the leader lease lasts without renewal: a killed leader is replaced within about this plus retryEverySeconds',
      ),
    renewEverySeconds: z
      .number()
      .min(0.2)
      .max(60)
      .default(LEASE_DEFAULTS.renewEverySeconds)
      .describe('How often the leader renews its lease; at most a third of ttlSeconds'),
    retryEverySeconds: z
      .number()
      .min(0.1)
      .max(60)
      .default(LEASE_DEFAULTS.retryEverySeconds)
      .describe('How often a follower tries to take the lease; a clean stop is taken over within about this'),
  })
  .refine((l) => l.renewEverySeconds * 3 <= l.ttlSeconds, {
    error:
      'renewEverySeconds must be at most a third of ttlSeconds, so two renewals can fail before the lease ends',
  })
  .default(LEASE_DEFAULTS)
  .describe('The leader lease of two or more replicas sharing one PostgreSQL store');

export const marketSchema = z.discriminatedUnion('type', [exchangeMarketSchema, continuousMarketSchema]);

const dayMoveSchema = z.strictObject({
  tiersPct: z
    .array(positive)
    .min(1)
    .refine((t) => t.every((v, i) => i === 0 || v > (t[i - 1] ?? 0)), {
      error: 'tiers must be strictly increasing',
    })
    .describe('Move vs previous close, in percent, per tier; each tier fires once per session and direction'),
  recovery: dayMoveRecoverySchema.default(DAY_MOVE_RECOVERY_DEFAULTS).describe('"Back inside" notices'),
  followThrough: dayMoveFollowThroughSchema.optional().describe('Alerts beyond the top tier (absent: none)'),
});

const windowMoveSchema = z.strictObject({
  windowMinutes: z.number().int().min(1).max(240).describe('Rolling window length'),
  thresholdPct: positive.describe('Move from the first price in the window, in percent'),
});

const volatilitySchema = z.strictObject({
  lookbackReturns: z
    .number()
    .int()
    .min(5)
    .max(1000)
    .describe('How many recent poll-to-poll returns form the SD'),
  zScore: positive.describe('Fire when the latest return is at least this many SDs'),
  minMovePct: positive.describe('…and at least this large in percent (a floor for very quiet markets)'),
});

const levelCrossSchema = z.strictObject({
  levels: z.array(positive).default([]).describe('Price levels to watch, e.g. 7.20 for USD/CNH'),
  hysteresisPct: z
    .number()
    .min(0)
    .max(5)
    .describe(
      'Band around each level, in percent of it, that a price must leave before it counts as crossed',
    ),
});

export const thresholdsSchema = z.strictObject({
  dayMove: dayMoveSchema.describe('Move since the previous close, in tiers'),
  windowMove: windowMoveSchema.describe('Move within a rolling window of minutes'),
  volatility: volatilitySchema.describe('A poll-to-poll return that is large for recent volatility'),
  levelCross: levelCrossSchema.describe('Crossing watched price levels'),
  sanityJumpPct: positive.describe(
    'A poll-to-poll jump larger than this waits for the next poll to confirm it',
  ),
});

/** Per-instrument overrides: any subset of the kind's defaults. */
export const thresholdOverridesSchema = z
  .strictObject({
    dayMove: dayMoveSchema
      .partial()
      .extend({
        recovery: dayMoveRecoverySchema.optional().describe('"Back inside" notices for this instrument'),
      })
      .describe('Day-move keys to override'),
    windowMove: windowMoveSchema.partial().describe('Window-move keys to override'),
    volatility: volatilitySchema.partial().describe('Volatility keys to override'),
    levelCross: levelCrossSchema.partial().describe('Level-cross keys to override'),
    sanityJumpPct: positive.describe('Overrides the kind default jump that waits for confirmation'),
  })
  .partial();

export const instrumentKindSchema = z.enum(['index', 'fx']);

const instrumentSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Z0-9_]{2,16}$/, 'use 2–16 capital letters, digits or _ (e.g. HSI)')
    .describe('Short id used in alerts and commands'),
  name: z.string().min(1).describe('Human name, e.g. Hang Seng Index'),
  kind: instrumentKindSchema.describe('Selects the default thresholds'),
  market: z.string().describe('Key into markets: which calendar applies'),
  decimals: z.number().int().min(0).max(6).default(2).describe('Decimals shown for prices'),
  symbols: z
    .strictObject({
      yahoo: z.string().min(1).describe('Yahoo Finance symbol, e.g. ^HSI or CNH=X'),
      twelvedata: z.string().min(1).optional().describe('Twelve Data symbol, e.g. USD/CNH; omit to skip it'),
    })
    .describe('Symbol at each provider; a provider without a symbol is skipped for this instrument'),
  thresholds: thresholdOverridesSchema.default({}).describe('Overrides of the kind defaults'),
  stream: instrumentStreamSchema,
});

const providerHttpSchema = z.strictObject({
  baseUrl: z.url().describe('Base URL; env YAHOO_BASE_URL / TWELVEDATA_BASE_URL override it'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(8000)
    .describe('A request taking longer fails and the next provider is tried'),
});

export const eventSchema = z.strictObject({
  id: z.string().min(1).describe('Unique id of the event, e.g. mofcom-2025-06-02'),
  time: z.iso.datetime({ offset: true }).describe('When the news broke (T0), ISO 8601 with zone'),
  title: z.string().min(1).describe('Headline shown in alerts inside the window'),
  link: z.url().optional().describe('Source of the news, linked from alerts'),
  beforeMinutes: z.number().int().min(0).default(0).describe('Open the window this long before T0'),
  windowMinutes: z.number().int().min(1).optional().describe('Defaults to events.windowMinutes'),
});

const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits, as a quoted string)');

const discordSchema = z.strictObject({
  guildId: snowflake
    .nullable()
    .default(null)
    .describe('Guild for slash commands; DISCORD_GUILD_ID overrides'),
  channelId: snowflake
    .nullable()
    .default(null)
    .describe('Default alert channel; DISCORD_CHANNEL_ID overrides'),
  symbolChannels: z
    .record(z.string(), snowflake)
    .default({})
    .describe('Instrument id → channel, for instruments that post elsewhere'),
  topTierChannelId: snowflake
    .nullable()
    .default(null)
    .describe('Channel for top-tier day moves, if different'),
  topTierRoleId: snowflake.nullable().default(null).describe('Role mentioned on top-tier day moves only'),
  adminRoleIds: z
    .array(snowflake)
    .default([])
    .describe('Roles that may edit thresholds besides Manage Server'),
  colorConvention: z
    .enum(['western', 'asian'])
    .default('western')
    .describe('western: up green, down red; asian (HK, mainland): up red, down green'),
  delayedAfterMinutes: z
    .number()
    .min(1)
    .default(3)
    .describe('Alerts delivered later than this are marked delayed'),
  displayTimeZone: timeZone
    .default('Asia/Hong_Kong')
    .describe(
      'IANA zone of every time the bot shows (chart axes, event times, wraps), named on each chart; market-local times appear only where labelled',
    ),
});

export const configSchema = z.strictObject({
  schedule: z
    .strictObject({
      cron: cronExpression('* * * * *', '; six fields for sub-minute polling'),
      timezone: timeZone.default('UTC').describe('Zone the cron expression is read in'),
      staleAfterMinutes: z
        .number()
        .min(1)
        .default(5)
        .describe('An open market whose quote is older than this is marked stale'),
    })
    .describe('When quotes are polled'),
  providers: z
    .strictObject({
      order: z
        .array(z.enum(['yahoo', 'twelvedata']))
        .min(1)
        .default(['yahoo', 'twelvedata'])
        .describe('Tried in this order; twelvedata only when TWELVEDATA_API_KEY is set'),
      userAgent: z.string().min(1).describe('Sent with every request; Yahoo rejects obvious bots'),
      yahoo: providerHttpSchema.describe('Yahoo Finance v8 chart API (no key)'),
      twelvedata: providerHttpSchema.describe('Twelve Data API (TWELVEDATA_API_KEY)'),
      backoff: z
        .strictObject({
          initialSeconds: z.number().min(1).default(30).describe('Skip after the first failure'),
          maxSeconds: z.number().min(1).default(900).describe('Longest skip after repeated failures'),
        })
        .default({ initialSeconds: 30, maxSeconds: 900 })
        .describe('How long an unhealthy provider is skipped; doubles on each failure'),
      requests: quoteRequestsSchema.default(QUOTE_REQUESTS_DEFAULTS),
    })
    .describe('Where quotes come from'),
  markets: z.record(z.string(), marketSchema).describe('Trading calendars by name'),
  instruments: z.array(instrumentSchema).min(1).describe('What is watched, one entry per instrument'),
  defaults: z
    .strictObject({
      index: thresholdsSchema.describe('Thresholds of index instruments'),
      fx: thresholdsSchema.describe('Thresholds of FX instruments'),
    })
    .describe('Thresholds per instrument kind'),
  alerting: z
    .strictObject({
      cooldownMinutes: z
        .number()
        .min(0)
        .default(30)
        .describe('Quiet time per instrument, rule and direction'),
      holdPolls: z
        .number()
        .int()
        .min(1)
        .default(1)
        .describe('A condition must hold this many consecutive polls before it alerts'),
    })
    .describe('Alert hygiene shared by every rule'),
  discord: discordSchema
    .default({
      guildId: null,
      channelId: null,
      symbolChannels: {},
      topTierChannelId: null,
      topTierRoleId: null,
      adminRoleIds: [],
      colorConvention: 'western',
      delayedAfterMinutes: 3,
      displayTimeZone: 'Asia/Hong_Kong',
    })
    .describe('Where alerts are posted and who may change thresholds (DISCORD_* env settings)'),
  crossMarket: crossMarketSchema
    .default(CROSS_MARKET_DEFAULTS)
    .describe('The grouped Asia risk-off / risk-on signal'),
  signals: signalsSchema
    .default(SIGNALS_DEFAULTS)
    .describe('Offshore–onshore yuan gap and the daily wrap (docs/signals.md)'),
  streaming: streamingSchema.default(STREAMING_DEFAULTS),
  news: newsSchema.default(NEWS_DEFAULTS).describe('Trade-news discovery: feeds, GDELT and relevance'),
  storage: z
    .strictObject({
      retentionDays: z
        .number()
        .int()
        .min(1)
        .default(30)
        .describe(
          'Bars, alerts, sent Discord messages, dead letters and threshold changes older than this many days are pruned daily',
        ),
      exitAfterFailedPolls: z
        .number()
        .int()
        .min(1)
        .max(1_000)
        .default(5)
        .describe(
          'After this many polls in a row whose results the state database could not take (disk full, I/O error, read-only or moved file), the bot exits with code 1 so its supervisor restarts it',
        ),
      lease: leaseSchema,
    })
    .default({ retentionDays: 30, exitAfterFailedPolls: 5, lease: LEASE_DEFAULTS })
    .describe('The state database (STATE_DB, or the shared PostgreSQL of STORE_URL)'),
  personalAlerts: z
    .strictObject({
      maxPerMember: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(10)
        .describe('How many personal alerts (/alert add) one member may keep at once'),
    })
    .default({ maxPerMember: 10 })
    .describe("Members' own price alerts, sent by DM (or one mention in the alert channel)"),
  events: z
    .strictObject({
      windowMinutes: z
        .number()
        .int()
        .min(1)
        .default(120)
        .describe('How long after T0 thresholds stay tightened'),
      thresholdFactor: z
        .number()
        .positive()
        .max(1)
        .default(0.5)
        .describe('Thresholds are multiplied by this inside an event window'),
      list: z.array(eventSchema).default([]).describe('Known news events (T0) that tighten thresholds'),
    })
    .describe('Trade-news windows: thresholds tighten for a while after each event'),
});

export type RawConfig = z.infer<typeof configSchema>;
export type MarketConfig = z.infer<typeof marketSchema>;
export type ExchangeMarketConfig = z.infer<typeof exchangeMarketSchema>;
export type ContinuousMarketConfig = z.infer<typeof continuousMarketSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type InstrumentKind = z.infer<typeof instrumentKindSchema>;
export type EventConfig = z.infer<typeof eventSchema>;
export type DiscordConfig = z.infer<typeof discordSchema>;
