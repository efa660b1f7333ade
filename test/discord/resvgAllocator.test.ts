import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RESVG = /from '@resvg\/resvg-js'/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("resvg's allocator option", () => {
  it('GIVEN the sources THEN only render.ts loads resvg, after the module that sets its purge delay', () => {
    const loaders = sourceFiles('src').filter((file) => RESVG.test(readFileSync(file, 'utf8')));
    expect(loaders).toEqual([join('src', 'discord', 'chart', 'render.ts')]);
    const source = readFileSync(join('src', 'discord', 'chart', 'render.ts'), 'utf8');
    const option = source.indexOf("import './resvgAllocator.js';");
    expect(option).toBeGreaterThanOrEqual(0);
    expect(option).toBeLessThan(source.search(RESVG));
  });

  it('GIVEN the renderer loaded THEN mimalloc is told to return freed memory at once', async () => {
    await import('../../src/discord/chart/render.js');
    expect(process.env.MIMALLOC_PURGE_DELAY).toBe('0');
  });
});
