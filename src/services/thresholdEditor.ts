import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.js';
import { resetThreshold, setThreshold } from '../config/editThresholds.js';
import {
  effectiveValue,
  formatThresholdValue,
  isRuleKey,
  parseThresholdValue,
  RULE_KEYS,
} from '../config/thresholdRules.js';
import type { RuleKey, ThresholdValue } from '../config/thresholdRules.js';
import { writeFileAtomic } from '../config/writeFileAtomic.js';
import type { Logger } from '../log.js';
import type { ThresholdAuditStore } from '../store/thresholdAudit.js';
import type { ThresholdOverrideStore } from '../store/thresholdOverrides.js';

export interface Actor {
  readonly id: string;
  readonly name: string;
}

export type EditOutcome =
  | { ok: true; symbol: string; changes: { rule: string; old: string; new: string }[] }
  | { ok: false; error: string };

export interface ThresholdEditor {
  set(symbol: string, rule: string, valueText: string, actor: Actor): Promise<EditOutcome>;
  reset(symbol: string, rule: string | null, actor: Actor): Promise<EditOutcome>;
}

export interface ThresholdEditorDeps {
  readonly configPath: string;
  readonly audit: ThresholdAuditStore;
  /** Where every replica of a shared store finds the edit (src/services/storedOverrides.ts). */
  readonly overrides: Pick<ThresholdOverrideStore, 'recordThresholdOverride'>;
  /** Applies the new config to the running bot. */
  readonly apply: (config: Config, text: string) => void;
  readonly now: () => number;
  readonly log: Logger;
}

function ruleOrError(rule: string): RuleKey | { error: string } {
  return isRuleKey(rule) ? rule : { error: `unknown rule "${rule}"; rules: ${RULE_KEYS.join(', ')}` };
}

/** One rule edited: the effective values before and after, and the member's text (null for a reset). */
type Change = { rule: string; old: string; new: string; typed: string | null };

/** Writes the edited text, applies it live and records who changed what. */
async function commitEdit(
  deps: ThresholdEditorDeps,
  result: { text: string; config: Config; instrument: string },
  changes: Change[],
  actor: Actor,
): Promise<EditOutcome> {
  try {
    await writeFileAtomic(deps.configPath, result.text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    deps.log.error({ err, path: deps.configPath }, 'could not write the config file');
    return {
      ok: false,
      error: `the config file ${deps.configPath} cannot be written (${code}); mount its folder writable for the bot`,
    };
  }
  deps.apply(result.config, result.text);
  const at = deps.now();
  for (const c of changes) {
    deps.overrides.recordThresholdOverride(result.instrument, c.rule, c.typed, at);
    deps.audit.recordThresholdChange({
      at,
      userId: actor.id,
      userName: actor.name,
      symbol: result.instrument,
      rule: c.rule,
      oldValue: c.old,
      newValue: c.new,
    });
  }
  deps.log.info(
    { symbol: result.instrument, changes, by: actor.name, userId: actor.id },
    'thresholds changed',
  );
  return {
    ok: true,
    symbol: result.instrument,
    changes: changes.map(({ rule, old, new: now }) => ({ rule, old, new: now })),
  };
}

async function setOne(
  deps: ThresholdEditorDeps,
  symbol: string,
  ruleText: string,
  valueText: string,
  actor: Actor,
): Promise<EditOutcome> {
  const rule = ruleOrError(ruleText);
  if (typeof rule !== 'string') return { ok: false, error: rule.error };
  const value = parseThresholdValue(rule, valueText);
  if (!value.ok) return value;
  const result = setThreshold(await readFile(deps.configPath, 'utf8'), symbol, rule, value.value as never);
  if (!result.ok) return result;
  const fmt = (v: ThresholdValue) => formatThresholdValue(rule, v);
  const change = { rule, old: fmt(result.old), new: fmt(result.new), typed: valueText };
  return commitEdit(deps, result, [change], actor);
}

async function resetSome(
  deps: ThresholdEditorDeps,
  symbol: string,
  ruleText: string | null,
  actor: Actor,
): Promise<EditOutcome> {
  const rule = ruleText === null ? undefined : ruleOrError(ruleText);
  if (typeof rule === 'object') return { ok: false, error: rule.error };
  const text = await readFile(deps.configPath, 'utf8');
  const result = rule === undefined ? resetThreshold(text, symbol) : resetThreshold(text, symbol, rule);
  if (!result.ok) return result;
  if (result.rules.length === 0) return { ok: true, symbol: result.instrument, changes: [] };
  const changes = result.rules.map((r) => {
    const oldValue =
      rule === undefined ? effectiveValue(result.old as never, r) : (result.old as ThresholdValue);
    const newValue =
      rule === undefined ? effectiveValue(result.new as never, r) : (result.new as ThresholdValue);
    return {
      rule: r,
      old: formatThresholdValue(r, oldValue),
      new: formatThresholdValue(r, newValue),
      typed: null,
    };
  });
  return commitEdit(deps, result, changes, actor);
}

/**
 * Edits thresholds in the YAML config file itself (comments kept, written atomically, validated by
 * the same schema first), applies the result live and records who changed what.
 */
export function createThresholdEditor(deps: ThresholdEditorDeps): ThresholdEditor {
  // Edits run one at a time: two read-modify-write cycles at once would lose the first change.
  let queue: Promise<unknown> = Promise.resolve();
  function serially(run: () => Promise<EditOutcome>): Promise<EditOutcome> {
    const next = queue.then(run, run);
    queue = next;
    return next;
  }
  return {
    set: (symbol, rule, value, actor) => serially(() => setOne(deps, symbol, rule, value, actor)),
    reset: (symbol, rule, actor) => serially(() => resetSome(deps, symbol, rule, actor)),
  };
}
