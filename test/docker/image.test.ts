import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import { readEnv } from '../../src/config/env.js';
import { manualScheduler, quoteBoard, T, testEnv } from '../support/botHarness.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import {
  dockerfileInstructions,
  envExampleNames,
  envOf,
  finalStage,
  healthcheckCommand,
} from './imageFiles.js';

const stage = finalStage(dockerfileInstructions());
const tempDir = useTempDirs('mrb-image-');

/** Runs the image's HEALTHCHECK command as Docker would, with the image's HTTP_PORT; its exit code. */
function runHealthcheck(port: number): Promise<number> {
  const [file = '', ...args] = healthcheckCommand(stage);
  return new Promise((resolve) => {
    const env = { ...process.env, HTTP_PORT: String(port) };
    execFile(file, args, { env, timeout: 15_000 }, (err) => {
      resolve(err === null ? 0 : typeof err.code === 'number' ? err.code : -1);
    });
  });
}

/** The whole bot from startBot, serving /healthz on a free loopback port, as the image's CMD runs it. */
async function startServingBot() {
  const dir = tempDir();
  const configPath = join(dir, 'bot.yaml');
  copyFileSync('config/bot.yaml', configPath);
  const bot = await startBot({
    env: testEnv({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db'), HTTP_PORT: '0' }),
    now: () => T,
    log: silentLog,
    quotes: quoteBoard({ now: T }).source,
    scheduler: manualScheduler(),
    stdout: { write: () => undefined },
  });
  if (bot.httpPort === null) throw new Error('HTTP_PORT was set, so the bot must serve /healthz');
  return { bot, port: bot.httpPort };
}

/** A local server answering every request with `status`; its port. */
async function answering(status: number) {
  const server = createServer((_req, res) => {
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('the Docker image', () => {
  it('GIVEN the HEALTHCHECK command THEN it passes on the real bot, and fails once the bot has stopped', async () => {
    const { bot, port } = await startServingBot();
    try {
      expect(await runHealthcheck(port)).toBe(0);
    } finally {
      await bot.stop();
    }
    expect(await runHealthcheck(port)).toBe(1);
  }, 60_000);

  it('GIVEN /healthz answering 503 THEN the HEALTHCHECK command fails', async () => {
    const { server, port } = await answering(503);
    try {
      expect(await runHealthcheck(port)).toBe(1);
    } finally {
      server.close();
    }
  });

  it('GIVEN the image environment THEN every variable is one .env.example lists and the bot accepts', () => {
    const env = envOf(stage);
    expect(env).toMatchObject({ HTTP_PORT: '9464', HTTP_HOST: '0.0.0.0', STATE_DB: '/data/bot.db' });
    const listed = envExampleNames();
    const botVariables = Object.keys(env).filter((name) => name !== 'NODE_ENV');
    expect(botVariables.filter((name) => !listed.has(name))).toEqual([]);
    expect(readEnv(env).ok).toBe(true);
    expect(stage.find((i) => i.keyword === 'EXPOSE')?.args).toBe(env.HTTP_PORT);
  });

  it('GIVEN every CLI entry in src/cli THEN docs/docker.md shows how to run its built file, and the image has what it needs', () => {
    const entries = readdirSync('src/cli')
      .filter((file) => readFileSync(join('src/cli', file), 'utf8').includes('process.argv'))
      .map((file) => `node dist/cli/${file.replace(/\.ts$/, '.js')}`);
    expect(entries.length).toBeGreaterThanOrEqual(6);
    const docs = readFileSync('docs/docker.md', 'utf8');
    expect(entries.filter((command) => !docs.includes(command))).toEqual([]);
    const copies = stage.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual(
      expect.arrayContaining([
        '--from=build /app/node_modules ./node_modules',
        '--from=build /app/dist ./dist',
        'package.json ./',
        'config ./config',
      ]),
    );
  });

  it('GIVEN files under src that tsc does not emit (the stream .proto) THEN npm run build copies each into dist', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' });
    // tsc emits the JSON modules the code imports (resolveJsonModule), as src/domain/news/companies.json.
    const imported = (json: string) =>
      files.some(
        (f) =>
          dirname(f) === dirname(json) &&
          f.endsWith('.ts') &&
          readFileSync(join('src', f), 'utf8').includes(
            `'./${json.split(/[\\/]/).at(-1) ?? ''}' with { type: 'json' }`,
          ),
      );
    const assets = files.filter(
      (file) =>
        !file.endsWith('.ts') && /\.[a-z]+$/.test(file) && !(file.endsWith('.json') && imported(file)),
    );
    expect(assets).toContain(join('stream', 'pricing.proto'));
    const build = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { build: string } }).scripts
      .build;
    expect(assets.filter((file) => !build.includes(`cp src/${file} dist/${dirname(file)}/`))).toEqual([]);
  });
});
