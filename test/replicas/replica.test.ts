import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import type { BotOptions } from '../../src/app/types.js';
import { startReplica } from '../../src/replicas/replica.js';
import type { LedBot, ReplicaHandle, ReplicaOptions } from '../../src/replicas/replica.js';
import { manualScheduler, quoteBoard, T, testEnv } from '../support/botHarness.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { silentLog } from '../support/silentLog.js';
import { createLogger } from '../../src/log.js';
import { Writable } from 'node:stream';
import { useTempDirs } from '../support/tempDirs.js';
import { writeAlwaysOpenConfig } from '../support/testConfig.js';
import { HEAVY_TEST_MS, waitFor, waitForAnswer } from '../support/waitFor.js';

const tempDir = useTempDirs('replica-');

/** The bot a replica builds when it leads: it records how it was built and whether it was stopped. */
interface BuiltBot {
  readonly options: BotOptions;
  stopped: boolean;
  stopItself: (err: Error) => void;
}

function botFactory() {
  const built: BuiltBot[] = [];
  const startBot = (options: BotOptions): Promise<LedBot> => {
    let stopItself: (err: Error) => void = () => undefined;
    const fatal = new Promise<Error>((resolve) => {
      stopItself = resolve;
    });
    const record: BuiltBot = { options, stopped: false, stopItself };
    built.push(record);
    return Promise.resolve({
      fatal: fatal as LedBot['fatal'],
      stop: () => {
        record.stopped = true;
        return Promise.resolve();
      },
      stopOutcome: () => null,
    });
  };
  return { built, startBot };
}

async function setup() {
  const configPath = writeAlwaysOpenConfig(tempDir(), (data) => {
    data.storage = { lease: { ttlSeconds: 2, renewEverySeconds: 0.5, retryEverySeconds: 0.1 } };
  });
  const url = await createTestDatabase('replica');
  const start = (id: string, factory: Pick<ReplicaOptions, 'startBot'>, vars: Record<string, string> = {}) =>
    startReplica({
      env: testEnv({ STORE_URL: url, REPLICA_ID: id, CONFIG_PATH: configPath, ...vars }),
      now: Date.now,
      log: silentLog,
      startBot: factory.startBot,
    });
  return { url, start };
}

function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ stream }) };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function stealLease(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `UPDATE leader_lease SET holder = 'intruder', token = token + 1, expires_at = now() + interval '1 hour'`,
  );
  await client.end();
}

