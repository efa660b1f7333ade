import { readFileSync, writeFileSync } from 'node:fs';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/definitions.js';
import { healthLine } from '../../src/discord/commands/statusCommand.js';
import { runCommand, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('commands-');
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
});

const MANAGE_GUILD = String(PermissionFlagsBits.ManageGuild);
const EPHEMERAL = 64;

async function bot(): Promise<Bot> {
  const b = await startTestBot(tempDir());
  bots.push(b);
  return b;
}

const admin = { memberPermissions: MANAGE_GUILD };

describe('slash commands', () => {
  it('GIVEN /level HSI THEN price, day change, range, status, provider and a chart', async () => {
    const b = await bot();
    b.board.set('HSI', 23_100);
    const answer = await runCommand(b, { name: 'level', options: { symbol: 'HSI' } });
    const embed = answer.data.embeds[0];
    expect(embed.title).toBe('Hang Seng Index (HSI) ▼ 23,100.00 (-0.81%)');
    expect(embed.fields.map((f: { name: string }) => f.name)).toEqual([
      'Price',
      'Day',
      'Day range',
      'Previous close',
      'Market',
      'Data',
      'RSI (14, 1 min)',
      'Bollinger (20, 2) upper / mid / lower',
    ]);
    expect(embed.fields[4].value).toMatch(/^open · closes <t:\d+:R>$/);
    expect(embed.fields[5].value).toMatch(/^yahoo · quote <t:\d+:R>$/);
    // The board's 40 bars fall steadily to 23,100: no gain at all is an RSI of 0, the price near the lower band.
    expect(embed.fields[6].value).toBe('0.0 · oversold');
    expect(embed.fields[7].value).toMatch(/^lower half \(%B 0\.0\d\)\n[\d,.]+ \/ [\d,.]+ \/ [\d,.]+$/);
    expect(embed.image.url).toBe('attachment://level-hsi.png');
    expect(answer.files[0]?.contentType).toBe('image/png');
    expect(b.fake.validationErrors).toEqual([]);
  });

  it('GIVEN a lone −25% tick among the day’s bars THEN /level’s day range leaves it out', async () => {
    const b = await bot();
    b.board.set('HSI', 23_100);
    const source = b.board.source;
    const fetchQuote = source.fetchQuote.bind(source);
    source.fetchQuote = async (instrument) => {
      const quote = await fetchQuote(instrument);
      const bars = quote.bars.map((bar, i) => (i === 20 ? { ...bar, price: bar.price * 0.75 } : bar));
      return { ...quote, bars };
    };
    const answer = await runCommand(b, { name: 'level', options: { symbol: 'HSI' } });
    const range = answer.data.embeds[0].fields.find((f: { name: string }) => f.name === 'Day range');
    // The board's bars slide from the previous close toward 23,100; the spike would show as 17,3xx.
    expect(range.value).toBe('23,104.74 – 23,289.77');
  });

  it('GIVEN /levels THEN every instrument in one embed', async () => {
    const b = await bot();
    const answer = await runCommand(b, { name: 'levels' });
    expect(answer.data.embeds[0].fields.map((f: { name: string }) => f.name)).toEqual([
      'Hang Seng Index (HSI)',
      'Nikkei 225 (N225)',
      'USD/CNH (offshore yuan) (USDCNH)',
      'USD/CNY (onshore yuan) (USDCNY)',
      'Offshore–onshore yuan (CNH − CNY)',
    ]);
  });

  it('GIVEN an unknown symbol THEN a short private explanation', async () => {
    const b = await bot();
    const answer = await runCommand(b, { name: 'level', options: { symbol: 'SPX' } });
    expect(answer.data.flags).toBe(EPHEMERAL);
    expect(answer.data.content).toBe('Unknown instrument "SPX". Known: HSI, N225, USDCNH, USDCNY.');
  });

  it('GIVEN autocomplete THEN matching instruments come back as choices', async () => {
    const b = await bot();
    const interaction = b.fake.dispatchInteraction(
      b.fake.autocompleteInteraction({ name: 'level', options: { symbol: 'n2' }, focused: 'symbol' }),
    );
    const response = await b.fake.waitFor(
      () => b.fake.interactionResponses.find((r) => r.interactionId === interaction.id),
      'autocomplete choices',
    );
    expect(response.type).toBe(8);
    expect((response.payload.data as { choices: unknown[] }).choices).toEqual([
      { name: 'N225 · Nikkei 225', value: 'N225' },
    ]);
  });

  it('GIVEN /threshold set by an admin THEN the file changes with comments intact and the next poll uses it', async () => {
    const b = await bot();
    const before = readFileSync(b.configPath, 'utf8');
    const answer = await runCommand(b, {
      name: 'threshold',
      subcommand: 'set',
      options: { symbol: 'HSI', rule: 'dayMove.tiersPct', value: '0.5, 1, 2' },
      ...admin,
    });
    expect(answer.data.flags).toBe(EPHEMERAL);
    expect(answer.data.content).toContain('dayMove.tiersPct: 1, 2, 3, 5 % → 0.5, 1, 2 %');
    const after = readFileSync(b.configPath, 'utf8');
    const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
    expect(comments(after)).toEqual(comments(before));
    // -0.6% now crosses the new first tier.
    b.board.set('HSI', 23_150);
    await b.poll();
    const embeds = b.fake.messages[0]?.payload.embeds as { title: string }[];
    expect(embeds[0]?.title).toBe('▼ Hang Seng Index -0.60% on the day');

    const show = await runCommand(b, { name: 'threshold', subcommand: 'show', options: { symbol: 'HSI' } });
    const audit = show.data.embeds[0].fields.at(-1).value as string;
    expect(audit).toMatch(/HSI dayMove\.tiersPct: 1, 2, 3, 5 % → 0\.5, 1, 2 %/);
  });

  it('GIVEN /threshold set by a member without Manage Server THEN it is refused and nothing changes', async () => {
    const b = await bot();
    const before = readFileSync(b.configPath, 'utf8');
    const answer = await runCommand(b, {
      name: 'threshold',
      subcommand: 'set',
      options: { symbol: 'HSI', rule: 'windowMove.thresholdPct', value: '0.1' },
      memberPermissions: '0',
    });
    expect(answer.data.content).toMatch(/^Only members with Manage Server/);
    expect(readFileSync(b.configPath, 'utf8')).toBe(before);
  });

  it.each([
    [{ symbol: 'HSI', rule: 'windowMove.thresholdPct', value: 'abc' }, /^Not changed: /],
    [{ symbol: 'HSI', rule: 'windowMove.thresholdPct', value: '-1' }, /^Not changed: /],
    [{ symbol: 'HSI', rule: 'windowMove.thresholdPct', value: '1e9' }, /^Not changed: .*too large/],
    [{ symbol: 'XYZ', rule: 'windowMove.thresholdPct', value: '1' }, /^Unknown instrument "XYZ"/],
  ])('GIVEN /threshold set %j THEN a private explanation', async (options, message) => {
    const b = await bot();
    const answer = await runCommand(b, { name: 'threshold', subcommand: 'set', options, ...admin });
    expect(answer.data.flags).toBe(EPHEMERAL);
    expect(answer.data.content).toMatch(message);
  });

  it('GIVEN /threshold reset THEN the instrument is back on its defaults', async () => {
    const b = await bot();
    await runCommand(b, {
      name: 'threshold',
      subcommand: 'set',
      options: { symbol: 'N225', rule: 'sanityJumpPct', value: '10' },
      ...admin,
    });
    const answer = await runCommand(b, {
      name: 'threshold',
      subcommand: 'reset',
      options: { symbol: 'N225' },
      ...admin,
    });
    expect(answer.data.content).toContain('sanityJumpPct: 10 % → 20 %');
    expect(b.config.current().instruments[1]?.thresholds.sanityJumpPct).toBe(20);
  });

  it('GIVEN /silence and /unsilence THEN alerts are held back meanwhile and the duration is checked', async () => {
    const b = await bot();
    const bad = await runCommand(b, {
      name: 'silence',
      options: { symbol: 'HSI', duration: 'forever' },
      ...admin,
    });
    expect(bad.data.content).toMatch(/not a duration/);
    const ok = await runCommand(b, { name: 'silence', options: { symbol: 'HSI', duration: '2h' }, ...admin });
    expect(ok.data.content).toMatch(/^HSI silenced until <t:\d+:f>/);
    b.board.set('HSI', 22_824);
    await b.poll();
    expect(b.fake.messages).toHaveLength(0);
    expect(b.store.recentAlerts(5).some((a) => a.symbol === 'HSI')).toBe(true);
    const lifted = await runCommand(b, { name: 'unsilence', options: { symbol: 'HSI' }, ...admin });
    expect(lifted.data.content).toBe('HSI is no longer silenced.');
  });

  it('GIVEN /alerts recent and /status THEN history and health are shown privately', async () => {
    const b = await bot();
    b.board.set('N225', 37_400);
    await b.poll();
    const recent = await runCommand(b, { name: 'alerts', subcommand: 'recent', options: { count: 5 } });
    expect(recent.data.embeds[0].description).toMatch(/▼ \*\*N225\*\* dayMove -1\.49%/);
    const status = await runCommand(b, { name: 'status' });
    const fields = Object.fromEntries(
      (status.data.embeds[0].fields as { name: string; value: string }[]).map((f) => [f.name, f.value]),
    );
    expect(fields).toMatchObject({ Outbox: '0 waiting', Stale: 'none', Version: '9.9.9', Silenced: 'none' });
    expect(fields['Last poll']).toMatch(/^<t:\d+:R>$/);
  });

  it('GIVEN /alerts recent with a count outside 1–25 THEN a polite private refusal, and the command data declares the range', async () => {
    const b = await bot();
    for (const count of [-5, 0, 26]) {
      const answer = await runCommand(b, { name: 'alerts', subcommand: 'recent', options: { count } });
      expect(answer.data.content).toBe(
        `count must be from 1 to 25 (you gave ${count}); try /alerts recent count:10.`,
      );
      expect(answer.data.flags).toBe(EPHEMERAL);
    }
    const recent = COMMANDS.find((c) => c.name === 'alerts')?.options?.find((o) => o.name === 'recent');
    expect(recent && 'options' in recent ? recent.options?.[0] : undefined).toMatchObject({
      name: 'count',
      min_value: 1,
      max_value: 25,
    });
  });

  it('GIVEN a hand edit that breaks the config THEN the bot keeps running on the old one', async () => {
    const b = await bot();
    writeFileSync(b.configPath, readFileSync(b.configPath, 'utf8').replace('holdPolls: 1', 'holdPolls: 0'));
    const answer = await runCommand(b, {
      name: 'threshold',
      subcommand: 'set',
      options: { symbol: 'HSI', rule: 'sanityJumpPct', value: '10' },
      ...admin,
    });
    expect(answer.data.content).toMatch(/^Not changed: .*alerting\.holdPolls/);
    expect(b.config.current().alerting.holdPolls).toBe(1);
  });

  it('GIVEN every answer THEN no message could ever mention anyone', async () => {
    const b = await bot();
    await runCommand(b, { name: 'level', options: { symbol: '@everyone' } });
    await runCommand(b, { name: 'status' });
    for (const r of b.fake.interactionResponses) {
      const data = r.payload.data as { allowed_mentions?: { parse: unknown[] } } | undefined;
      if (r.type === 4) expect(data?.allowed_mentions?.parse).toEqual([]);
    }
  });
});

describe('/status health lines', () => {
  const base = { consecutiveFailures: 0, retryAt: null, lastError: null, lastSuccessAt: 0 };

  it('GIVEN a healthy provider or source THEN its name and a tick', () => {
    expect(healthLine({ ...base, name: 'yahoo', healthy: true })).toBe('yahoo ✅');
  });

  it('GIVEN one backing off THEN until when (a Discord timestamp) and the error, cut short', () => {
    const line = healthLine({
      ...base,
      name: 'gdelt',
      healthy: false,
      consecutiveFailures: 2,
      retryAt: Date.parse('2025-06-02T02:20:00Z'),
      lastError: `HTTP 503 ${'x'.repeat(300)}`,
    });
    expect(line).toMatch(/^gdelt ⚠️ backing off until <t:1748830800:R> · last error: HTTP 503 x+$/);
    expect(line.length).toBeLessThan(200);
  });
});
