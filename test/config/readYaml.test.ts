import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/loadConfig.js';
import { readYaml, YAML_LIMITS } from '../../src/config/readYaml.js';
import { fixtureText } from '../support/fixtures.js';

const shipped = readFileSync('config/bot.yaml', 'utf8');

describe('the YAML reader', () => {
  it('GIVEN the shipped config THEN it reads within every limit', () => {
    expect(readYaml(shipped).ok).toBe(true);
  });

  it('GIVEN an alias bomb THEN it is one problem line, not a thrown ReferenceError', () => {
    const result = parseConfigText(fixtureText('config/alias-bomb.yaml'));
    expect(result).toEqual({
      ok: false,
      problems: [
        `YAML: the document aliases expand to too much data (over ${YAML_LIMITS.maxAliasCount} nodes); write the values out`,
      ],
    });
  });

  it('GIVEN a few aliases that expand to little THEN they are allowed', () => {
    const result = readYaml('base: &b { x: 1 }\none: *b\ntwo: *b\n');
    expect(result).toMatchObject({ ok: true, data: { base: { x: 1 }, one: { x: 1 }, two: { x: 1 } } });
  });

  it('GIVEN nesting deeper than the limit THEN it is one problem line', () => {
    const depth = YAML_LIMITS.maxDepth + 1;
    const text = `${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    expect(parseConfigText(text)).toEqual({
      ok: false,
      problems: [`YAML: nested more than ${YAML_LIMITS.maxDepth} levels deep; flatten it`],
    });
    const within = YAML_LIMITS.maxDepth;
    expect(readYaml(`${'['.repeat(within)}1${']'.repeat(within)}\n`).ok).toBe(true);
  });

  it('GIVEN nesting deep enough to exhaust the parser THEN it is reported, not thrown', () => {
    const result = parseConfigText(`${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^YAML syntax: Maximum call stack size exceeded/);
  });

  it('GIVEN a file over the size limit THEN it is refused before parsing', () => {
    const text = `# ${'x'.repeat(YAML_LIMITS.maxBytes)}\n`;
    expect(parseConfigText(text)).toEqual({
      ok: false,
      problems: [
        `YAML: the file is ${YAML_LIMITS.maxBytes + 3} bytes, over the ${YAML_LIMITS.maxBytes}-byte limit`,
      ],
    });
  });
});
