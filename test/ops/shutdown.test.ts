import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { createLogger } from '../../src/log.js';
import { createTeardown } from '../../src/ops/shutdown.js';
import { MINUTE, startTestBot } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('ops-stop-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const never = () => new Promise<never>(() => undefined);

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ stream }), lines };
}

describe('the teardown deadline', () => {
  it('GIVEN steps within the deadline THEN all run in reverse order and the stop is not cut short', async () => {
    const ran: string[] = [];
    const teardown = createTeardown(silentLog);
    teardown.push(() => ran.push('first'));
    teardown.push(async () => {
      await Promise.resolve();
      ran.push('second');
    });
    expect(await teardown.run(1_000)).toEqual({ cutShort: false, unfinished: [] });
    expect(ran).toEqual(['second', 'first']);
  });

  it('GIVEN a step that hangs THEN the deadline names it, and the steps after it still start', async () => {
    const { log, lines } = recordingLog();
    const ran: string[] = [];
    const teardown = createTeardown(log);
    teardown.push(() => ran.push('close the store'), 'close the store');
    teardown.push(never, 'finish the current poll');
    teardown.push(() => ran.push('stop the schedule'));
    const outcome = await teardown.run(50);
    expect(outcome).toEqual({ cutShort: true, unfinished: ['finish the current poll'] });
    expect(ran).toEqual(['stop the schedule', 'close the store']);
    expect(
      lines.find((l) => l.msg === 'shutdown deadline reached; stopped without waiting for the rest'),
    ).toMatchObject({
      level: 40,
      deadlineMs: 50,
      unfinished: ['finish the current poll'],
    });
  });

  it('GIVEN failing steps, before and after the deadline THEN run() resolves and logs each as err', async () => {
    const { log, lines } = recordingLog();
    const teardown = createTeardown(log);
    teardown.push(() => Promise.reject(new Error('late failure')), 'after');
    teardown.push(never, 'hangs');
    teardown.push(() => {
      throw new Error('early failure');
    }, 'before');
    await expect(teardown.run(30)).resolves.toMatchObject({ cutShort: true });
    await new Promise((resolve) => setImmediate(resolve));
    const failures = lines.filter((l) => l.msg === 'a step of the shutdown failed; continuing');
    expect(failures.map((l) => [l.step, (l.err as { message: string }).message])).toEqual([
      ['before', 'early failure'],
      ['after', 'late failure'],
    ]);
  });
});

describe('stopping the bot with a hung provider', () => {
  it('GIVEN a poll stuck on the provider THEN stop() returns within SHUTDOWN_TIMEOUT_MS and the queued alert is sent after a restart', async () => {
    const fake = await startFakeDiscord();
    cleanup.push(() => fake.close());
    const dir = tempDir();
    const dbPath = join(dir, 'bot.db');
    const first = await startTestBot(dir, { fake, dbPath, env: { SHUTDOWN_TIMEOUT_MS: '300' } });
    fake.setDown(true);
    first.board.set('HSI', 22_824);
    await first.bot.poll();
    // The alert's text, then the edit that adds its chart once drawn (Discord being down or not).
    await fake.waitFor(() => first.store.pendingCount() === 2, 'the chart edit queued');

    // The provider stops answering: the next poll never ends by itself.
    const hang: (instrument: Instrument) => Promise<Quote> = never;
    first.board.source.fetchQuote = hang;
    first.clock.now += MINUTE;
    void first.bot.poll();
    const started = performance.now();
    await first.bot.stop();
    // That stop() returned at all, with the hung step named, is the point; it waited out the
    // deadline first (a lower bound: timers never fire early, load only makes it later).
    expect(first.bot.stopOutcome()).toEqual({ cutShort: true, unfinished: ['finish the current poll'] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(fake.messages).toEqual([]);

    fake.setDown(false);
    const second = await startTestBot(dir, { fake, dbPath });
    cleanup.push(() => second.close());
    expect(second.store.pendingCount()).toBe(2);
    // Still where it was, so the restart's poll raises nothing new: the one message is the queued alert.
    second.board.set('HSI', 22_824);
    second.clock.now += 2 * MINUTE;
    await second.poll();
    expect(fake.messages).toHaveLength(1);
    expect(JSON.stringify(fake.messages[0]?.payload.embeds)).toContain('▼ Hang Seng Index -2.00% on the day');
    expect(fake.edits.map((e) => [e.messageId, e.files.length])).toEqual([[fake.messages[0]?.id, 1]]);
    expect(second.store.pendingCount()).toBe(0);
  });
});
