import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, readEnv } from '../../src/config/env.js';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

/** `NAME=value` assignments, commented out or not, as the example writes them. */
function documented(text: string): Map<string, string> {
  const pairs = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(
    (m) => [m[1] ?? '', m[2] ?? ''] as const,
  );
  return new Map(pairs);
}

describe('.env.example', () => {
  it('GIVEN the environment schema THEN every variable it reads is in .env.example, and nothing else', () => {
    const names = [...documented(example).keys()];
    expect(ENV_VARIABLES.length).toBeGreaterThan(10);
    expect(names.filter((n) => !ENV_VARIABLES.includes(n as never))).toEqual([]);
    expect(ENV_VARIABLES.filter((n) => !names.includes(n))).toEqual([]);
  });

  it('GIVEN the example values uncommented THEN they pass the schema', () => {
    const values = Object.fromEntries(documented(example));
    const result = readEnv(values);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('GIVEN no health settings THEN the server is off, bound to loopback when on, and stops within Docker’s 10 s', () => {
    const result = readEnv({});
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.env.HTTP_PORT).toBeUndefined();
    expect(result.env.HTTP_HOST).toBe('127.0.0.1');
    expect(result.env.SHUTDOWN_TIMEOUT_MS).toBeLessThan(10_000);
    expect(readEnv({ HTTP_PORT: '70000' }).ok).toBe(false);
  });
});
