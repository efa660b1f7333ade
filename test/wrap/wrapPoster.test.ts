import { afterEach, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { startTestBot } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

const tempDir = useTempDirs('wrap-post-');
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});

function wrapsPosted(b: Bot) {
  return b.fake.messages
    .map((m) => ({ message: m, embed: (m.payload.embeds as { title: string; description: string }[])[0] }))
    .filter(({ embed }) => embed?.title.startsWith('Daily wrap'));
}

describe('the daily wrap at the close', () => {
  it('GIVEN HSI fell in the morning THEN at the close one wrap per market, with the alert and a session chart', async () => {
    const b = await startTestBot(tempDir());
    bots.push(b);
    b.board.set('HSI', 23_000);
    await b.poll(); // 10:16 HKT: the tier-1 alert
    b.clock.now = Date.parse('2025-06-02T04:30:00Z'); // lunch in Hong Kong, afternoon in Tokyo
    await b.poll();
    expect(wrapsPosted(b)).toEqual([]);
    b.clock.now = Date.parse('2025-06-02T08:15:00Z'); // after both closes
    await b.poll();
    const wraps = wrapsPosted(b);
    expect(wraps.map((w) => w.embed?.title)).toEqual([
      'Daily wrap: HKEX · 2025-06-02',
      'Daily wrap: TSE · 2025-06-02',
    ]);
    const hkex = wraps[0];
    expect(hkex?.message.channelId).toBe(b.fake.guild.alertChannelId);
    expect(hkex?.message.payload.allowed_mentions).toEqual({ parse: [] });
    expect(hkex?.embed?.description).toMatch(
      /^```\nHKEX 2025-06-02\nHSI [\d,.]+ \(-1\.\d\d% vs prev close\), range/,
    );
    expect(hkex?.embed?.description).toContain('- ▼ Hang Seng Index (HSI) -1.2');
    const png = hkex?.message.files[0];
    expect(png?.contentType).toBe('image/png');
    expect(PNG.sync.read(png?.data ?? Buffer.alloc(0)).width).toBeGreaterThan(0);
    // The next poll, still closed, posts nothing more.
    b.clock.now += 60_000;
    await b.poll();
    expect(wrapsPosted(b)).toHaveLength(2);
    expect(b.fake.validationErrors).toEqual([]);
  });

  it(
    'GIVEN the bot restarted between its last look while trading and the close THEN the next one posts the wraps once, and a later restart not again',
    async () => {
      const dir = tempDir();
      const dbPath = `${dir}/shared.db`;
      const fake = await startFakeDiscord();
      const first = await startTestBot(tempDir(), { dbPath, fake });
      first.board.set('HSI', 23_000);
      await first.poll();
      first.clock.now = Date.parse('2025-06-02T04:30:00Z');
      await first.poll();
      await first.close();

      const second = await startTestBot(tempDir(), { dbPath, fake });
      bots.push(second);
      second.clock.now = Date.parse('2025-06-02T08:15:00Z');
      await second.poll();
      expect(wrapsPosted(second).map((w) => w.embed?.title)).toEqual([
        'Daily wrap: HKEX · 2025-06-02',
        'Daily wrap: TSE · 2025-06-02',
      ]);
      await second.close();
      bots.splice(0);

      const third = await startTestBot(tempDir(), { dbPath, fake });
      bots.push(third);
      third.clock.now = Date.parse('2025-06-02T08:20:00Z');
      await third.poll();
      expect(wrapsPosted(third)).toHaveLength(2);
      await third.close();
      bots.splice(0);
      await fake.close();
    },
    HEAVY_TEST_MS,
  );
});
