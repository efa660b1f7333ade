/**
 * Replicas sharing a store share the thresholds people set: each `/threshold set` or `reset` is kept
 * in the store as well as written to the leader's file, and a replica that becomes leader lays the
 * stored overrides over its own file (the seed), in the order they were made, with the same edits and
 * checks as the command. An override the file no longer admits (the instrument was removed, the value
 * is out of range) is skipped with a problem line, never fatal.
 */
import type { Config } from '../config/config.js';
import { resetThreshold, setThreshold } from '../config/editThresholds.js';
import { isRuleKey, parseThresholdValue } from '../config/thresholdRules.js';

export interface StoredOverride {
  readonly symbol: string;
  readonly rule: string;
  /** As the member typed it; null: back to the file's own value. */
  readonly valueText: string | null;
}

export interface Overlaid {
  readonly text: string;
  /** The config of the new text, or null when no override changed the file. */
  readonly config: Config | null;
  readonly problems: readonly string[];
}

function applyOne(text: string, o: StoredOverride): { text: string; config: Config } | { error: string } {
  if (!isRuleKey(o.rule)) return { error: `unknown rule "${o.rule}"` };
  if (o.valueText === null) {
    const reset = resetThreshold(text, o.symbol, o.rule);
    return reset.ok ? reset : { error: reset.error };
  }
  const value = parseThresholdValue(o.rule, o.valueText);
  if (!value.ok) return { error: value.error };
  const set = setThreshold(text, o.symbol, o.rule, value.value as never);
  return set.ok ? set : { error: set.error };
}

export function overlayStoredOverrides(text: string, overrides: readonly StoredOverride[]): Overlaid {
  let current = text;
  let config: Config | null = null;
  const problems: string[] = [];
  for (const o of overrides) {
    const done = applyOne(current, o);
    if ('error' in done) {
      problems.push(`the stored threshold ${o.symbol} ${o.rule} was not applied: ${done.error}`);
      continue;
    }
    if (done.text !== current) config = done.config;
    current = done.text;
  }
  return { text: current, config, problems };
}
