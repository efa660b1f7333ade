import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('wrap-');
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});

async function bot(): Promise<Bot> {
  const b = await startTestBot(tempDir());
  bots.push(b);
  return b;
}

describe('/wrap', () => {
  it('GIVEN a poll in which HSI fell through its first tier THEN /wrap HKEX has its close, change, range and the alert', async () => {
    const b = await bot();
    b.board.set('HSI', 23_000);
    await b.poll();
    const answer = await runCommand(b, { name: 'wrap', options: { market: 'hkex' } });
    const [embed] = answer.data.embeds;
    expect(embed.title).toBe('Daily wrap: HKEX');
    // The close is the day's last stored (screened) bar: the board's bars slide to 23,000 and stop a minute short.
    expect(embed.description).toMatch(
      /^```\nHKEX 2025-06-02\nHSI 23,007\.24 \(-1\.21% vs prev close\), range 23,007\.24 – 23,289\.77; 1 alert\n/,
    );
    expect(embed.description).toContain(
      '- ▼ Hang Seng Index (HSI) -1.24% vs previous close 23,289.77 (tier 1',
    );
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN no market THEN one embed per watched market; an unknown one THEN a private list of them', async () => {
    const b = await bot();
    await b.poll();
    const all = await runCommand(b, { name: 'wrap' });
    expect(all.data.embeds.map((e: { title: string }) => e.title)).toEqual([
      'Daily wrap: HKEX',
      'Daily wrap: TSE',
      'Daily wrap: FX',
    ]);
    const unknown = await runCommand(b, { name: 'wrap', options: { market: 'NYSE' } });
    expect(unknown.data.content).toBe('No watched market "NYSE"; try one of: HKEX, TSE, FX.');
    expect(unknown.data.flags).toBe(64);
  });
});
