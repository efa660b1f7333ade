import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureText } from '../test/support/fixtures.js';
import { chartBody, chartTemplate } from './chartBody.js';
import { plateauPrice, type InstrumentPath } from './pricePath.js';
import type { Random } from './random.js';
import type { TruthRecorder } from './truth.js';

export const YAHOO_FAULTS = ['429', '500', 'html', 'truncated', 'slow', 'reset', 'stale'] as const;
export type YahooFault = (typeof YAHOO_FAULTS)[number];
type Answer = YahooFault | 'ok' | 'badTick' | 'planted';

export interface PlantedBadTick {
  readonly symbol: string;
  readonly price: number;
  readonly timeMs: number;
}

export interface FakeYahooOptions {
  readonly paths: readonly InstrumentPath[];
  readonly random: Random;
  /** Where every genuine price served and every planted one is written down. */
  readonly truth: TruthRecorder;
  /** Clean answers of each plateau before the path moves on (faults never move it); Infinity: only moveTo does. */
  readonly answersPerPlateau: number;
  readonly faultRate: number;
  readonly badTickRate: number;
  readonly maxBadTicksPerSymbol: number;
  /** How late a slow answer comes; the default range straddles the bot's 8 s client timeout. */
  readonly slowMs?: { readonly min: number; readonly max: number };
  /** Hears the time (epoch ms) of every request as it arrives: when a bot polled. */
  readonly onRequest?: (atMs: number) => void;
}

export interface FakeYahoo {
  readonly baseUrl: string;
  readonly answers: Record<Answer, number>;
  readonly badTicks: readonly PlantedBadTick[];
  /** Every instrument has reached its last plateau and served it `answersPerPlateau` times. */
  finished(): boolean;
  /** Puts an instrument (by config id) on one of its plateaus, for a scripted run. */
  moveTo(id: string, plateau: number): void;
  /** The instrument's next answer serves `price` (a planted bad print of `fault`) instead of its plateau. */
  serveOnce(id: string, price: number, fault: string): void;
  close(): Promise<void>;
}

interface SymbolState {
  readonly path: InstrumentPath;
  readonly template: ReturnType<typeof chartTemplate>;
  plateau: number;
  cleanAnswers: number;
  /** Clean answers since the last bad tick: a bad tick is planted only after two, so it stays lone. */
  cleanSinceBadTick: number;
  badTicks: number;
  readonly history: Map<number, number>;
  oneOff: { readonly price: number; readonly fault: string } | null;
}

const SLOW_MS = { min: 2_000, max: 10_000 };
const STALE_AGE_S = 10 * 60;

function initialState(path: InstrumentPath): SymbolState {
  return {
    path,
    template: chartTemplate(path),
    plateau: 0,
    cleanAnswers: 0,
    cleanSinceBadTick: 2,
    badTicks: 0,
    history: new Map(),
    oneOff: null,
  };
}

function currentPrice(s: SymbolState): number {
  const pct = s.path.plateausPct[s.plateau] ?? 0;
  return plateauPrice(s.path, s.template.previousClose, pct);
}

function chooseAnswer(s: SymbolState, o: FakeYahooOptions): Answer {
  if (s.oneOff) return 'planted';
  if (o.random.chance(o.faultRate)) return o.random.pick(YAHOO_FAULTS);
  const canPlant = s.cleanSinceBadTick >= 2 && s.badTicks < o.maxBadTicksPerSymbol;
  return canPlant && o.random.chance(o.badTickRate) ? 'badTick' : 'ok';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendTruncated(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': String(text.length),
  });
  res.write(text.slice(0, Math.floor(text.length / 2)));
  setTimeout(() => res.socket?.destroy(), 10);
}

/** Moves the path on after enough clean answers; the minute's close is what later answers show as history. */
function recordClean(s: SymbolState, o: FakeYahooOptions, nowS: number, price: number): void {
  s.history.set(nowS - (nowS % 60), price);
  s.cleanSinceBadTick += 1;
  s.cleanAnswers += 1;
  if (s.cleanAnswers >= o.answersPerPlateau && s.plateau < s.path.plateausPct.length - 1) {
    s.plateau += 1;
    s.cleanAnswers = 0;
  }
}

interface AnswerContext {
  readonly options: FakeYahooOptions;
  readonly badTicks: PlantedBadTick[];
  readonly timers: Set<NodeJS.Timeout>;
}

