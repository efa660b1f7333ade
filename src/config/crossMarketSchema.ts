import { z } from 'zod';

/**
 * The grouped "Asia risk-off / risk-on" signal across the indices and the yuan, measured over each
 * instrument's own windowMove window.
 */
export const crossMarketSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('false: no cross-market signal, and nothing is held back for it'),
  indices: z
    .array(z.string())
    .min(1)
    .default(['HSI', 'N225'])
    .describe('Index instruments that must all move'),
  fx: z.string().default('USDCNH').describe('The FX instrument that must move the other way'),
  indexMovePct: z.number().positive().default(0.4).describe('Each index must fall (rise) at least this much'),
  fxMovePct: z
    .number()
    .positive()
    .default(0.1)
    .describe('…while the FX pair rises (falls) at least this much'),
  cooldownMinutes: z
    .number()
    .min(0)
    .default(60)
    .describe(
      'After a signal, the same signal stays quiet and the windowed/volatility alerts it covers are held back',
    ),
});

export type CrossMarketConfig = z.infer<typeof crossMarketSchema>;

export const CROSS_MARKET_DEFAULTS: CrossMarketConfig = crossMarketSchema.parse({});