describe('a replica sharing a PostgreSQL store', () => {
  it(
    'GIVEN two replicas THEN one builds the bot with its fencing token, the other stands by showing the holder, and a clean stop hands over',
    async () => {
      const { start } = await setup();
      const botsA = botFactory();
      const botsB = botFactory();
      const a = await start('a', botsA, { HTTP_PORT: '0' });
      await waitFor(() => botsA.built.length === 1, 'replica a to lead');
      const b: ReplicaHandle = await start('b', botsB);
      await sleep(300);
      expect(botsB.built).toHaveLength(0);
      expect(botsA.built[0]?.options.replica?.fence).toEqual({ holder: 'a', token: 1 });
      expect(botsA.built[0]?.options.replica?.view()).toMatchObject({
        id: 'a',
        role: 'leader',
        leaseHolder: 'a',
      });

      await a.stop();
      expect(botsA.built[0]?.stopped).toBe(true);
      await waitFor(() => botsB.built.length === 1, 'replica b to take over after a clean stop');
      expect(botsB.built[0]?.options.replica?.fence).toEqual({ holder: 'b', token: 2 });
      await b.stop();
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a follower with a health port THEN /readyz says 503 with its role and the lease holder',
    async () => {
      const { start } = await setup();
      const botsA = botFactory();
      const a = await start('a', botsA);
      await waitFor(() => botsA.built.length === 1, 'replica a to lead');
      const port = await freePort();
      const b = await start('b', botFactory(), { HTTP_PORT: String(port) });
      const readyz = async () =>
        (
          await axios.get<Record<string, unknown>>(`http://127.0.0.1:${port}/readyz`, {
            validateStatus: () => true,
          })
        ).status;
      expect(await readyz()).toBe(503);
      const body = await waitForAnswer(async () => {
        const res = await axios.get<Record<string, unknown>>(`http://127.0.0.1:${port}/readyz`, {
          validateStatus: () => true,
        });
        return res.data.leaseHolder === 'a' ? res.data : null;
      }, 'the follower to read the lease holder');
      expect(body).toMatchObject({ role: 'follower', replica: 'b', leaseHolder: 'a', status: 'standby' });
      expect(body.leaseAgeSeconds).toEqual(expect.any(Number));
      const metrics = await axios.get<string>(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.data).toMatch(/^mrb_replica_leader 0$/m);
      await Promise.all([a.stop(), b.stop()]);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a leader whose lease another replica took THEN it ends at once, saying why',
    async () => {
      const { url, start } = await setup();
      const bots = botFactory();
      const a = await start('a', bots);
      await waitFor(() => bots.built.length === 1, 'replica a to lead');
      await stealLease(url);
      const err = await a.fatal;
      expect(err.message).toMatch(/lost the leader lease/);
      await a.stop();
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN the bot it leads stops itself (a fatal outage) THEN the lease is released at once for another replica',
    async () => {
      const { start } = await setup();
      const botsA = botFactory();
      const botsB = botFactory();
      const a = await start('a', botsA);
      await waitFor(() => botsA.built.length === 1, 'replica a to lead');
      const b = await start('b', botsB);
      botsA.built[0]?.stopItself(new Error('the state database stopped taking writes'));
      expect((await a.fatal).message).toMatch(/stopped taking writes/);
      // Long before the 2 s lease would run out: the release hands it over.
      await waitFor(() => botsB.built.length === 1, 'replica b to take over');
      await Promise.all([a.stop(), b.stop()]);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN PostgreSQL unreachable THEN the replica stands by, says once where and what to check, and never leaks the password',
    async () => {
      const port = await freePort();
      const { lines, log } = capturedLog();
      const configPath = writeAlwaysOpenConfig(tempDir(), (data) => {
        data.storage = { lease: { ttlSeconds: 2, renewEverySeconds: 0.5, retryEverySeconds: 0.1 } };
      });
      const bots = botFactory();
      const replica = await startReplica({
        env: testEnv({
          STORE_URL: `postgres://bot:s3cret-pw@127.0.0.1:${port}/bot`,
          REPLICA_ID: 'a',
          CONFIG_PATH: configPath,
        }),
        now: Date.now,
        log,
        startBot: bots.startBot,
      });
      await waitFor(() => lines.filter((l) => l.includes('lease:')).length > 0, 'the outage line');
      await sleep(500);
      const outage = lines.filter((l) => l.includes('lease:'));
      expect(outage).toHaveLength(1);
      expect(outage[0]).toContain(`127.0.0.1:${port}/bot`);
      expect(outage[0]).toContain('check STORE_URL and that PostgreSQL is up');
      expect(lines.join('\n')).not.toContain('s3cret-pw');
      expect(bots.built).toHaveLength(0);
      await replica.stop();
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a replica leading the real bot THEN its /readyz and /metrics say leader, with the holder and the lease age',
    async () => {
      const { start } = await setup();
      const port = await freePort();
      const clock = { now: T };
      const printed: string[] = [];
      const leader = await start(
        'a',
        {
          startBot: (options) =>
            startBot({
              ...options,
              now: () => clock.now,
              quotes: quoteBoard(clock).source,
              scheduler: manualScheduler(),
              stdout: { write: (text: string) => printed.push(text) },
            }),
        },
        { HTTP_PORT: String(port) },
      );
      // While the standby server hands the port to the bot's, a probe may find it closed: ask again.
      const body = await waitForAnswer(async () => {
        const res = await axios
          .get<Record<string, unknown>>(`http://127.0.0.1:${port}/readyz`, { validateStatus: () => true })
          .catch(() => null);
        return res?.data.role === 'leader' ? res.data : null;
      }, 'the leader’s own /readyz');
      expect(body).toMatchObject({ role: 'leader', replica: 'a', leaseHolder: 'a' });
      expect(body.leaseAgeSeconds).toEqual(expect.any(Number));
      const metrics = await axios.get<string>(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.data).toMatch(/^mrb_replica_leader 1$/m);
      expect(metrics.data).toMatch(/^mrb_lease_age_seconds \d/m);
      await leader.stop();
    },
    HEAVY_TEST_MS,
  );
});
