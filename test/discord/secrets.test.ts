import { afterEach, describe, expect, it } from 'vitest';
import { DiscordUnavailableError, startDiscordClient } from '../../src/discord/client.js';
import { createLogger } from '../../src/log.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import { silentLog } from '../support/silentLog.js';
import { MINUTE, runCommand, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('secrets-');
const open: Bot[] = [];
afterEach(async () => {
  for (const b of open.splice(0).reverse()) await b.close();
});

/** A bot on the fake Discord whose every log line is kept. */
async function bot() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', stream: { write: (line: string) => lines.push(line) } });
  const b = await startTestBot(tempDir(), { log });
  open.push(b);
  return { b, lines };
}

/** Every run of 6 characters of the token, and so of each of its three parts. */
function pieces(token: string): string[] {
  return Array.from({ length: token.length - 5 }, (_, at) => token.slice(at, at + 6).toLowerCase());
}

function leaks(text: string, token: string): string[] {
  const lower = text.toLowerCase();
  return pieces(token).filter((piece) => lower.includes(piece));
}

const MESSAGES = /\/channels\/\d+\/messages$/;

describe('a Discord API (or a proxy at DISCORD_API_URL) that echoes the bot token', () => {
  it('GIVEN a refusal quoting the token THEN neither the dead letter, the log nor /status shows any piece of it', async () => {
    const { b, lines } = await bot();
    const token = b.fake.token;
    b.fake.failNext('POST', MESSAGES, {
      status: 403,
      body: { message: `Missing Access for Authorization: Bot ${token}`, code: 50001 },
    });
    b.board.set('HSI', 22_824);
    await b.poll();
    const dead = b.store.deadLetterSummary();
    expect(dead.count).toBe(1);
    expect(dead.latest?.reason).toMatch(/^HTTP 403 code 50001: Missing Access for Authorization: Bot \*\*\*/);
    const status = await runCommand(b, { name: 'status' });
    const shown = JSON.stringify(status.data);
    expect(shown).toContain('Missing Access');
    expect(leaks(shown, token)).toEqual([]);
    expect(lines.join('\n')).toContain('Discord refused the message for good');
    expect(leaks(lines.join('\n'), token)).toEqual([]);
  });

  it('GIVEN retried failures quoting the token cut short or in parts THEN the log is masked and the alert still goes out', async () => {
    const { b, lines } = await bot();
    const token = b.fake.token;
    const [id = '', , hmac = ''] = token.split('.');
    b.fake.failNext('POST', MESSAGES, {
      status: 409,
      body: { message: `conflict for ${token.slice(0, 10)}`, code: 0 },
    });
    b.fake.failNext('POST', MESSAGES, {
      status: 422,
      body: { message: `unprocessable ${id} / ${hmac}`, code: 0 },
    });
    b.board.set('HSI', 22_824);
    await b.poll();
    b.clock.now += 10 * MINUTE;
    await b.output.delivery.drain();
    b.clock.now += 10 * MINUTE;
    await b.output.delivery.drain();
    expect(b.fake.messages).toHaveLength(1);
    const text = lines.join('\n');
    expect(text).toContain('delivery failed');
    expect(text).toContain('HTTP 409 code 0: conflict for ***');
    expect(text).toContain('HTTP 422 code 0: unprocessable *** / ***');
    expect(leaks(text, token)).toEqual([]);
  });

  it('GIVEN a failed login whose answer quotes the token THEN the login error shows none of it', async () => {
    const fake = await startFakeDiscord();
    try {
      fake.failNext('GET', '/gateway/bot', {
        status: 403,
        body: { message: `403: Forbidden token=${fake.token} (${fake.token.split('.')[2]})`, code: 0 },
      });
      const refusal = await startDiscordClient({
        token: fake.token,
        apiUrl: fake.apiBase,
        commands: {} as Parameters<typeof startDiscordClient>[0]['commands'],
        log: silentLog,
      }).then(
        () => new Error('expected a failure'),
        (err: unknown) => err as Error,
      );
      expect(refusal).toBeInstanceOf(DiscordUnavailableError);
      expect(refusal.message).toMatch(
        /^Discord is unreachable: HTTP 403: 403: Forbidden token=\*\*\* \(\*\*\*\)/,
      );
      expect(leaks(refusal.message, fake.token)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
