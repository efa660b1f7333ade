import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { CROSS_MARKET_DEFAULTS, crossMarketSchema } from './crossMarketSchema.js';
import { NEWS_DEFAULTS, newsSchema } from './newsSchema.js';
import { configFloorProblems } from './thresholdRules.js';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. 09:30')
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
  { error: 'unknown IANA time zone (e.g. Asia/Hong_Kong)' },
);

const sessionSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((s) => s.open < s.close, { error: 'a session must open before it closes' });

const overrideSchema = z.object({
  date: isoDate.describe('Local date of the exchange'),
  closed: z.boolean().default(false).describe('true: no trading at all that day'),
  halfDay: z.boolean().default(false).describe('true: only the half-day sessions trade'),
  reason: z
    .string()
    .default('calendar override')
    .describe('Shown in logs and status, e.g. "Typhoon signal 8"'),
});

const exchangeMarketSchema = z.object({
  type: z.literal('exchange'),
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

const continuousMarketSchema = z.object({
  type: z.literal('continuous'),
  timezone: timeZone.describe('IANA zone of the weekly open/close and of the trading-day roll'),
  opens: z.object({ day: weekday, time: hhmm }).describe('Weekly open, e.g. sunday 17:00 New York for FX'),
  closes: z.object({ day: weekday, time: hhmm }).describe('Weekly close, e.g. friday 17:00 New York'),
  dayRollsAt: hhmm.default('17:00').describe('Local time when one trading day ends and the next begins'),
  overrides: z.array(overrideSchema).default([]),
});

export const marketSchema = z.discriminatedUnion('type', [exchangeMarketSchema, continuousMarketSchema]);

const dayMoveSchema = z.object({
  tiersPct: z
    .array(positive)
    .min(1)
    .refine((t) => t.every((v, i) => i === 0 || v > (t[i - 1] ?? 0)), {
      error: 'tiers must be strictly increasing',
    })
    .describe('Move vs previous close, in percent, per tier; each tier fires once per session and direction'),
});

const windowMoveSchema = z.object({
  windowMinutes: z.number().int().min(1).max(240).describe('Rolling window length'),
  thresholdPct: positive.describe('Move from the first price in the window, in percent'),
});

const volatilitySchema = z.object({
  lookbackReturns: z
    .number()
    .int()
    .min(5)
    .max(1000)
    .describe('How many recent poll-to-poll returns form the SD'),
  zScore: positive.describe('Fire when the latest return is at least this many SDs'),
  minMovePct: positive.describe('…and at least this large in percent (a floor for very quiet markets)'),
});

const levelCrossSchema = z.object({
  levels: z.array(positive).default([]).describe('Price levels to watch, e.g. 7.20 for USD/CNH'),
  hysteresisPct: z
    .number()
    .min(0)
    .max(5)
    .describe(
      'Band around each level, in percent of it, that a price must leave before it counts as crossed',
    ),
});

export const thresholdsSchema = z.object({
  dayMove: dayMoveSchema,
  windowMove: windowMoveSchema,
  volatility: volatilitySchema,
  levelCross: levelCrossSchema,
  sanityJumpPct: positive.describe(
    'A poll-to-poll jump larger than this waits for the next poll to confirm it',
  ),
});

/** Per-instrument overrides: any subset of the kind's defaults. */
export const thresholdOverridesSchema = z
  .object({
    dayMove: dayMoveSchema.partial(),
    windowMove: windowMoveSchema.partial(),
    volatility: volatilitySchema.partial(),
    levelCross: levelCrossSchema.partial(),
    sanityJumpPct: positive,
  })
  .partial();

export const instrumentKindSchema = z.enum(['index', 'fx']);

const instrumentSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Z0-9_]{2,16}$/, 'use 2–16 capital letters, digits or _ (e.g. HSI)')
    .describe('Short id used in alerts and commands'),
  name: z.string().min(1).describe('Human name, e.g. Hang Seng Index'),
  kind: instrumentKindSchema.describe('Selects the default thresholds'),
  market: z.string().describe('Key into markets: which calendar applies'),
  decimals: z.number().int().min(0).max(6).default(2).describe('Decimals shown for prices'),
  symbols: z
    .object({ yahoo: z.string().min(1), twelvedata: z.string().min(1).optional() })
    .describe('Symbol at each provider; a provider without a symbol is skipped for this instrument'),
  thresholds: thresholdOverridesSchema.default({}).describe('Overrides of the kind defaults'),
});

