import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Yahoo serving v7 spark and v8 chart in their real shape for any number of synthetic
 * symbols, each a smooth price path over one UTC session. It counts what a poll costs.
 */
export interface FakeYahooSpark {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly stats: {
    requests: number;
    sparkRequests: number;
    chartRequests: number;
    bytes: number;
    maxInFlight: number;
  };
  resetStats(): void;
  close(): Promise<void>;
}

export interface FakeYahooSparkOptions {
  readonly symbols: readonly string[];
  /** The server's clock: bars exist up to its current minute. */
  readonly now: () => number;
  readonly sessionStartMs: number;
  /** Delay before each answer, so requests overlap as they would over the internet. */
  readonly latencyMs?: number;
  /** Answer every period1/period2 request with the whole day so far, as a server ignoring them would. */
  readonly wholeDays?: boolean;
}

const MINUTE_S = 60;
const DAY_S = 86_400;
const MAX_SYMBOLS = 20;
// As test/fixtures/yahoo/spark-too-many-symbols.json and not-found.json, written out because the
// bench compiler cannot follow fixtures.ts (it names a folder).
const TOO_MANY_SYMBOLS = {
  spark: { result: null, error: { code: 'Bad Request', description: 'too many symbols requested' } },
};
const NOT_FOUND = {
  chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
};

function priceAt(index: number, minute: number): number {
  return Number((100 + index + Math.sin(minute / 7 + index) * 0.3).toFixed(4));
}

/** One symbol's chart result (chart.result[0] / spark response[0]) for [fromS, toS]. */
function series(
  symbol: string,
  index: number,
  o: FakeYahooSparkOptions,
  window: { fromS: number; toS: number; range: string },
) {
  const startS = Math.floor(o.sessionStartMs / 1000);
  const nowS = Math.floor(o.now() / 1000);
  const timestamp: number[] = [];
  const close: number[] = [];
  const lastS = Math.min(window.toS, nowS - (nowS % MINUTE_S));
  for (let t = Math.max(startS, window.fromS - (window.fromS % MINUTE_S)); t <= lastS; t += MINUTE_S) {
    timestamp.push(t);
    close.push(priceAt(index, (t - startS) / MINUTE_S));
  }
  const period = { timezone: 'UTC', start: startS, end: startS + DAY_S - MINUTE_S, gmtoffset: 0 };
  const previousClose = priceAt(index, -1);
  return {
    meta: {
      currency: 'HKD',
      symbol,
      exchangeName: 'HKG',
      instrumentType: 'INDEX',
      regularMarketTime: nowS,
      gmtoffset: 0,
      timezone: 'UTC',
      exchangeTimezoneName: 'UTC',
      regularMarketPrice: close.at(-1) ?? previousClose,
      chartPreviousClose: window.range === '1d' ? previousClose : (close[0] ?? previousClose),
      ...(window.range === '1d' ? { previousClose } : {}),
      currentTradingPeriod: { pre: period, regular: period, post: period },
      dataGranularity: '1m',
      range: window.range,
    },
    timestamp,
    indicators: { quote: [{ close }] },
  };
}

function windowOf(query: URLSearchParams): { fromS: number; toS: number; range: string } {
  if (query.get('range') === '1d') return { fromS: 0, toS: Infinity, range: '1d' };
  return { fromS: Number(query.get('period1')), toS: Number(query.get('period2')), range: '' };
}

export async function startFakeYahooSpark(o: FakeYahooSparkOptions): Promise<FakeYahooSpark> {
  const index = new Map(o.symbols.map((s, i) => [s, i]));
  const stats = { requests: 0, sparkRequests: 0, chartRequests: 0, bytes: 0, maxInFlight: 0 };
  let inFlight = 0;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    stats.bytes += Buffer.byteLength(text);
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(text);
  };
  const answer = (url: URL, res: ServerResponse) => {
    const asked = windowOf(url.searchParams);
    const window = o.wholeDays === true ? { ...asked, fromS: 0, toS: Infinity } : asked;
    if (url.pathname === '/v7/finance/spark') {
      stats.sparkRequests += 1;
      const symbols = (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean);
      if (symbols.length > MAX_SYMBOLS) {
        send(res, 400, TOO_MANY_SYMBOLS);
        return;
      }
      const result = symbols.flatMap((s) => {
        const i = index.get(s);
        return i === undefined ? [] : [{ symbol: s, response: [series(s, i, o, window)] }];
      });
      send(res, 200, { spark: { result, error: null } });
      return;
    }
    stats.chartRequests += 1;
    const symbol = decodeURIComponent(url.pathname.replace('/v8/finance/chart/', ''));
    const i = index.get(symbol);
    if (i === undefined) send(res, 404, NOT_FOUND);
    else send(res, 200, { chart: { result: [series(symbol, i, o, window)], error: null } });
  };
  const server = createServer((req, res) => {
    stats.requests += 1;
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    setTimeout(() => {
      answer(url, res);
    }, o.latencyMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stats,
    resetStats() {
      Object.assign(stats, { requests: 0, sparkRequests: 0, chartRequests: 0, bytes: 0, maxInFlight: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
