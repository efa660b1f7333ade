import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import type { BotHandle } from '../../src/app/index.js';
import { MINUTE, manualScheduler, quoteBoard, startTestBot, T, testEnv } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { ProviderError } from '../../src/http/errors.js';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord, RecordedMessage } from '../support/fakeDiscord/index.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('reports-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const HEADLINE = 'China accuses US of "serious" trade truce breach, threatens firm response';
const STEPS = [1, 5, 15, 30, 60];
/** A channel id no guild of the fake has: a channel deleted after the bot was configured. */
const DELETED_CHANNEL = '123456789012345678';

/** The event a feed or /event add would have stored at T0, and the monitor told of it. */
function addEvent(handle: Pick<BotHandle, 'store' | 'monitor'>, at: number): void {
  handle.store.addEvent(
    {
      id: 'ev-truce',
      time: at,
      title: HEADLINE,
      source: 'command',
      link: 'https://example.org/story',
      matchedTerms: ['truce'],
      score: 1,
      origin: 'command',
    },
    at,
  );
  handle.monitor.refreshEvents(at);
}

/** The whole bot on a quote board and a manual clock, with the environment given (no bot token). */
async function startPlainBot(
  env: Record<string, string>,
  stdout?: { write(text: string): unknown },
  quotes: (board: QuoteSource) => QuoteSource = (board) => board,
) {
  const dir = tempDir();
  const configPath = join(dir, 'bot.yaml');
  copyFileSync('config/bot.yaml', configPath);
  const clock = { now: T };
  const bot = await startBot({
    env: testEnv({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db'), ...env }),
    now: () => clock.now,
    log: silentLog,
    quotes: quotes(quoteBoard(clock).source),
    scheduler: manualScheduler(),
    ...(stdout ? { stdout } : {}),
  });
  cleanup.push(() => bot.stop());
  return { bot, clock };
}

/** T0, then a poll at each step; each poll advances the reports after it. */
async function pollThroughSteps(bot: BotHandle, clock: { now: number }): Promise<void> {
  await bot.poll();
  for (const minutes of STEPS) {
    clock.now = T + minutes * MINUTE;
    await bot.poll();
  }
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  cleanup.push(() => fake.close());
  return fake;
}

/** The board, except that USD/CNH cannot be quoted (Yahoo answers 404 for its symbol). */
const withoutUsdCnh = (board: QuoteSource): QuoteSource => ({
  name: board.name,
  supports: (instrument) => board.supports(instrument),
  fetchQuote: (instrument) =>
    instrument.id === 'USDCNH'
      ? Promise.reject(
          new ProviderError(
            { provider: 'yahoo', symbol: 'CNH=X', code: 'NOT_FOUND', retryable: false, status: 404 },
            'yahoo CNH=X: 404 No data found, symbol may be delisted',
          ),
        )
      : board.fetchQuote(instrument),
});

const isReport = (m: RecordedMessage) => JSON.stringify(m.payload.embeds ?? []).includes('📰');
const hsiCells = (payload: Record<string, unknown>) => {
  const [embed] = payload.embeds as { description: string }[];
  return /HSI +(\S+) +(\S+) +(\S+) +(\S+) +(\S+)/.exec(embed?.description ?? '')?.slice(1);
};

describe('reaction reports through the hub and the outbox', () => {
  it('GIVEN a deleted report channel THEN one attempt and one dead letter, not a retry every 30 s', async () => {
    const b: Bot = await startTestBot(tempDir(), { env: { DISCORD_CHANNEL_ID: DELETED_CHANNEL } });
    cleanup.push(() => b.close());
    addEvent(b.bot, T);
    // Six polls from T0 to T+60, each advancing the report: before, each one tried Discord again.
    await pollThroughSteps(b.bot, b.clock);

    const tries = b.fake.requests.filter((r) => r.path.startsWith(`/channels/${DELETED_CHANNEL}/`));
    expect(tries.map((r) => [r.method, r.status])).toEqual([['POST', 404]]);
    expect(b.store.deadLetterSummary()).toMatchObject({ count: 1, latest: { target: DELETED_CHANNEL } });
    expect(b.store.deadLetterSummary().latest?.reason).toMatch(/404.*10003/);
    expect(b.store.pendingCount()).toBe(0);
    expect(b.store.openReports()).toEqual([]);
  });

  it('GIVEN the report message deleted in Discord THEN one edit is tried, dead-lettered, and the report is edited no more', async () => {
    const b: Bot = await startTestBot(tempDir());
    cleanup.push(() => b.close());
    addEvent(b.bot, T);
    await b.poll();
    const [posted] = b.fake.messages.filter(isReport);
    const channel = b.fake.guild.alertChannelId;
    const deleted = await fetch(`${b.fake.apiBase}/v10/channels/${channel}/messages/${posted?.id ?? ''}`, {
      method: 'DELETE',
      headers: { authorization: `Bot ${b.fake.token}` },
    });
    expect(deleted.status).toBe(204);
    for (const minutes of STEPS) {
      b.clock.now = T + minutes * MINUTE;
      await b.poll();
    }

    const patches = b.fake.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, r.status])).toEqual([
      [`/channels/${channel}/messages/${posted?.id ?? ''}`, 404],
    ]);
    expect(b.store.deadLetterSummary()).toMatchObject({ count: 1 });
    expect(b.store.deadLetterSummary().latest?.reason).toMatch(/404.*10008/);
    expect(b.store.pendingCount()).toBe(0);
  });

  it('GIVEN webhook mode THEN the report is posted through the webhook and its message edited there', async () => {
    const fake = await fakeDiscord();
    const { bot, clock } = await startPlainBot({ DISCORD_WEBHOOK_URL: fake.webhook.url });
    expect(bot.output).toBe('discord webhook');
    addEvent(bot, T);
    await pollThroughSteps(bot, clock);

    const reports = fake.messages.filter(isReport);
    expect(reports.map((m) => m.webhookId)).toEqual([fake.webhook.id]);
    const posted = reports[0];
    const post = fake.requests.find((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(post?.query.get('wait')).toBe('true');
    const edits = fake.edits.filter((e) => e.messageId === posted?.id);
    expect(edits.length).toBeGreaterThanOrEqual(4);
    const editPaths = fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
    expect(new Set(editPaths)).toEqual(
      new Set([`/webhooks/${fake.webhook.id}/${fake.webhook.token}/messages/${posted?.id ?? ''}`]),
    );
    const last = edits.at(-1);
    expect(JSON.stringify(last?.payload)).toContain('Final: T+60 reached');
    expect(last?.files[0]?.contentType).toBe('image/png');
    expect(hsiCells(last?.payload ?? {})).not.toContain('·');
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN Discord down for several steps THEN the post goes out with only the newest edit after it', async () => {
    const b: Bot = await startTestBot(tempDir());
    cleanup.push(() => b.close());
    addEvent(b.bot, T);
    b.fake.setDown(true);
    await b.poll();
    for (const minutes of [1, 5]) {
      b.clock.now = T + minutes * MINUTE;
      await b.poll();
    }
    expect(b.fake.messages.filter(isReport)).toEqual([]);
    // The post and one edit wait in the channel's queue: the T+1 version was replaced by the T+5 one.
    expect(b.store.pendingCount()).toBe(2);
    b.fake.setDown(false);
    b.clock.now = T + 6 * MINUTE;
    await b.output.delivery.drain();

    const reports = b.fake.messages.filter(isReport);
    expect(reports).toHaveLength(1);
    const edits = b.fake.edits.filter((e) => e.messageId === reports[0]?.id);
    expect(edits).toHaveLength(1);
    const cells = hsiCells(edits[0]?.payload ?? {});
    expect(cells?.slice(0, 2).every((c) => c !== '·')).toBe(true);
    expect(cells?.slice(2)).toEqual(['·', '·', '·']);
    expect(b.store.deadLetterSummary().count).toBe(0);
  });

  it('GIVEN the console as the output THEN it prints a line per version of the report', async () => {
    const lines: string[] = [];
    const { bot, clock } = await startPlainBot({}, { write: (text: string) => lines.push(text) });
    expect(bot.output).toBe('console');
    addEvent(bot, T);
    await pollThroughSteps(bot, clock);

    const reports = lines
      .join('')
      .split('\n')
      .filter((l) => l.includes(`Reaction to "${HEADLINE}"`));
    // T0 opens it; each of the five steps adds a version; the last one is final.
    expect(reports).toHaveLength(6);
    expect(reports[0]).toMatch(/^\[2025-06-02 02:16 UTC\] Reaction to ".*": HSI ·, N225 ·/);
    expect(reports.at(-1)).toMatch(
      /^\[2025-06-02 03:16 UTC\] Reaction to ".*" \(final\): HSI \S+% \(T\+60\)/,
    );
  });

  it('GIVEN an instrument that cannot be quoted THEN the report is final at T+60 plus the grace, with "no price" and why', async () => {
    const fake = await fakeDiscord();
    const { bot, clock } = await startPlainBot(
      { DISCORD_WEBHOOK_URL: fake.webhook.url },
      undefined,
      withoutUsdCnh,
    );
    addEvent(bot, T);
    await pollThroughSteps(bot, clock);
    clock.now = T + 65 * MINUTE;
    await bot.poll();

    expect(bot.store.openReports()).toEqual([]);
    const [posted] = fake.messages.filter(isReport);
    const last = fake.edits.filter((e) => e.messageId === posted?.id).at(-1);
    const text = JSON.stringify(last?.payload);
    expect(text).toContain('Final: T+60 reached');
    expect(text).toMatch(/USDCNH +no price +no price +no price +no price +no price/);
    expect(text).toContain('USDCNH: no price at T+1, 5, 15, 30, 60 (no quote)');
    expect(hsiCells(last?.payload ?? {})?.every((c) => /%$/.test(c))).toBe(true);
    expect(last?.files[0]?.contentType).toBe('image/png');
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN Tokyo at lunch at T0 THEN the final version goes out at T+65 for the open markets and N225 is completed by a later edit', async () => {
    const fake = await fakeDiscord();
    const { bot, clock } = await startPlainBot({ DISCORD_WEBHOOK_URL: fake.webhook.url });
    // 02:40 UTC: Hong Kong trades (10:40), Tokyo is at lunch until 03:30 UTC (12:30).
    const t0 = Date.parse('2025-06-02T02:40:00Z');
    const pollAt = async (minutes: number) => {
      clock.now = t0 + minutes * MINUTE;
      await bot.poll();
    };
    addEvent(bot, t0);
    for (const minutes of [0, ...STEPS, 65]) await pollAt(minutes);
    const [posted] = fake.messages.filter(isReport);
    const edits = () => fake.edits.filter((e) => e.messageId === posted?.id);
    const atFinal = JSON.stringify(edits().at(-1)?.payload);
    expect(atFinal).toContain('Final: T+60 reached; N225 (closed at the event)');
    expect(edits().at(-1)?.files[0]?.contentType).toBe('image/png');
    expect(bot.store.openReports()).toHaveLength(1);

    // N225's steps count from 03:30: T+60 is 04:30, settled by 04:35.
    for (const minutes of [80, 110, 115]) await pollAt(minutes);
    const last = edits().at(-1);
    const text = JSON.stringify(last?.payload);
    expect(text).toContain('Final: T+60 reached"');
    expect(text).toMatch(/N225 \(from open\)(?: +[-+]?\d+\.\d+%){5}/);
    expect(bot.store.openReports()).toEqual([]);
    expect(fake.validationErrors).toEqual([]);
  });
});
