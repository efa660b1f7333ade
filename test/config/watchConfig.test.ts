import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { setThreshold } from '../../src/config/editThresholds.js';
import { watchConfig } from '../../src/config/watchConfig.js';
import type { ConfigWatch } from '../../src/config/watchConfig.js';
import { writeFileAtomic } from '../../src/config/writeFileAtomic.js';
import { createLogger } from '../../src/log.js';
import { fixtureText } from '../support/fixtures.js';

const original = readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8');
const DEBOUNCE_MS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function edited(windowPct: number): string {
  const result = setThreshold(original, 'HSI', 'windowMove.thresholdPct', windowPct);
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

const hsiWindowPct = (config: Config | undefined) =>
  config?.instruments[0]?.thresholds.windowMove.thresholdPct;

describe('watchConfig', () => {
  let dir: string;
  let file: string;
  let watch: ConfigWatch | undefined;
  let changes: { config: Config; text: string }[];
  let invalid: (readonly string[])[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mrb-watch-'));
    file = join(dir, 'bot.yaml');
    writeFileSync(file, original);
    changes = [];
    invalid = [];
    watch = watchConfig(file, {
      onChange: (config, text) => changes.push({ config, text }),
      onInvalid: (problems) => invalid.push(problems),
      debounceMs: DEBOUNCE_MS,
    });
  });

  afterEach(() => {
    watch?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a valid hand edit in place THEN onChange gets the new values once', async () => {
    writeFileSync(file, edited(0.5));
    await waitFor(() => changes.length > 0, 'onChange');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.5);
    expect(changes[0]?.text).toBe(edited(0.5));
    await sleep(DEBOUNCE_MS * 4);
    expect(changes).toHaveLength(1);
    expect(invalid).toEqual([]);
  });

  it('GIVEN an editor that saves by renaming a temp file THEN the edit is still seen', async () => {
    const temp = join(dir, '.bot.yaml.swp');
    writeFileSync(temp, edited(0.6));
    renameSync(temp, file);
    await waitFor(() => changes.length > 0, 'onChange after rename');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.6);
    // A second save must be seen too: the watch is on the directory, not the replaced inode.
    await writeFileAtomic(file, edited(0.7));
    await waitFor(() => changes.length > 1, 'second onChange');
    expect(hsiWindowPct(changes[1]?.config)).toBe(0.7);
  });

  it('GIVEN an invalid hand edit THEN it is reported once, repeated events stay quiet and the config is kept', async () => {
    const broken = original.replace('cooldownMinutes: 30', 'cooldownMinutes: -5');
    writeFileSync(file, broken);
    await waitFor(() => invalid.length > 0, 'onInvalid');
    expect(invalid[0]).toEqual([expect.stringMatching(/^alerting\.cooldownMinutes: /)]);
    for (let i = 0; i < 3; i++) {
      writeFileSync(file, broken);
      await sleep(DEBOUNCE_MS * 2);
    }
    // A later valid edit is processed after those events, so by then they have all been handled.
    writeFileSync(file, edited(0.5));
    await waitFor(() => changes.length > 0, 'onChange after the fix');
    expect(invalid).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });

  it('GIVEN two different invalid edits THEN each is reported', async () => {
    writeFileSync(file, original.replace('holdPolls: 1', 'holdPolls: 0'));
    await waitFor(() => invalid.length > 0, 'first onInvalid');
    writeFileSync(file, 'schedule: [unclosed\n');
    await waitFor(() => invalid.length > 1, 'second onInvalid');
    expect(invalid[1]?.[0]).toMatch(/^YAML syntax:/);
    expect(changes).toEqual([]);
  });

  it('GIVEN an alias bomb saved into the running config THEN one problem and one log line, and the next good edit applies', async () => {
    watch?.stop();
    const lines: { level: number; msg: string; problems?: string[] }[] = [];
    const log = createLogger({
      stream: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    });
    watch = watchConfig(file, {
      onChange: (config, text) => changes.push({ config, text }),
      onInvalid: (problems) => invalid.push(problems),
      debounceMs: DEBOUNCE_MS,
      log,
    });
    writeFileSync(file, fixtureText('config/alias-bomb.yaml'));
    await waitFor(() => invalid.length > 0, 'onInvalid for the bomb');
    expect(invalid).toEqual([[expect.stringMatching(/^YAML: the document aliases expand to too much data/)]]);
    expect(lines.map((l) => l.msg)).toEqual(['config edit rejected; the running config stays']);
    writeFileSync(file, edited(0.5));
    await waitFor(() => changes.length > 0, 'onChange after the bomb');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.5);
    expect(invalid).toHaveLength(1);
  });

  it('GIVEN the bot marks its own write THEN no reload follows it, but a later hand edit still reloads', async () => {
    const own = edited(0.4);
    watch?.markWritten(own);
    await writeFileAtomic(file, own);
    await sleep(DEBOUNCE_MS * 2);
    writeFileSync(file, edited(0.9));
    await waitFor(() => changes.length > 0, 'onChange for the hand edit');
    expect(changes.map((c) => hsiWindowPct(c.config))).toEqual([0.9]);
  });

  it('GIVEN the file is deleted THEN one clear problem is reported, and restoring it is quiet', async () => {
    unlinkSync(file);
    await waitFor(() => invalid.length > 0, 'onInvalid for the deletion');
    expect(invalid[0]?.[0]).toMatch(
      /bot\.yaml: the file is missing \(deleted or renamed\); the running config stays/,
    );
    writeFileSync(file, original);
    await sleep(DEBOUNCE_MS * 4);
    expect(changes).toEqual([]);
    writeFileSync(file, edited(0.3));
    await waitFor(() => changes.length > 0, 'onChange after restoring');
    expect(invalid).toHaveLength(1);
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.3);
  });

  it('GIVEN stop() THEN later edits are ignored', async () => {
    watch?.stop();
    writeFileSync(file, edited(0.5));
    writeFileSync(file, 'not: [valid\n');
    await sleep(DEBOUNCE_MS * 6);
    expect(changes).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('GIVEN other files in the directory change THEN nothing is reported', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'bot.yaml~'), 'not: [valid\n');
    await sleep(DEBOUNCE_MS * 4);
    writeFileSync(file, edited(0.5));
    await waitFor(() => changes.length > 0, 'onChange');
    expect(invalid).toEqual([]);
    expect(changes).toHaveLength(1);
  });
});
