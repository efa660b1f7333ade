import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Config } from './config.js';
import { parseConfigText } from './loadConfig.js';
import type { Thresholds } from './schema.js';
import { effectiveValue, isRuleKey, RULE_KEYS, rulePath } from './thresholdRules.js';
import type { RuleKey, RuleValue, ThresholdValue } from './thresholdRules.js';
import { cloneForSplice, spliceMapEntry } from './yamlSplice.js';

/**
 * The whole new config text (to write back) and its validated config, or why the edit was refused.
 * `old`/`new` are effective values (kind defaults plus overrides) before and after; `rules` lists the
 * overrides written or removed (empty when a reset found nothing to remove and the text is unchanged).
 */
export type EditResult<V> =
  | {
      readonly ok: true;
      readonly text: string;
      readonly config: Config;
      readonly instrument: string;
      readonly rules: readonly RuleKey[];
      readonly old: V;
      readonly new: V;
    }
  | { readonly ok: false; readonly error: string };

interface Target {
  readonly doc: Document;
  readonly item: YAMLMap;
  readonly id: string;
  readonly overrides: YAMLMap | undefined;
  readonly before: Config;
}

function locate(text: string, symbol: string): Target | { error: string } {
  const before = parseConfigText(text);
  if (!before.ok) {
    return { error: `the config already has problems; fix the file first: ${before.problems.join('; ')}` };
  }
  const doc = parseDocument(text);
  const id = symbol.trim().toUpperCase();
  const instruments = doc.get('instruments');
  const item = isSeq(instruments)
    ? instruments.items.find((it) => isMap(it) && it.get('id') === id)
    : undefined;
  if (!isMap(item)) {
    const known = before.config.instruments.map((i) => i.id).join(', ');
    return { error: `unknown instrument "${symbol}"; known: ${known}` };
  }
  const overrides = item.get('thresholds', true);
  if (overrides !== undefined && !isMap(overrides)) {
    return { error: `${id}: thresholds is not a plain map in the file (an alias?); edit it by hand` };
  }
  return { doc, item: item, id, overrides: overrides as YAMLMap | undefined, before: before.config };
}

function thresholdsOf(config: Config, id: string): Thresholds {
  const instrument = config.instruments.find((i) => i.id === id);
  if (!instrument) throw new Error(`instrument ${id} vanished from the config`);
  return instrument.thresholds;
}

function valueNode(value: ThresholdValue): Node {
  if (typeof value === 'number') return new Scalar(value);
  const seq = new YAMLSeq();
  seq.flow = true;
  seq.items.push(...value.map((v) => new Scalar(v)));
  return seq;
}

function setPath(map: YAMLMap, path: readonly string[], node: Node): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    const previous: unknown = map.get(head, true);
    // The comments written next to the old value describe the setting, not the number.
    if (isNode(previous))
      Object.assign(node, { comment: previous.comment, commentBefore: previous.commentBefore });
    map.set(head, node);
    return;
  }
  const existing: unknown = map.get(head, true);
  const child = isMap(existing) ? existing : new YAMLMap();
  if (child !== existing) map.set(head, child);
  setPath(child, rest, node);
}

/** Deletes the entry at `path`, and any map the deletion leaves empty. */
function deletePath(map: YAMLMap, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const child = map.get(head, true);
  if (rest.length > 0 && isMap(child)) {
    deletePath(child, rest);
    if (child.items.length > 0) return;
  }
  map.delete(head);
}

function overriddenRules(overrides: YAMLMap | undefined): RuleKey[] {
  return RULE_KEYS.filter((rule) => overrides?.getIn(rulePath(rule)) !== undefined);
}