const providerHttpSchema = z.object({
  baseUrl: z.url().describe('Base URL; env YAHOO_BASE_URL / TWELVEDATA_BASE_URL override it'),
  timeoutMs: z.number().int().min(100).max(60_000).default(8000),
});

export const eventSchema = z.object({
  id: z.string().min(1),
  time: z.iso.datetime({ offset: true }).describe('When the news broke (T0), ISO 8601 with zone'),
  title: z.string().min(1),
  link: z.url().optional(),
  beforeMinutes: z.number().int().min(0).default(0).describe('Open the window this long before T0'),
  windowMinutes: z.number().int().min(1).optional().describe('Defaults to events.windowMinutes'),
});

const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits, as a quoted string)');

const discordSchema = z.object({
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
});

export const configSchema = z
  .object({
    schedule: z.object({
      cron: z
        .string()
        .default('* * * * *')
        .superRefine((expr, ctx) => {
          const result = validateDetailed(expr);
          if (!result.valid) {
            const why = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
            ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}" (${why})` });
          }
        })
        .describe('node-cron expression; six fields for sub-minute polling'),
      timezone: timeZone.default('UTC').describe('Zone the cron expression is read in'),
      staleAfterMinutes: z
        .number()
        .min(1)
        .default(5)
        .describe('An open market whose quote is older than this is marked stale'),
    }),
    providers: z.object({
      order: z
        .array(z.enum(['yahoo', 'twelvedata']))
        .min(1)
        .default(['yahoo', 'twelvedata'])
        .describe('Tried in this order; twelvedata only when TWELVEDATA_API_KEY is set'),
      userAgent: z.string().min(1).describe('Sent with every request; Yahoo rejects obvious bots'),
      yahoo: providerHttpSchema,
      twelvedata: providerHttpSchema,
      backoff: z
        .object({
          initialSeconds: z.number().min(1).default(30),
          maxSeconds: z.number().min(1).default(900),
        })
        .default({ initialSeconds: 30, maxSeconds: 900 })
        .describe('How long an unhealthy provider is skipped; doubles on each failure'),
    }),
    markets: z.record(z.string(), marketSchema).describe('Trading calendars by name'),
    instruments: z.array(instrumentSchema).min(1),
    defaults: z
      .object({ index: thresholdsSchema, fx: thresholdsSchema })
      .describe('Thresholds per instrument kind'),
    alerting: z.object({
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
    }),
    discord: discordSchema.default({
      guildId: null,
      channelId: null,
      symbolChannels: {},
      topTierChannelId: null,
      topTierRoleId: null,
      adminRoleIds: [],
      colorConvention: 'western',
      delayedAfterMinutes: 3,
    }),
    crossMarket: crossMarketSchema.default(CROSS_MARKET_DEFAULTS),
    news: newsSchema.default(NEWS_DEFAULTS),
    storage: z
      .object({
        retentionDays: z
          .number()
          .int()
          .min(1)
          .default(30)
          .describe(
            'Bars, alerts, sent Discord messages, dead letters and threshold changes older than this many days are pruned daily',
          ),
      })
      .default({ retentionDays: 30 })
      .describe('The state database (STATE_DB)'),
    events: z.object({
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
      list: z.array(eventSchema).default([]),
    }),
  })
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.instruments.forEach((inst, i) => {
      if (ids.has(inst.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['instruments', i, 'id'],
          message: `duplicate instrument id ${inst.id}`,
        });
      }
      ids.add(inst.id);
      if (!(inst.market in cfg.markets)) {
        ctx.addIssue({
          code: 'custom',
          path: ['instruments', i, 'market'],
          message: `unknown market "${inst.market}"; define it under markets (have: ${Object.keys(cfg.markets).join(', ')})`,
        });
      }
    });
    const eventIds = new Set<string>();
    cfg.events.list.forEach((ev, i) => {
      if (eventIds.has(ev.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', 'list', i, 'id'],
          message: `duplicate event id ${ev.id}`,
        });
      }
      eventIds.add(ev.id);
    });
    for (const problem of configFloorProblems(cfg)) ctx.addIssue({ code: 'custom', ...problem });
  });

export type RawConfig = z.infer<typeof configSchema>;
export type MarketConfig = z.infer<typeof marketSchema>;
export type ExchangeMarketConfig = z.infer<typeof exchangeMarketSchema>;
export type ContinuousMarketConfig = z.infer<typeof continuousMarketSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type InstrumentKind = z.infer<typeof instrumentKindSchema>;
export type EventConfig = z.infer<typeof eventSchema>;
export type DiscordConfig = z.infer<typeof discordSchema>;
