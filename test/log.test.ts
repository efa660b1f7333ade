import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, wantsPretty } from '../src/log.js';

describe('logger', () => {
  it('GIVEN secrets in logged objects THEN they are redacted', () => {
    const out: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ stream });
    log.info(
      { token: 'discord-secret', provider: { apiKey: 'td-secret' }, env: { DISCORD_TOKEN: 'x-secret' } },
      'hi',
    );
    const line = out.join('');
    expect(line).not.toMatch(/secret/);
    expect(JSON.parse(line)).toMatchObject({
      token: '[redacted]',
      provider: { apiKey: '[redacted]' },
      msg: 'hi',
    });
  });

  it.each([
    [{ LOG_PRETTY: '1' }, false, true],
    [{ LOG_PRETTY: '0' }, true, false],
    [{}, true, true],
    [{}, false, false],
  ])('GIVEN env %j and tty %s THEN pretty is %s', (env, tty, expected) => {
    expect(wantsPretty(env, tty)).toBe(expected);
  });
});
