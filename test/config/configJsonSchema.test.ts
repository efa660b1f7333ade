import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchema, keysAllowedAt } from '../../src/config/configJsonSchema.js';
import type { JsonSchemaNode } from '../../src/config/configJsonSchema.js';
import { defaultConfigData } from '../support/testConfig.js';

/** Every node of a JSON Schema with the path that leads to it ([] an array item, {} a map value, | an alternative). */
function* nodesOf(node: JsonSchemaNode, path: string): Generator<[string, JsonSchemaNode]> {
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* nodesOf(child, `${path}.${key}`);
  if (node.items) yield* nodesOf(node.items, `${path}[]`);
  if (typeof node.additionalProperties === 'object') yield* nodesOf(node.additionalProperties, `${path}{}`);
  for (const option of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) yield* nodesOf(option, `${path}|`);
}

/** Objects with named keys that accept others too: a typo there would be silently ignored. */
function looseObjects(schema: JsonSchemaNode): string[] {
  return [...nodesOf(schema, '(root)')]
    .filter(([, n]) => n.properties !== undefined && n.additionalProperties !== false)
    .map(([path]) => path);
}

function undescribedFields(schema: JsonSchemaNode): string[] {
  return [...nodesOf(schema, '(root)')].flatMap(([path, n]) =>
    Object.entries(n.properties ?? {})
      .filter(([, child]) => !child.description)
      .map(([key]) => `${path}.${key}`),
  );
}

describe('config JSON Schema', () => {
  it('GIVEN the committed config/bot.schema.json THEN it is what the zod schema generates now', () => {
    const committed = JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as unknown;
    expect(committed, `${CONFIG_SCHEMA_FILE} is out of date: run npm run schema`).toEqual(configJsonSchema());
  });

  it('GIVEN every object in the schema THEN none accepts unknown keys (sections added later included)', () => {
    expect(looseObjects(configJsonSchema()), 'use z.strictObject for these').toEqual([]);
  });

  it('GIVEN every field in the schema THEN each has a description for editors', () => {
    expect(undescribedFields(configJsonSchema()), 'add .describe() to these').toEqual([]);
  });

  it('GIVEN a plain z.object or an undescribed field THEN the walks above would catch it', () => {
    const loose = z.toJSONSchema(z.strictObject({ inner: z.object({ a: z.number() }).describe('x') }), {
      io: 'input',
      target: 'draft-7',
    }) as JsonSchemaNode;
    expect(looseObjects(loose)).toEqual(['(root).inner']);
    expect(undescribedFields(loose)).toEqual(['(root).inner.a']);
  });

  it('GIVEN the shipped and demo configs THEN their first line points editors at the schema', () => {
    for (const file of ['config/bot.yaml', 'data/demo/config.yaml']) {
      const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, file).not.toBeNull();
      expect(normalize(join(dirname(file), match?.[1] ?? ''))).toBe(normalize(CONFIG_SCHEMA_FILE));
    }
  });

  it('GIVEN a path into the data THEN the keys allowed there follow arrays, maps and the union a market selects', () => {
    const data = defaultConfigData();
    const schema = configJsonSchema();
    expect(keysAllowedAt(schema, ['alerting'], data)).toEqual(['cooldownMinutes', 'holdPolls']);
    expect(keysAllowedAt(schema, ['markets', 'FX'], data)).toContain('dayRollsAt');
    expect(keysAllowedAt(schema, ['markets', 'FX'], data)).not.toContain('sessions');
    expect(keysAllowedAt(schema, ['markets', 'HKEX'], data)).toContain('sessions');
    expect(keysAllowedAt(schema, ['instruments', 0, 'thresholds', 'windowMove'], data)).toEqual([
      'windowMinutes',
      'thresholdPct',
    ]);
    expect(keysAllowedAt(schema, ['nowhere', 'at all'], data)).toEqual([]);
  });
});
