import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, packageVersion, redactingLogger, wantsPretty } from '../src/log.js';
import { createRedactor } from '../src/http/redact.js';

function capture() {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      out.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** The object literal a log call starts with, braces balanced (`err: { message }` included). */
function firstObjectArgument(text: string, from: number): string {
  const open = text.indexOf('{', from);
  if (open === -1 || text.slice(from, open).trim() !== '') return '';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return '';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

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

  it('GIVEN a redacting logger THEN a secret or a piece of it is masked in the message, any field and any error, children included', () => {
    const { stream, lines } = capture();
    const token = 'MTM4NjQ1MjA5NzQ2NzU2NjEyMw.GxR4bT.Qk2vV0a7dL9sPzW3nYc1eHf8uJm5oXg6rTiKbE';
    const log = redactingLogger(createLogger({ stream }), createRedactor([token]));
    const echo = new Error(`proxy says: bad token ${token}`);
    log.warn({ err: echo, detail: { body: `Bot ${token.slice(0, 20)}` } }, `refused ${token.split('.')[2]}`);
    log.child({ target: '123' }).error({ err: { message: token.slice(-12) } }, 'child line');
    const text = lines().map((l) => JSON.stringify(l));
    expect(text).toHaveLength(2);
    for (const line of text)
      for (const part of token.split('.')) expect(line).not.toContain(part.slice(0, 6));
    expect(lines()[0]).toMatchObject({ msg: 'refused ***', detail: { body: 'Bot ***' } });
    expect(lines()[1]).toMatchObject({ target: '123', err: { message: '***' } });
  });

  it("GIVEN any line THEN it names the service and its version beside pino's pid and hostname", () => {
    const { stream, lines } = capture();
    createLogger({ stream }).info('hi');
    createLogger({ stream, version: '9.9.9' }).info('hi');
    const [first, second] = lines();
    expect(first).toMatchObject({
      service: 'market-reaction-bot',
      version: packageVersion(),
      pid: process.pid,
    });
    expect(typeof first?.hostname).toBe('string');
    expect(second?.version).toBe('9.9.9');
  });

  it('GIVEN an Error as err THEN its type and message are logged; GIVEN a plain { message } THEN it is kept as is', () => {
    const { stream, lines } = capture();
    const log = createLogger({ stream });
    log.error({ err: new TypeError('boom') }, 'failed');
    log.warn({ err: { message: 'HTTP 503' } }, 'retrying');
    const [thrown, plain] = lines();
    expect(thrown?.err).toMatchObject({ type: 'TypeError', message: 'boom' });
    expect(plain?.err).toEqual({ message: 'HTTP 503' });
  });

  it('GIVEN every log call in src THEN none logs a failure under `error`: failures are always `err`', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/\blog\.(?:trace|debug|info|warn|error|fatal)\(/g)) {
        const fields = firstObjectArgument(text, call.index + call[0].length);
        if (/[{,]\s*error\s*[:,}]/.test(fields)) offenders.push(`${file}: ${fields}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
