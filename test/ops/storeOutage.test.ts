import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { isWriteFailure } from '../../src/store/writeFailure.js';
import { MINUTE, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('store-outage-');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/**
 * The disk fills up: from now on no file of this process may grow past the state database's
 * write-ahead log as it is, so the bot's next commit fails inside SQLite with a real write error
 * (EFBIG → SQLITE_IOERR_WRITE; Node ignores SIGXFSZ). Only the soft limit is lowered, so it can be
 * raised again; the returned function frees the disk.
 */
function fillTheDisk(dbPath: string): () => void {
  const pid = String(process.pid);
  const walBytes = statSync(`${dbPath}-wal`).size;
  execFileSync('prlimit', ['--pid', pid, `--fsize=${walBytes}:`]);
  let freed = false;
  const free = () => {
    if (freed) return;
    freed = true;
    execFileSync('prlimit', ['--pid', pid, '--fsize=unlimited:']);
  };
  cleanup.push(free);
  return free;
}

async function bot() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = createLogger({
    level: 'debug',
    stream: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
  });
  const b: Bot = await startTestBot(tempDir(), { log, env: { HTTP_PORT: '0' } });
  cleanup.push(() => b.close());
  return { b, lines };
}

async function readyz(b: Bot) {
  const res = await fetch(`http://127.0.0.1:${b.bot.httpPort}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as { checks: { store: { ok: boolean; detail: string } } },
  };
}

const OUTAGE_LINE =
  'the state database takes no writes: polls are not recorded and their alerts not sent; the bot exits if this lasts';

describe('the state database failing while the bot runs', () => {
  it('GIVEN the disk fills THEN /readyz fails at once, the outage is one log line, and after 5 failed polls the bot stops itself with a reason', async () => {
    const { b, lines } = await bot();
    await b.bot.poll();
    expect((await readyz(b)).status).toBe(200);
    let fatal: string | null = null;
    void b.bot.fatal.then((err) => (fatal = err.message));

    fillTheDisk(b.store.path);
    b.board.set('HSI', 22_824);
    b.clock.now += MINUTE;
    await b.bot.poll();
    const failing = await readyz(b);
    expect(failing.status).toBe(503);
    expect(failing.body.checks.store).toEqual({
      ok: false,
      detail: 'the state database takes no writes: SQLITE_IOERR_WRITE: disk I/O error',
    });
    for (let poll = 2; poll <= 4; poll++) {
      b.clock.now += MINUTE;
      await b.bot.poll();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(fatal).toBeNull();
    b.clock.now += MINUTE;
    await b.bot.poll();
    const reason = (await b.bot.fatal).message;
    expect(reason).toBe(
      "the state database took no writes for 5 polls in a row (SQLITE_IOERR_WRITE: disk I/O error); exiting so the supervisor restarts the bot. Free disk space or fix the file's permissions (STATE_DB)",
    );
    expect(lines.filter((l) => l.msg === OUTAGE_LINE)).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'poll failed')).toEqual([]);
    // The alert decided during the outage was neither recorded nor sent.
    expect(b.fake.messages).toEqual([]);
    expect(b.bot.stopOutcome()).not.toBeNull();
  });

  it('GIVEN space comes back after two failed polls THEN the next poll records again, /readyz recovers, and the outage is two lines in all', async () => {
    const { b, lines } = await bot();
    await b.bot.poll();
    const free = fillTheDisk(b.store.path);
    for (let poll = 1; poll <= 2; poll++) {
      b.clock.now += MINUTE;
      await b.bot.poll();
    }
    expect((await readyz(b)).status).toBe(503);
    free();
    b.board.set('HSI', 22_824);
    b.clock.now += MINUTE;
    await b.bot.poll();
    expect((await readyz(b)).status).toBe(200);
    expect(b.store.recentAlerts(5).map((a) => a.symbol)).toContain('HSI');
    const outage = lines.filter(
      (l) => l.msg === OUTAGE_LINE || l.msg === 'the state database takes writes again',
    );
    expect(outage.map((l) => l.msg)).toEqual([OUTAGE_LINE, 'the state database takes writes again']);
  });
});

describe('write failures', () => {
  it('GIVEN a database that is full, and a constraint broken THEN only the full one is a write failure', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT PRIMARY KEY)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const thrown = (run: () => unknown) => {
      try {
        run();
      } catch (err) {
        return err;
      }
      throw new Error('expected a failure');
    };
    const full = thrown(() => {
      for (let i = 0; i < 100; i++) insert.run(`${i}`.padEnd(2000, 'x'));
    });
    expect((full as { code: string }).code).toBe('SQLITE_FULL');
    expect(isWriteFailure(full)).toBe(true);
    db.pragma('max_page_count = 1000');
    insert.run('a');
    expect(isWriteFailure(thrown(() => insert.run('a')))).toBe(false);
    db.close();
  });
});