function answer(
  s: SymbolState,
  kind: Answer,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: AnswerContext,
): void {
  const nowS = Math.floor(Date.now() / 1000);
  const price = currentPrice(s);
  const genuine = () => {
    ctx.options.truth.served(s.path.id, price, Date.now());
    return chartBody(s.template, { timeS: nowS, price, history: s.history });
  };
  switch (kind) {
    case '429':
      res.writeHead(429, { 'content-type': 'text/plain' });
      res.end(fixtureText('yahoo/too-many-requests.txt'));
      return;
    case '500':
      sendJson(res, 500, {
        chart: { result: null, error: { code: 'Internal Server Error', description: 'chaos' } },
      });
      return;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fixtureText('yahoo/will-be-right-back.html'));
      return;
    case 'truncated':
      sendTruncated(res, genuine());
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'stale':
      ctx.options.truth.served(s.path.id, price, Date.now());
      sendJson(res, 200, chartBody(s.template, { timeS: nowS - STALE_AGE_S, price, history: s.history }));
      return;
    case 'slow': {
      const slow = ctx.options.slowMs ?? SLOW_MS;
      // Answered late (some past the client's timeout) and never counted as a clean answer; built
      // now, so its price is true at its time.
      const body = genuine();
      const timer = setTimeout(
        () => {
          ctx.timers.delete(timer);
          if (!res.destroyed) sendJson(res, 200, body);
        },
        ctx.options.random.between(slow.min, slow.max),
      );
      ctx.timers.add(timer);
      return;
    }
    case 'badTick': {
      const bad = Number((price * (1 + s.path.badTickPct / 100)).toFixed(s.path.decimals));
      s.badTicks += 1;
      s.cleanSinceBadTick = 0;
      ctx.badTicks.push({ symbol: s.path.id, price: bad, timeMs: nowS * 1000 });
      ctx.options.truth.planted(s.path.id, bad, 'badTick');
      sendJson(res, 200, chartBody(s.template, { timeS: nowS, price: bad, history: s.history }));
      return;
    }
    case 'planted': {
      const { price: planted, fault } = s.oneOff ?? { price, fault: 'planted' };
      s.oneOff = null;
      ctx.options.truth.planted(s.path.id, planted, fault);
      sendJson(res, 200, chartBody(s.template, { timeS: nowS, price: planted, history: s.history }));
      return;
    }
    case 'ok':
      sendJson(res, 200, genuine());
      recordClean(s, ctx.options, nowS, price);
  }
}

/** A local Yahoo v8 chart endpoint serving the scripted path, with faults and lone bad ticks. */
export async function startFakeYahoo(o: FakeYahooOptions): Promise<FakeYahoo> {
  const states = new Map(
    o.paths.map((p) => [`/v8/finance/chart/${encodeURIComponent(p.yahooSymbol)}`, initialState(p)]),
  );
  const answers = Object.fromEntries(
    [...YAHOO_FAULTS, 'ok', 'badTick', 'planted'].map((k) => [k, 0]),
  ) as Record<Answer, number>;
  const ctx: AnswerContext = { options: o, badTicks: [], timers: new Set() };
  const stateOf = (id: string): SymbolState => {
    const found = [...states.values()].find((s) => s.path.id === id);
    if (!found) throw new Error(`chaos: the fake Yahoo serves no ${id}`);
    return found;
  };
  const { badTicks, timers } = ctx;
  const server = createServer((req, res) => {
    o.onRequest?.(Date.now());
    const s = states.get(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!s) {
      sendJson(res, 404, JSON.parse(fixtureText('yahoo/not-found.json')));
      return;
    }
    const kind = chooseAnswer(s, o);
    answers[kind] += 1;
    answer(s, kind, req, res, ctx);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    answers,
    badTicks,
    finished: () =>
      [...states.values()].every(
        (s) => s.plateau === s.path.plateausPct.length - 1 && s.cleanAnswers >= o.answersPerPlateau,
      ),
    moveTo(id, plateau) {
      const s = stateOf(id);
      if (plateau < 0 || plateau >= s.path.plateausPct.length) {
        throw new Error(`chaos: ${id} has no plateau ${plateau}`);
      }
      s.plateau = plateau;
    },
    serveOnce(id, price, fault) {
      stateOf(id).oneOff = { price, fault };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
