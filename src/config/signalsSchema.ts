import { z } from 'zod';

/*
 * Settings of the signals traders asked for around trade news (docs/signals.md): the offshore–onshore
 * yuan gap and the "back inside" notice of a day move. Each field says what it does and its unit.
 */

const increasing = (values: readonly number[]) => values.every((v, i) => i === 0 || v > (values[i - 1] ?? 0));

/** The gap between the offshore (USD/CNH) and the onshore (USD/CNY) rate. */
export const onshoreGapSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('false: no gap alerts and no spread in alerts or /levels'),
  offshore: z
    .string()
    .default('USDCNH')
    .describe('Instrument id of the offshore rate (USD/CNH); its alerts carry the spread'),
  onshore: z.string().default('USDCNY').describe('Instrument id of the onshore rate (USD/CNY, Yahoo CNY=X)'),
  onshoreMarket: z
    .string()
    .default('CFETS')
    .describe('Calendar (key of markets) of the onshore market; while it is closed, USD/CNH alerts say so'),
  levelsPips: z
    .array(z.number().positive())
    .min(1)
    .default([100, 200, 300])
    .refine(increasing, { error: 'levels must be strictly increasing' })
    .describe('Alert when the spread CNH − CNY, either sign, reaches each of these sizes in pips (0.0001)'),
  hysteresisPips: z
    .number()
    .min(0)
    .default(20)
    .describe('A level is armed again only after the spread has come back this many pips inside it'),
  widenPips: z
    .number()
    .positive()
    .default(50)
    .describe('Alert when the spread widens by at least this many pips within widenMinutes'),
  widenMinutes: z
    .number()
    .int()
    .min(1)
    .max(240)
    .default(15)
    .describe('The window the fast-widening alert measures over'),
  cooldownMinutes: z
    .number()
    .min(0)
    .default(30)
    .describe('After a fast-widening alert, the next one waits at least this long'),
});

/** The "back inside" notice after a day-move tier, like Alertmanager's resolved notification. */
export const dayMoveRecoverySchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Post one short "back inside" message when a fired tier clears'),
  hysteresisRatio: z
    .number()
    .min(0)
    .max(0.9)
    .default(0.2)
    .describe(
      'The move must come back inside the fired tier by this fraction of it (0.2: a 1 % tier clears below 0.8 %), so it does not flap',
    ),
});

/** Alerts beyond the top day-move tier; per kind in config/bot.yaml (indices 2.5 %, FX 0.5 %). */
export const dayMoveFollowThroughSchema = z.strictObject({
  stepPct: z
    .number()
    .positive()
    .describe('After the top tier, one more alert each time the move goes this much further, in percent'),
  extremes: z
    .boolean()
    .default(true)
    .describe('Also alert at a new extreme of the day beyond the last alert (the cooldown spaces these)'),
});

export const dailyWrapSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      "true: post one wrap per watched market when its trading day ends (close, change, range, alerts, the day's trade news and reactions, a session chart); /wrap works either way",
    ),
});

export const signalsSchema = z.strictObject({
  onshoreGap: onshoreGapSchema.default(onshoreGapSchema.parse({})).describe('Offshore–onshore yuan gap'),
  dailyWrap: dailyWrapSchema
    .default(dailyWrapSchema.parse({}))
    .describe('The daily wrap posted at each close'),
});

export type SignalsConfig = z.infer<typeof signalsSchema>;
export type DayMoveRecoveryConfig = z.infer<typeof dayMoveRecoverySchema>;

export const SIGNALS_DEFAULTS: SignalsConfig = signalsSchema.parse({});
export const DAY_MOVE_RECOVERY_DEFAULTS: DayMoveRecoveryConfig = dayMoveRecoverySchema.parse({});

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The gap signal's names must exist where it is on: with both rates watched, its onshore calendar must
 * be a configured market (the signal asks it whether the mainland trades). Checked on the data as
 * written, beside the schema (src/config/crossFieldChecks.ts).
 */
export function onshoreGapProblems(data: Loose): { path: (string | number)[]; message: string }[] {
  const signals = isRecord(data.signals) ? data.signals : {};
  const gap = onshoreGapSchema.safeParse(signals.onshoreGap ?? {});
  if (!gap.success || !gap.data.enabled || !isRecord(data.markets)) return [];
  const ids = Array.isArray(data.instruments)
    ? data.instruments.map((i) => (isRecord(i) ? i.id : undefined))
    : [];
  const { offshore, onshore, onshoreMarket } = gap.data;
  if (!ids.includes(offshore) || !ids.includes(onshore) || onshoreMarket in data.markets) return [];
  const known = Object.keys(data.markets).join(', ');
  return [
    {
      path: ['signals', 'onshoreGap', 'onshoreMarket'],
      message: `unknown market "${onshoreMarket}" for the onshore rate; define it under markets (as config/bot.yaml's CFETS) or use one of: ${known}`,
    },
  ];
}
