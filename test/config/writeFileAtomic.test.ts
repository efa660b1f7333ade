import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/config/writeFileAtomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mrb-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN an existing file THEN its content is replaced, its mode kept and no temp file is left', async () => {
    const file = join(dir, 'bot.yaml');
    writeFileSync(file, 'old: 1\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'new: 2\n');
    expect(readFileSync(file, 'utf8')).toBe('new: 2\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['bot.yaml']);
  });

  it('GIVEN no file yet THEN it is created', async () => {
    const file = join(dir, 'fresh.yaml');
    await writeFileAtomic(file, 'a: 1\n');
    expect(readFileSync(file, 'utf8')).toBe('a: 1\n');
    expect(readdirSync(dir)).toEqual(['fresh.yaml']);
  });

  it('GIVEN the rename fails THEN the error is thrown and the temp file is removed', async () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'a: 1\n')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('GIVEN a missing directory THEN the error is thrown', async () => {
    await expect(writeFileAtomic(join(dir, 'nope', 'bot.yaml'), 'a: 1\n')).rejects.toThrow(/ENOENT/);
  });

  it('GIVEN a symlink THEN the file it points to is replaced and the link stays', async () => {
    const real = join(dir, 'real.yaml');
    const link = join(dir, 'link.yaml');
    writeFileSync(real, 'old: 1\n');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new: 2\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new: 2\n');
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
  });
});
