import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { healthLine } from '../../src/discord/commands/statusCommand.js';
import { createLogger } from '../../src/log.js';
import { createProviders, logFetchFailure } from '../../src/providers/index.js';
import { createRedactor } from '../../src/http/redact.js';
import { config, instrument } from '../support/providerKit.js';

const API_KEY = 'td-SECRET-4f2a9c77';
const HSI = instrument('HSI');
const T0 = Date.parse('2025-06-02T01:45:00Z');

/** Each answer type echoes the request (query string and key included), as careless edges do. */
const ANSWERS: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  json(req, res) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 500, message: `internal error at ${req.url}`, status: 'error' }));
  },
  jsonBody(req, res) {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'bad gateway', request: query }).slice(0, -1));
  },
  html(req, res) {
    const url = (req.url ?? '').replace(/&/g, '&amp;');
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end(
      `<!DOCTYPE html><html><head><title>Error ${API_KEY}</title></head><body><p>GET ${url} failed</p>` +
        `<p>Your key: ${API_KEY}</p><input name="apikey" value="${API_KEY}"></body></html>`,
    );
  },
  htmlOk(req, res) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<html><body>Request ${decodeURIComponent(req.url ?? '')} (key ${API_KEY}) blocked</body></html>`,
    );
  },
  htmlCut(_req, res) {
    // The page quote is cut at 120 characters, right inside the key.
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end(`<html><body>${'x'.repeat(110)} ${API_KEY}</body></html>`);
  },
  text(req, res) {
    // JSON.parse quotes the start of the body in its error: the key's first characters would show.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${API_KEY} is not a valid apikey for ${req.url}`);
  },
  cutKey(_req, res) {
    // A Twelve Data error whose message was cut inside the echoed key: only its first 10 characters.
    res.writeHead(200, { 'content-type': 'application/json' });
    const message = `**apikey** parameter is incorrect: ${API_KEY.slice(0, 10)}`;
    res.end(JSON.stringify({ code: 401, message, status: 'error' }));
  },
  redirect(req, res) {
    // The Location carries the key on to a page that echoes it.
    res.writeHead(302, {
      location: `/htmlOk/landing?apikey=${API_KEY}&from=${encodeURIComponent(req.url ?? '')}`,
    });
    res.end();
  },
  redirectFtp(req, res) {
    res.writeHead(302, { location: `ftp://127.0.0.1/${API_KEY}?apikey=${API_KEY}&from=${req.url}` });
    res.end();
  },
  redirectLoop(req, res) {
    res.writeHead(302, { location: `${req.url}&token=${API_KEY}` });
    res.end();
  },
};

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const kind = /^\/(\w+)\//.exec(req.url ?? '')?.[1] ?? '';
    const answer = ANSWERS[kind];
    if (answer) answer(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ stream, level: 'debug' }), lines };
}

const twelveOnly: Config = { ...config, providers: { ...config.providers, order: ['twelvedata'] } };

describe('provider secrets', () => {
  it.each(Object.keys(ANSWERS))(
    'GIVEN a server that echoes the key in a %s answer THEN the key is in no error, log line or health record',
    async (kind) => {
      const env = { TWELVEDATA_API_KEY: API_KEY, TWELVEDATA_BASE_URL: `${baseUrl}/${kind}` };
      const chain = createProviders(twelveOnly, env, () => T0, 60_000);
      const { log, lines } = capturedLog();
      const error = await chain.fetchQuote(HSI).then(
        () => new Error('expected a failure'),
        (err: unknown) => err as Error,
      );
      logFetchFailure(log, { symbol: 'HSI' }, error, 'quote fetch failed; will retry next poll');

      expect(error.name).toBe('ProviderError');
      const health = chain.health();
      const everything = [
        error.message,
        error.stack,
        ...lines,
        JSON.stringify(health),
        ...health.map(healthLine),
      ];
      for (const text of everything) {
        for (let at = 0; at + 6 <= API_KEY.length; at++)
          expect(text?.toLowerCase()).not.toContain(API_KEY.slice(at, at + 6).toLowerCase());
      }
      // The lines are still useful: they say which provider failed and how.
      expect(lines.some((l) => l.includes('"provider":"twelvedata"'))).toBe(true);
    },
  );

  it('GIVEN an expected failure THEN it is one warn line without a stack, the stack only at debug', async () => {
    const env = { TWELVEDATA_API_KEY: API_KEY, TWELVEDATA_BASE_URL: `${baseUrl}/html` };
    const chain = createProviders(twelveOnly, env, () => T0, 60_000);
    const { log, lines } = capturedLog();
    const error: unknown = await chain.fetchQuote(HSI).catch((err: unknown) => err);
    logFetchFailure(log, { symbol: 'HSI' }, error, 'quote fetch failed');
    const records = lines.map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } });
    const warn = records.filter((r) => r.level === 40);
    expect(warn).toHaveLength(1);
    expect(JSON.stringify(warn[0])).not.toContain('    at ');
    expect(warn[0]).toMatchObject({ symbol: 'HSI', code: 'UNAVAILABLE', retryable: true });
    expect(records.find((r) => r.level === 20)?.err?.stack).toContain('    at ');
  });
});

describe('createRedactor', () => {
  it.each([
    ['/q?symbol=HSI&apikey=abc123xyz', '/q?symbol=HSI&apikey=***'],
    ['/q?api_key=abc123xyz&x=1', '/q?api_key=***&x=1'],
    ['{"token":"abc123xyz","n":1}', '{"token":"***","n":1}'],
    ['https://me:pa55word@example.org/x', 'https://me:***@example.org/x'],
    ['next=%2Fq%3Fkey%3Dabc123xyz', 'next=%2Fq%3Fkey%3D***'],
    ['the symbol HSI is fine', 'the symbol HSI is fine'],
  ])('GIVEN %s THEN secret-named values are masked', (text, masked) => {
    expect(createRedactor([])(text)).toBe(masked);
  });

  it('GIVEN text holding only a piece of a secret THEN a run of 6 or more of its characters is masked, shorter ones are not', () => {
    const redact = createRedactor([API_KEY]);
    expect(redact('answer cut at td-SECRET-4f, then nothing')).toBe('answer cut at ***, then nothing');
    expect(redact('ends in 2a9c77.')).toBe('ends in ***.');
    expect(redact('TD-SECRET-4F2A in capitals')).toBe('*** in capitals');
    expect(redact('td-SE and 9c77 are too short to tell')).toBe('td-SE and 9c77 are too short to tell');
  });

  it('GIVEN a Discord token THEN each of its three parts is masked on its own', () => {
    const token = 'MTM4NjQ1MjA5NzQ2NzU2NjEyMw.GxR4bT.Qk2vV0a7dL9sPzW3nYc1eHf8uJm5oXg6rTiKbE';
    const redact = createRedactor([token]);
    const [id, stamp, hmac] = token.split('.');
    const echoed = `401: Unauthorized (Bot ${id}) at ${stamp}, signature ${hmac?.slice(0, 12)}…`;
    expect(redact(echoed)).toBe('401: Unauthorized (Bot ***) at ***, signature ***…');
    expect(redact(`Authorization: Bot ${token}`)).toBe('Authorization: Bot ***');
  });

  it('GIVEN a configured secret THEN it is masked wherever and however encoded it appears', () => {
    const redact = createRedactor(['s3cr+t/key']);
    expect(redact('key s3cr+t/key, S3CR+T/KEY and s3cr%2Bt%2Fkey')).toBe('key ***, *** and ***');
  });
});
