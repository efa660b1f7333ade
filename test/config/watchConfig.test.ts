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
import { waitFor } from '../support/waitFor.js';

const original = readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8');

function edited(windowPct: number): string {
  const result = setThreshold(original, 'HSI', 'windowMove.thresholdPct', windowPct);
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

const hsiWindowPct = (config: Config | undefined) =>
  config?.instruments[0]?.thresholds.windowMove.thresholdPct;

/**
 * The watcher's reads, run when the test says instead of after a debounce timer: each step is one
 * read, after the writes it should see, and a step that expects nothing has really been judged.
 */
function manualReads() {
  let asked: (() => Promise<void>) | null = null;
  let last: (() => Promise<void>) | null = null;
  const seen = (what: string) => waitFor(() => asked, `the watcher to see ${what}`);
  return {
    scheduleRead(read: () => Promise<void>) {
      asked = read;
    },
    seen,
    /** Waits for a file event since the last read, then reads. */
    async run(what: string) {
      const read = await seen(what);
      last = read;
      await read();
      // The read took turns of the event loop, so every event of the writes before it has come in.
      asked = null;
    },
    /** Reads again with no new event, as a late event of the same save would. */
    async again() {
      await last?.();
    },
  };
}

describe('watchConfig', () => {
  let dir: string;
  let file: string;
  let watch: ConfigWatch | undefined;
  let reads: ReturnType<typeof manualReads>;
  let changes: { config: Config; text: string }[];
  let invalid: (readonly string[])[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mrb-watch-'));
    file = join(dir, 'bot.yaml');
    writeFileSync(file, original);
    changes = [];
    invalid = [];
    reads = manualReads();
    watch = watchConfig(file, {
      onChange: (config, text) => changes.push({ config, text }),
      onInvalid: (problems) => invalid.push(problems),
      scheduleRead: reads.scheduleRead,
    });
  });

  afterEach(() => {
    watch?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a valid hand edit in place THEN onChange gets the new values once', async () => {
    writeFileSync(file, edited(0.5));
    await reads.run('the edit');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.5);
    expect(changes[0]?.text).toBe(edited(0.5));
    await reads.again();
    expect(changes).toHaveLength(1);
    expect(invalid).toEqual([]);
  });

  it('GIVEN an editor that saves by renaming a temp file THEN the edit is still seen', async () => {
    const temp = join(dir, '.bot.yaml.swp');
    writeFileSync(temp, edited(0.6));
    renameSync(temp, file);
    await reads.run('the renamed file');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.6);
    // A second save must be seen too: the watch is on the directory, not the replaced inode.
    await writeFileAtomic(file, edited(0.7));
    await reads.run('the second save');
    expect(hsiWindowPct(changes[1]?.config)).toBe(0.7);
  });

  it('GIVEN an invalid hand edit THEN it is reported once, repeated saves stay quiet and the config is kept', async () => {
    const broken = original.replace('cooldownMinutes: 30', 'cooldownMinutes: -5');
    writeFileSync(file, broken);
    await reads.run('the broken edit');
    expect(invalid).toEqual([[expect.stringMatching(/^alerting\.cooldownMinutes: /)]]);
    for (let i = 0; i < 3; i++) {
      writeFileSync(file, broken);
      await reads.run(`the same broken text saved again (${i + 1})`);
    }
    expect(invalid).toHaveLength(1);
    writeFileSync(file, edited(0.5));
    await reads.run('the fix');
    expect(invalid).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });

  it('GIVEN two different invalid edits THEN each is reported', async () => {
    writeFileSync(file, original.replace('holdPolls: 1', 'holdPolls: 0'));
    await reads.run('the first broken edit');
    writeFileSync(file, 'schedule: [unclosed\n');
    await reads.run('the second broken edit');
    expect(invalid).toHaveLength(2);
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
      scheduleRead: reads.scheduleRead,
      log,
    });
    writeFileSync(file, fixtureText('config/alias-bomb.yaml'));
    await reads.run('the bomb');
    expect(invalid).toEqual([[expect.stringMatching(/^YAML: the document aliases expand to too much data/)]]);
    expect(lines.map((l) => l.msg)).toEqual(['config edit rejected; the running config stays']);
    writeFileSync(file, edited(0.5));
    await reads.run('the good edit after the bomb');
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.5);
    expect(invalid).toHaveLength(1);
  });

  it('GIVEN the bot marks its own write THEN no reload follows it, but a later hand edit still reloads', async () => {
    const own = edited(0.4);
    watch?.markWritten(own);
    await writeFileAtomic(file, own);
    await reads.run('the bot’s own write');
    expect(changes).toEqual([]);
    writeFileSync(file, edited(0.9));
    await reads.run('the hand edit');
    expect(changes.map((c) => hsiWindowPct(c.config))).toEqual([0.9]);
  });

  it('GIVEN the file is deleted THEN one clear problem is reported, and restoring it is quiet', async () => {
    unlinkSync(file);
    await reads.run('the deletion');
    expect(invalid).toEqual([
      [
        expect.stringMatching(
          /bot\.yaml: the file is missing \(deleted or renamed\); the running config stays/,
        ),
      ],
    ]);
    writeFileSync(file, original);
    await reads.run('the restored file');
    expect(changes).toEqual([]);
    writeFileSync(file, edited(0.3));
    await reads.run('an edit after the restore');
    expect(invalid).toHaveLength(1);
    expect(hsiWindowPct(changes[0]?.config)).toBe(0.3);
  });

  it('GIVEN stop() THEN an edit seen before it is not applied, nor anything after it', async () => {
    writeFileSync(file, edited(0.5));
    const read = await reads.seen('the edit');
    watch?.stop();
    await read();
    writeFileSync(file, 'not: [valid\n');
    await read();
    expect(changes).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('GIVEN other files in the directory change THEN only the config file is read', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'bot.yaml~'), 'not: [valid\n');
    writeFileSync(file, edited(0.5));
    await reads.run('the config edit');
    expect(invalid).toEqual([]);
    expect(changes).toHaveLength(1);
  });

  it('GIVEN no scheduleRead THEN a save is read after the debounce timer', async () => {
    const timed: Config[] = [];
    const own = watchConfig(file, {
      onChange: (config) => timed.push(config),
      onInvalid: () => undefined,
      debounceMs: 30,
    });
    try {
      writeFileSync(file, edited(0.8));
      await waitFor(() => timed.length > 0, 'the timed read');
      expect(hsiWindowPct(timed[0])).toBe(0.8);
    } finally {
      own.stop();
    }
  });
});
