import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayCli } from '../../src/cli/replayCli.js';
import { captureIo } from '../support/cliIo.js';

// The demo's output before the engine was split, kept as files: any change to what it prints is a
// change in behaviour and must be deliberate (regenerate the files and say why in the commit).
const DEMO = ['--data', 'data/demo/2025-06-02', '--config', 'data/demo/config.yaml'];

async function replay(args: string[]): Promise<string> {
  const captured = captureIo();
  const code = await replayCli(args, captured.io);
  expect(code, captured.stderr()).toBe(0);
  return captured.stdout();
}

describe('the demo replay (golden files)', () => {
  it('GIVEN the demo in text mode THEN it prints exactly test/fixtures/golden/demo.txt', async () => {
    expect(await replay(DEMO)).toBe(readFileSync('test/fixtures/golden/demo.txt', 'utf8'));
  });

  it('GIVEN the demo with --json THEN it prints exactly test/fixtures/golden/demo-replay.jsonl', async () => {
    expect(await replay([...DEMO, '--json'])).toBe(
      readFileSync('test/fixtures/golden/demo-replay.jsonl', 'utf8'),
    );
  });
});
