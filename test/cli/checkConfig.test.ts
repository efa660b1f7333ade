import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkConfigCli } from '../../src/cli/checkConfigCli.js';
import { captureIo } from '../support/cliIo.js';
import { FIXTURES_DIR } from '../support/fixtures.js';
import { useTempDirs } from '../support/tempDirs.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

const tempDir = useTempDirs('check-config-');

function run(args: string[], env: Record<string, string> = {}) {
  const captured = captureIo(env);
  const code = checkConfigCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('npm run check-config', () => {
  it('GIVEN the shipped file THEN it exits 0 and names the instruments', () => {
    const result = run(['config/bot.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('config/bot.yaml: valid (4 instruments: HSI, N225, USDCNH, USDCNY)');
  });

  it('GIVEN no argument THEN it checks CONFIG_PATH', () => {
    const result = run([], { CONFIG_PATH: 'data/demo/config.yaml' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^data\/demo\/config\.yaml: valid/);
  });

  it('GIVEN a broken file THEN it exits 1 listing each problem', () => {
    const file = join(tempDir(), 'bad.yaml');
    const text = readFileSync('config/bot.yaml', 'utf8')
      .replace("cron: '* * * * *'", "cron: 'every minute'")
      .replace('market: TSE', 'market: OSE');
    writeFileSync(file, text);
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 problems');
    expect(result.stderr).toContain('schedule.cron');
    expect(result.stderr).toContain('instruments.1.market: unknown market "OSE"');
  });

  it('GIVEN the three mistakes from the issue THEN one run names all three, the typo with its correction', () => {
    const file = join(tempDir(), 'three.yaml');
    const text = readFileSync('config/bot.yaml', 'utf8')
      .replace('market: TSE', 'market: OSE')
      .replace('cooldownMinutes: 30', 'cooldownMinutes: -5')
      .replace('{ windowMinutes: 15, thresholdPct: 0.75 }', '{ windowMinuts: 15, thresholdPct: 0.75 }');
    writeFileSync(file, text);
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain(
      '  - defaults.index.windowMove.windowMinuts: unknown key; did you mean "windowMinutes"? Rename it\n',
    );
    expect(result.stderr).toContain('  - alerting.cooldownMinutes: -5 is too small; use a number ≥ 0\n');
    expect(result.stderr).toContain(
      '  - instruments.1.market: unknown market "OSE"; define it under markets',
    );
  });

  it('GIVEN an alias bomb THEN it exits 1 with one problem line instead of a bare ReferenceError', () => {
    const result = run([join(FIXTURES_DIR, 'config/alias-bomb.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/alias-bomb\.yaml: 1 problem in the configuration/);
    expect(result.stderr).toContain(
      '  - YAML: the document aliases expand to too much data (over 100 nodes)',
    );
    expect(result.stderr).not.toContain('ReferenceError');
  });

  it('GIVEN a misspelt override and an unknown key THEN neither passes as valid', () => {
    const file = join(tempDir(), 'keys.yaml');
    const text = readFileSync('config/bot.yaml', 'utf8').replace(
      /(id: HSI[\s\S]*?)thresholds: \{\}/,
      '$1thresholds: { windowMove: { tresholdPct: 0.05 } }',
    );
    writeFileSync(file, `${text}colour: red\n`);
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 problems');
    expect(result.stderr).toContain(
      'instruments.0.thresholds.windowMove.tresholdPct: unknown key; did you mean "thresholdPct"?',
    );
    expect(result.stderr).toContain('colour: unknown key; remove it');
  });

  it('GIVEN a valid file but a bot token and no channel THEN it says the bot would refuse to start and exits 1', () => {
    const result = run(['config/bot.yaml'], { DISCORD_TOKEN: 'some-token-value' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('config/bot.yaml: valid');
    expect(result.stderr).toMatch(
      /^the bot would refuse to start: DISCORD_TOKEN is set but no alert channel is: .*\n$/,
    );
    expect(result.stderr).not.toContain('some-token-value');
  });

  it('GIVEN a valid file with something that cannot work THEN it warns and exits 0', () => {
    const file = join(tempDir(), 'routes.yaml');
    writeFileSync(
      file,
      readFileSync('config/bot.yaml', 'utf8').replace(
        'symbolChannels: {}',
        "symbolChannels: { HSX: '123456789012345678' }",
      ),
    );
    const result = run([file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning: discord.symbolChannels.HSX names no instrument');
  });

  // The CLI contract, once for every entry (they are all the same two lines): the process exit code
  // is the function's result and the message goes to stderr.
  it(
    'GIVEN the entry script and a missing file THEN the process exits 1 saying so',
    async () => {
      const result = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        'src/cli/checkConfig.ts',
        'no-such-config.yaml',
      ]).then(
        () => ({ code: 0, stderr: '' }),
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no-such-config.yaml');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    HEAVY_TEST_MS,
  );

  describe('messages a newcomer can act on', () => {
    const check = (text: string) => {
      const file = join(tempDir(), 'edited.yaml');
      writeFileSync(file, text);
      return run([file]);
    };
    const shipped = () => readFileSync('config/bot.yaml', 'utf8');

    it('GIVEN an unquoted channel id THEN the digits as written and the quoted line to write', () => {
      const result = check(shipped().replace('  channelId: null', '  channelId: 123456789012345678'));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "  - discord.channelId: 123456789012345678 is a number (YAML reads it as 123456789012345680), not text; write it in quotes: channelId: '123456789012345678'\n",
      );
    });

    it('GIVEN a misspelt time zone THEN the nearest IANA zone is suggested', () => {
      const result = check(shipped().replace('timezone: Asia/Tokyo', 'timezone: Asia/Tokio'));
      expect(result.stderr).toContain(
        '  - markets.TSE.timezone: "Asia/Tokio" is not an IANA time zone; did you mean "Asia/Tokyo"?\n',
      );
    });

    it('GIVEN a tab as indentation THEN one complete line with the place and what to do', () => {
      const result = check(shipped().replace("\n  cron: '* * * * *'", "\n\tcron: '* * * * *'"));
      const lines = result.stderr.trim().split('\n');
      expect(lines.find((l) => l.includes('Tabs'))).toMatch(
        /^ {2}- YAML syntax: Tabs are not allowed as indentation at line \d+, column 1; indent with spaces, not tabs$/,
      );
      expect(lines.filter((l) => l.endsWith(':'))).toEqual([lines[0]]);
    });

    it('GIVEN a key written twice THEN the key is named with its place and what to do', () => {
      const result = check(`${shipped()}alerting:\n  cooldownMinutes: 5\n`);
      const lines = result.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^ {2}- YAML syntax: Map keys must be unique \("alerting" is written twice in one map\) at line \d+, column 1; keep one of them \(merge their contents into the first\)$/,
      );
    });
  });
});
