import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerfileInstructions } from './imageFiles.js';

/** Node release lines with maintenance support; 20 reached its end of life in April 2026. */
const MAINTAINED_LTS = [22, 24];

describe('the Node.js the project runs on', () => {
  it('GIVEN the Dockerfile THEN every stage is built on a maintained LTS line', () => {
    const froms = dockerfileInstructions().filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) {
      const major = Number(from.args.match(/^node:(\d+)/)?.[1]);
      expect(MAINTAINED_LTS, from.args).toContain(major);
    }
  });

  it('GIVEN package.json THEN its engines still admit the Node 20 machines the tests run on', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    const minimum = pkg.engines.node.match(/^>=\s*(\d+)\.(\d+)/);
    expect(minimum, pkg.engines.node).not.toBeNull();
    expect(Number(minimum?.[1])).toBeLessThanOrEqual(20);
  });
});
