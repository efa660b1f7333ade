import { z } from 'zod';
import { configSchema } from './schema.js';
import { isRecord } from './isRecord.js';

/** The parts of a JSON Schema node this module reads; the rest passes through untouched. */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly [keyword: string]: unknown;
}

export const CONFIG_SCHEMA_TITLE = 'market-reaction-bot configuration (config/bot.yaml)';

/** Where `npm run schema` writes it; config/bot.yaml names it in its first line for editors. */
export const CONFIG_SCHEMA_FILE = 'config/bot.schema.json';

let generated: JsonSchemaNode | undefined;

/**
 * The config file's JSON Schema as a person writes the file (`io: 'input'`: keys with defaults are
 * optional), with every field's description for editors. Draft 7, the newest draft the YAML language
 * server (VS Code's YAML extension) fully supports. Generated once: the zod schema is fixed.
 */
export function configJsonSchema(): JsonSchemaNode {
  if (generated === undefined) {
    // A type JSON Schema cannot express (a date object, a custom check) becomes "any" rather than
    // throwing: problem messages use this schema for key suggestions and must never fail.
    const { $schema, ...rest } = z.toJSONSchema(configSchema, {
      io: 'input',
      target: 'draft-7',
      unrepresentable: 'any',
    });
    generated = {
      $schema,
      title: CONFIG_SCHEMA_TITLE,
      description:
        'Generated from src/config/schema.ts by `npm run schema`; do not edit by hand. ' +
        'Check a file with `npm run check-config`.',
      ...(rest as JsonSchemaNode),
    };
  }
  return generated;
}

/** The object alternatives of a union, narrowed to those whose constants (e.g. `type`) match the data. */
function alternatives(node: JsonSchemaNode, value: unknown): JsonSchemaNode[] {
  const options = node.oneOf ?? node.anyOf;
  if (options === undefined) return [node];
  const objects = options.filter((o) => o.properties !== undefined || (o.oneOf ?? o.anyOf) !== undefined);
  const matching = objects.filter((o) =>
    Object.entries(o.properties ?? {}).every(
      ([key, p]) => p.const === undefined || (isRecord(value) && value[key] === p.const),
    ),
  );
  return (matching.length > 0 ? matching : objects).flatMap((o) => alternatives(o, value));
}

function child(node: JsonSchemaNode, key: string | number): JsonSchemaNode | undefined {
  if (typeof key === 'number') return node.items;
  const named = node.properties?.[key];
  if (named !== undefined) return named;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/**
 * The keys the schema allows in the object at `path` of `data` (for a union, in the alternatives
 * the data selects), or an empty list when the path leads nowhere the schema knows.
 */
export function keysAllowedAt(schema: JsonSchemaNode, path: readonly PropertyKey[], data: unknown): string[] {
  let nodes = [schema];
  let value = data;
  for (const key of path) {
    if (typeof key === 'symbol') return [];
    nodes = nodes
      .flatMap((n) => alternatives(n, value))
      .flatMap((n) => {
        const next = child(n, key);
        return next === undefined ? [] : [next];
      });
    value =
      isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  const keys = nodes.flatMap((n) => alternatives(n, value)).flatMap((n) => Object.keys(n.properties ?? {}));
  return [...new Set(keys)];
}
