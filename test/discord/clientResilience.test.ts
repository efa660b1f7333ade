import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { Routes } from 'discord.js';
import { DiscordLoginError, LOGIN_TIMEOUT_MS } from '../../src/discord/client.js';
import type { SetTimer, StartClientOptions } from '../../src/discord/client.js';
import { keepDiscordConnected } from '../../src/discord/discordSession.js';
import type { DiscordSession } from '../../src/discord/discordSession.js';
import { createGatewayPacer } from '../../src/discord/gatewayPacer.js';
import type { GatewayPacer } from '../../src/discord/gatewayPacer.js';
import { createLogger } from '../../src/log.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';
import { startGatewayDoor } from '../support/gatewayDoor.js';
import { silentLog } from '../support/silentLog.js';

const open: { close?(): Promise<void>; stop?(): Promise<void> }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const thing of open.splice(0).reverse()) await (thing.stop ?? thing.close)?.call(thing);
});

/**
 * The part of @discordjs/ws's manager the pacer and the stock strategy touch. Every connection
 * attempt of an idle shard looks its session up first; the pacer waits there.
 */
async function paced(pacer: GatewayPacer) {
  const options = { retrieveSessionInfo: (_shardId: number) => null };
  const gateway = { url: 'ws://127.0.0.1:9', shards: 1 };
  const manager = {
    options,
    fetchGatewayInformation: () => Promise.resolve(gateway),
    getShardCount: () => Promise.resolve(1),
    emit: () => true,
  } as unknown as Parameters<GatewayPacer['buildStrategy']>[0];
  await pacer.buildStrategy(manager).spawn([0]);
  /** Starts one connection attempt; `started()` says whether it got past the wait. */
  return () => {
    let started = false;
    void Promise.resolve(options.retrieveSessionInfo(0)).then(() => (started = true));
    return () => started;
  };
}

describe('gateway pacing', () => {
  it('GIVEN failed connection attempts THEN each waits longer (1 s, 2 s, 4 s) and a session resets the wait', async () => {
    vi.useFakeTimers();
    const pacer = createGatewayPacer({ log: silentLog, random: () => 0 });
    const attempt = await paced(pacer);
    const first = attempt();
    await vi.advanceTimersByTimeAsync(0);
    expect(first()).toBe(true);
    for (const waitMs of [1_000, 2_000, 4_000]) {
      const next = attempt();
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(next()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(next()).toBe(true);
    }
    expect(pacer.attempts()).toBe(4);
    pacer.connected();
    const afterSession = attempt();
    await vi.advanceTimersByTimeAsync(0);
    expect(afterSession()).toBe(true);
  });

  it('GIVEN the wait capped at a minute THEN a long outage never waits longer', async () => {
    vi.useFakeTimers();
    const pacer = createGatewayPacer({ log: silentLog, random: () => 0 });
    const attempt = await paced(pacer);
    for (let i = 0; i < 12; i++) {
      const next = attempt();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(next()).toBe(true);
    }
    // 2^12 s uncapped; the cap holds it at exactly one minute.
    const late = attempt();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(late()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(late()).toBe(true);
  });

  it('GIVEN stop() during a wait THEN the attempt never proceeds, so a destroyed client cannot reconnect', async () => {
    vi.useFakeTimers();
    const pacer = createGatewayPacer({ log: silentLog, random: () => 0 });
    const attempt = await paced(pacer);
    attempt();
    await vi.advanceTimersByTimeAsync(0);
    const waiting = attempt();
    pacer.stop();
    const later = attempt();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(waiting()).toBe(false);
    expect(later()).toBe(false);
  });
});

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  open.push(fake);
  return fake;
}

function session(fake: FakeDiscord, overrides: Partial<Parameters<typeof keepDiscordConnected>[0]> = {}) {
  const lines: { level: number; msg: string; attempt?: number }[] = [];
  const log = createLogger({
    level: 'info',
    stream: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
  });
  const kept: DiscordSession = keepDiscordConnected({
    token: fake.token,
    apiUrl: fake.apiBase,
    commands: {} as StartClientOptions['commands'],
    log,
    backoff: { initialMs: 50, maxMs: 200 },
    random: () => 0,
    ...overrides,
  });
  open.push(kept);
  return { kept, warnings: () => lines.filter((l) => l.level === 40) };
}

/**
 * A gateway whose opening handshakes hang until the test answers them: `answer('408')` as a proxy
 * that gave up, `answer('101')` completing the upgrade (with HELLO) as a slow Discord would.
 */
async function stallingGateway() {
  const wss = new WebSocketServer({ noServer: true });
  const held: { socket: Duplex; upgrade: () => void; cut: boolean }[] = [];
  const server = createServer();
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const hello = JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } });
    const entry = {
      socket,
      upgrade: () => wss.handleUpgrade(req, socket, head, (ws) => ws.send(hello)),
      cut: false,
    };
    // The server keeps half-open sockets, so the client's end shows as 'end' rather than 'close'.
    for (const event of ['end', 'close']) socket.once(event, () => (entry.cut = true));
    held.push(entry);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;
  return {
    gatewayBot: {
      status: 200,
      body: {
        url,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 3_600_000, max_concurrency: 1 },
      },
    },
    held,
    answer(kind: '408' | '101') {
      for (const { socket, upgrade } of held) {
        if (kind === '101') upgrade();
        else socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
    },
    openConnections: () => wss.clients.size,
  };
}

