import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { bestMatch } from './templates.js';
import type { ValidationIssue } from './types.js';

const SPEC_URL = new URL('../../fixtures/discord/openapi.json', import.meta.url);
const SPEC_KEY = 'discord-openapi';
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'];

interface Operation {
  readonly template: string;
  readonly methods: ReadonlySet<string>;
  readonly jsonBodyMethods: ReadonlySet<string>;
}

export interface OperationMatch {
  readonly template: string;
  /** False when the path exists in the spec but not for this method. */
  readonly methodKnown: boolean;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
}

function createAjv(spec: OpenApiDocument): Ajv2020 {
  // The spec is OpenAPI 3.1 (JSON Schema 2020-12) with vendor keywords, type unions and custom formats.
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: true });
  addFormatsModule.default(ajv);
  ajv.addFormat('snowflake', true);
  ajv.addFormat('nonce', true);
  ajv.addSchema(spec, SPEC_KEY);
  return ajv;
}

function indexOperations(spec: OpenApiDocument): Operation[] {
  return Object.entries(spec.paths).map(([template, item]) => {
    const methods = HTTP_METHODS.filter((method) => method in item);
    return {
      template,
      methods: new Set(methods.map((method) => method.toUpperCase())),
      jsonBodyMethods: new Set(
        methods
          .filter((method) => item[method]?.requestBody?.content?.['application/json'] !== undefined)
          .map((method) => method.toUpperCase()),
      ),
    };
  });
}

function pointer(...segments: string[]): string {
  return segments
    .map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/');
}

/** Finds operations in Discord's OpenAPI description and validates request bodies against them. */
export class SpecValidator {
  private readonly operations: Operation[];
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: OpenApiDocument) {
    this.operations = indexOperations(spec);
    this.ajv = createAjv(spec);
  }

  match(method: string, path: string): OperationMatch | undefined {
    const templateOf = (operation: Operation) => operation.template;
    const withMethod = this.operations.filter((operation) => operation.methods.has(method));
    const known = bestMatch(withMethod, templateOf, path);
    if (known) return { template: known.candidate.template, methodKnown: true };
    const other = bestMatch(this.operations, templateOf, path);
    return other && { template: other.candidate.template, methodKnown: false };
  }

  validateBody(method: string, template: string, payload: unknown): ValidationIssue[] {
    const operation = this.operations.find((candidate) => candidate.template === template);
    if (!operation?.jsonBodyMethods.has(method)) return [];
    const validate = this.validatorFor(method, template);
    if (validate(payload)) return [];
    return (validate.errors ?? []).map((error) => ({
      path: error.instancePath,
      keyword: error.keyword,
      message: `${error.message ?? error.keyword} (${error.schemaPath})`,
    }));
  }

  private validatorFor(method: string, template: string): ValidateFunction {
    const key = `${method} ${template}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const ref = `${SPEC_KEY}#/${pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`;
      validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`fakeDiscord: cannot compile request schema ${ref}`);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

let shared: SpecValidator | undefined;

/** Loading and indexing the 1 MB description costs ~100 ms, so every fake in a process shares one. */
export function specValidator(): SpecValidator {
  shared ??= new SpecValidator(JSON.parse(readFileSync(SPEC_URL, 'utf8')) as OpenApiDocument);
  return shared;
}

const CODES: Record<string, string> = {
  maxLength: 'BASE_TYPE_MAX_LENGTH',
  minLength: 'BASE_TYPE_MIN_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  required: 'BASE_TYPE_REQUIRED',
  type: 'BASE_TYPE_BAD_TYPE',
};

/** Discord nests form errors by field path: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export function toDiscordFormErrors(issues: readonly ValidationIssue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path.split('/').filter(Boolean)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const errors = (node._errors ??= []) as unknown[];
    errors.push({ code: CODES[issue.keyword] ?? 'BASE_TYPE_INVALID', message: issue.message });
  }
  return root;
}