function applyOverrides(
  text: string,
  t: Target,
  overrides: YAMLMap,
): { ok: true; text: string; config: Config } | { ok: false; error: string } {
  // Same style as the file shows: `thresholds: {}` when empty, a block map otherwise (unless the entry
  // was already a non-empty flow map, or sits inside a flow map, where only flow is possible).
  if (overrides.items.length === 0) overrides = Object.assign(new YAMLMap(), { flow: true });
  else if (t.item.flow) overrides.flow = true;
  else if (!t.overrides || (t.overrides.flow && t.overrides.items.length === 0)) overrides.flow = false;

  const edited = spliceMapEntry(text, t.item, 'thresholds', overrides);
  t.item.set('thresholds', overrides);
  const after = parseConfigText(edited);
  if (!after.ok)
    return { ok: false, error: `refused, the config would be invalid: ${after.problems.join('; ')}` };
  // The splice is checked against the same edit made on the parsed document: a surprise in an odd
  // hand-written layout must not silently change another setting.
  if (!isDeepStrictEqual(parseDocument(edited).toJS(), t.doc.toJS())) {
    return {
      ok: false,
      error: `could not edit ${t.id} without disturbing the rest of the file; edit it by hand`,
    };
  }
  return { ok: true, text: edited, config: after.config };
}

function unknownRule(rule: string): { ok: false; error: string } {
  return { ok: false, error: `unknown rule "${rule}"; rules: ${RULE_KEYS.join(', ')}` };
}

/**
 * Writes an override for one rule of one instrument into the config text. The value's limits are left to
 * the schema; parseThresholdValue applies the stricter limits meant for values typed by people.
 */
export function setThreshold<R extends RuleKey>(
  text: string,
  symbol: string,
  rule: R,
  value: RuleValue<R>,
): EditResult<RuleValue<R>> {
  if (!isRuleKey(rule)) return unknownRule(rule);
  const t = locate(text, symbol);
  if ('error' in t) return { ok: false, error: t.error };
  const overrides = t.overrides ? cloneForSplice(t.overrides) : new YAMLMap();
  setPath(overrides, rulePath(rule), valueNode(value));
  const done = applyOverrides(text, t, overrides);
  if (!done.ok) return done;
  return {
    ...done,
    instrument: t.id,
    rules: [rule],
    old: effectiveValue(thresholdsOf(t.before, t.id), rule),
    new: effectiveValue(thresholdsOf(done.config, t.id), rule),
  };
}

/** Removes one override of an instrument, or all of them (`thresholds: {}`), back to the kind defaults. */
export function resetThreshold(text: string, symbol: string): EditResult<Thresholds>;
export function resetThreshold<R extends RuleKey>(
  text: string,
  symbol: string,
  rule: R,
): EditResult<RuleValue<R>>;
export function resetThreshold(
  text: string,
  symbol: string,
  rule?: RuleKey,
): EditResult<Thresholds | ThresholdValue>;
export function resetThreshold(
  text: string,
  symbol: string,
  rule?: RuleKey,
): EditResult<Thresholds | ThresholdValue> {
  if (rule !== undefined && !isRuleKey(rule)) return unknownRule(rule);
  const t = locate(text, symbol);
  if ('error' in t) return { ok: false, error: t.error };
  const pick = (config: Config) => {
    const thresholds = thresholdsOf(config, t.id);
    return rule === undefined ? thresholds : effectiveValue(thresholds, rule);
  };
  const overridden = overriddenRules(t.overrides);
  const rules = rule === undefined ? overridden : overridden.filter((r) => r === rule);
  if (!t.overrides || rules.length === 0) {
    return {
      ok: true,
      text,
      config: t.before,
      instrument: t.id,
      rules,
      old: pick(t.before),
      new: pick(t.before),
    };
  }
  const overrides = rule === undefined ? new YAMLMap() : cloneForSplice(t.overrides);
  if (rule !== undefined) deletePath(overrides, rulePath(rule));
  const done = applyOverrides(text, t, overrides);
  if (!done.ok) return done;
  return { ...done, instrument: t.id, rules, old: pick(t.before), new: pick(done.config) };
}
