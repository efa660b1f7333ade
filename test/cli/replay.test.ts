import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCli } from '../../src/cli/replayCli.js';
import { captureIo } from '../support/cliIo.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { fixtureJson } from '../support/fixtures.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('replay-cli-');
import { HEAVY_TEST_MS } from '../support/waitFor.js';

/** The replay in-process: its exit code and what it wrote. */
async function run(args: string[], env: Record<string, string> = {}) {
  const captured = captureIo(env);
  const code = await replayCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const DEMO = ['--data', 'data/demo/2025-06-02', '--config', 'data/demo/config.yaml'];

describe('npm run replay', () => {
  it('GIVEN --json THEN stdout is only alert objects, one per line, with the required fields', async () => {
    const { code, stdout } = await run([...DEMO, '--json']);
    expect(code).toBe(0);
    const alerts = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'symbol',
          'rule',
          'direction',
          'price',
          'changePct',
          'dayChangePct',
          'time',
          'message',
        ]),
      );
      expect(a.time).toMatch(/^2025-06-0[12]T\d\d:\d\d:00\.000Z$/);
    }
    // The story of the day: the indices fall inside the MOFCOM window, the yuan weakens through 7.20.
    const n225 = alerts.filter((a) => a.symbol === 'N225' && a.rule === 'dayMove');
    expect(n225.every((a) => a.direction === 'down')).toBe(true);
    expect(alerts.some((a) => a.symbol === 'HSI' && a.rule === 'dayMove' && a.direction === 'down')).toBe(
      true,
    );
    expect(alerts.some((a) => a.symbol === 'USDCNH' && a.rule === 'levelCross' && a.direction === 'up')).toBe(
      true,
    );
    // The bad HSI tick at 06:17 (-25%) never becomes an alert.
    expect(alerts.filter((a) => a.symbol === 'HSI').every((a) => (a.price as number) > 23_000)).toBe(true);
  });

  it('GIVEN the demo in text mode THEN readable lines and a closing summary with the real closes', async () => {
    const { code, stdout } = await run(DEMO);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\[2025-06-02 \d\d:\d\d UTC\] ▼ Nikkei 225 \(N225\)/);
    expect(stdout).toMatch(/HSI\s+23,289\.77\s+23,157\.97\s+-0\.57%/);
    expect(stdout).toMatch(/N225\s+37,965\.10\s+37,470\.67\s+-1\.30%/);
  });

  it('GIVEN a session cut at its bad print THEN the summary’s last price is the last real one', async () => {
    const body = fixtureJson('yahoo/n225-2025-04-07-bad-print-constructed.json') as any;
    const [result] = body.chart.result;
    const upToBadPrint =
      (result.timestamp as number[]).indexOf(Date.parse('2025-04-07T01:30:00Z') / 1000) + 1;
    result.timestamp = result.timestamp.slice(0, upToBadPrint);
    const [bars] = result.indicators.quote;
    for (const key of Object.keys(bars)) bars[key] = bars[key].slice(0, upToBadPrint);
    const dir = tempDir();
    writeFileSync(join(dir, 'N225.json'), JSON.stringify(body));
    const { code, stdout } = await run(['--data', dir]);
    expect(code).toBe(0);
    expect(bars.close.at(-1)).toBe(39_635.24);
    expect(stdout).toMatch(/N225\s+33,780\.58\s+30,779\.13\s+-8\.89%/);
  });

  it('GIVEN no --data THEN it exits 2 with usage', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr).toContain('--data is required');
  });

  it('GIVEN a folder with no chart responses THEN it fails with a clear message', async () => {
    const { code, stderr } = await run(['--data', 'test/cli']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/replay failed: .*test\/cli/);
  });

  it(
    'GIVEN --post THEN the replayed alerts reach the Discord channel, not marked as delayed',
    async () => {
      const fake = await startFakeDiscord();
      try {
        const env = {
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.apiBase,
          DISCORD_CHANNEL_ID: fake.guild.alertChannelId,
        };
        const { code, stderr } = await run([...DEMO, '--post'], env);
        expect(code, stderr).toBe(0);
        expect(fake.messages.length).toBeGreaterThan(0);
        expect(fake.messages.every((m) => m.channelId === fake.guild.alertChannelId)).toBe(true);
        const footers = fake.messages.flatMap((m) =>
          (m.payload.embeds as { footer?: unknown }[]).map((e) => e.footer),
        );
        expect(footers.every((f) => f === undefined)).toBe(true);
        expect(fake.validationErrors).toEqual([]);
      } finally {
        await fake.close();
      }
    },
    HEAVY_TEST_MS,
  );
});