const gatewayBotCalls = (fake: FakeDiscord) =>
  fake.requests.filter((r) => r.path.endsWith('/gateway/bot')).length;

/** Timers that never fire by themselves: the test sees which are armed and fires them. */
function manualTimers() {
  const armed = new Map<number, { readonly fire: () => void; readonly ms: number }>();
  let next = 0;
  const setTimer: SetTimer = (fire, ms) => {
    const id = next++;
    armed.set(id, { fire, ms });
    return () => armed.delete(id);
  };
  return {
    setTimer,
    /** The delays of the timers armed and neither fired nor cancelled, oldest first. */
    pending: () => [...armed.values()].map((t) => t.ms),
    fireAll() {
      const due = [...armed.values()];
      armed.clear();
      for (const t of due) t.fire();
    },
  };
}

describe('keeping the bot logged in', () => {
  it('GIVEN /gateway/bot failing with 503 and then a reset THEN login is retried with a warning each time and succeeds', async () => {
    const fake = await fakeDiscord();
    // discord.js retries a 5xx or a reset once itself, so two of each fail one login each.
    fake.failNext(
      'GET',
      '/gateway/bot',
      { status: 503, body: { message: '503: Service Unavailable', code: 0 } },
      2,
    );
    fake.failNext('GET', '/gateway/bot', 'reset', 2);
    const { kept, warnings } = session(fake);
    expect(kept.client()).toBeNull();
    const client = await kept.ready;
    expect(client.isReady()).toBe(true);
    expect(kept.client()).toBe(client);
    const failed = warnings().filter((w) => w.msg.startsWith('Discord login failed; retrying'));
    expect(failed.map((w) => w.attempt)).toEqual([1, 2]);
    expect(fake.identifies).toBe(1);
  });

  it('GIVEN a gateway that accepts and never answers THEN the login times out as an outage, its socket dies harmlessly and the next login succeeds', async () => {
    const fake = await fakeDiscord();
    const door = await startGatewayDoor(fake, 'hold');
    open.push(door);
    const timers = manualTimers();
    const { kept, warnings } = session(fake, { setTimer: timers.setTimer });
    await fake.waitFor(() => door.attempts.length === 1, 'the first login at the gateway');
    expect(timers.pending()).toEqual([LOGIN_TIMEOUT_MS]);
    timers.fireAll();
    // The timed-out login is given up; the wait before the next one is all that is armed.
    await fake.waitFor(() => timers.pending().length === 1 && warnings().length === 1, 'the failed login');
    expect(timers.pending()).toEqual([50]);
    // The abandoned socket, still opening, now fails: that must not be an uncaught error.
    door.resetHeld();
    timers.fireAll();
    const client = await kept.ready;
    expect(client.isReady()).toBe(true);
    const failed = warnings().filter((w) => w.msg.startsWith('Discord login failed'));
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0])).toContain(`no gateway session within ${LOGIN_TIMEOUT_MS / 1000} s`);
  });

  for (const late of ['408', '101'] as const) {
    it(`GIVEN a login that times out mid-handshake and a late ${late} THEN the abandoned socket is ended: no crash, no second connection`, async () => {
      const fake = await fakeDiscord();
      const gateway = await stallingGateway();
      fake.failNext('GET', '/gateway/bot', gateway.gatewayBot);
      const { kept } = session(fake, { timeoutMs: 500 });
      const client = await kept.ready;
      expect(gateway.held).toHaveLength(1);
      // The timed-out client's handshake is cut at once, before any late answer can arrive.
      await fake.waitFor(() => gateway.held[0]?.cut, 'the abandoned handshake to be cut');
      gateway.answer(late);
      // A round trip through the fake after the answer: a crash or a new connection would show by then.
      await client.rest.get(Routes.gatewayBot());
      expect(gateway.openConnections()).toBe(0);
      expect(fake.identifies).toBe(1);
      expect(kept.client()).toBe(client);
    });
  }

  it('GIVEN a refused token THEN refused resolves with a DiscordLoginError and nothing is retried', async () => {
    const fake = await fakeDiscord();
    const timers = manualTimers();
    const { kept } = session(fake, { token: 'not-the-token', setTimer: timers.setTimer });
    const refusal = await kept.refused;
    expect(refusal).toBeInstanceOf(DiscordLoginError);
    expect(refusal.message).toMatch(/Check DISCORD_TOKEN/);
    await expect(kept.ready).rejects.toBe(refusal);
    // No wait before another login was armed (a retry would arm one at once); the login's timeout is off.
    expect(timers.pending()).toEqual([]);
    expect(gatewayBotCalls(fake)).toBe(1);
  });

  it('GIVEN stop() while Discord is down THEN the retries end and ready rejects', async () => {
    const fake = await fakeDiscord();
    fake.setDown(true);
    const timers = manualTimers();
    const { kept } = session(fake, { setTimer: timers.setTimer });
    await fake.waitFor(() => timers.pending().join() === '50', 'the wait after a failed login');
    const calls = gatewayBotCalls(fake);
    await kept.stop();
    await expect(kept.ready).rejects.toThrow(/stopped before Discord was ready/);
    // The wait was cancelled and the login loop has ended (stop() awaits it): no login can follow.
    expect(timers.pending()).toEqual([]);
    timers.fireAll();
    expect(gatewayBotCalls(fake)).toBe(calls);
    expect(kept.client()).toBeNull();
  });
});
