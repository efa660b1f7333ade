/**
 * The HA run's price path: long enough for two dozen leader kills, and with an alert due at nearly
 * every plateau, so kills keep landing while alerts are decided and delivered. Each instrument walks
 * a saw-tooth through levels of its own (in percent from the previous close): over a level, back
 * under it, over the next one, so every step crosses a level not yet crossed that way, and the day
 * tiers fire on the way. Within the run (far shorter than the 30-minute cooldown) each level and
 * direction alerts once, so the expected alerts are worked out by chaos/pricePath.ts as for the
 * delivery path.
 */
import { chartTemplate } from './chartBody.js';
import { PATHS, plateauPrice, type InstrumentPath } from './pricePath.js';

type InstrumentId = InstrumentPath['id'];

/**
 * Margins: every plateau is at least 0.1 % from each day tier (index 1/2/3/5 %, USD/CNH
 * 0.3/0.6/1 %) and at least 0.03 % beyond each level's hysteresis band (0.1 % of an index level,
 * 0.02 % of a USD/CNH one), far more than the prices' rounding. Top tiers (HSI 5.3 %, USD/CNH
 * 1.1 %) are reached once, so no follow-through extreme follows.
 */
const HA_PLATEAUS_PCT: Record<InstrumentId, readonly number[]> = {
  HSI: [
    0.2, 0.8, 0.2, 1.8, 1.2, 2.8, 2.2, 3.8, 3.2, 4.6, 4.0, 5.3, 0.2, -0.8, -0.2, -1.8, -1.2, -2.8, -2.2, -3.8,
    -3.2, -1.2,
  ],
  N225: [-0.2, -0.8, -0.2, -1.8, -1.2, -2.8, -2.2, -3.8, -3.2, -0.2, 0.8, 0.2, 1.8, 1.2, 2.8, 2.2, 0.2],
  USDCNH: [0.0, 0.2, 0.0, 0.5, 0.4, 0.9, 0.7, 1.1, 0.0, -0.2, 0.0, -0.5, -0.4, -0.9, -0.7, -0.2],
};

const HA_LEVELS_PCT: Record<InstrumentId, readonly number[]> = {
  HSI: [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.3],
  N225: [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5],
  USDCNH: [-0.8, -0.45, -0.15, 0.15, 0.45, 0.8],
};

export const HA_PATHS: readonly InstrumentPath[] = PATHS.map((path) => ({
  ...path,
  plateausPct: HA_PLATEAUS_PCT[path.id],
}));

/** The levels as prices, by instrument id, for the config (they replace the shipped ones). */
export function haLevels(): Record<string, number[]> {
  return Object.fromEntries(
    HA_PATHS.map((path) => {
      const { previousClose } = chartTemplate(path);
      return [path.id, HA_LEVELS_PCT[path.id].map((pct) => plateauPrice(path, previousClose, pct))];
    }),
  );
}
