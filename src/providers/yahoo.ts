import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import type { RequestContext } from './errors.js';
import { checkResponse, getText, isHtml, parseJsonBody } from './http.js';
import type { QuoteSource } from './quoteSource.js';
import { parseYahooChart, parseYahooChartDay } from './yahooChart.js';

export interface YahooProviderOptions {
  readonly http: AxiosInstance;
}

/** Yahoo's 404 carries a JSON chart error naming the reason; let the parser turn it into NOT_FOUND. */
function throwChartError(res: AxiosResponse<string>, ctx: RequestContext): void {
  if (isHtml(res)) return;
  let body: unknown;
  try {
    body = JSON.parse(res.data);
  } catch {
    return;
  }
  parseYahooChartDay(body, ctx);
}

/** Yahoo's public v8 chart endpoint: one request per instrument, no key and no crumb. */
export function createYahooProvider({ http }: YahooProviderOptions): QuoteSource {
  const name = 'yahoo';
  return {
    name,
    supports: (instrument: Instrument) => instrument.symbols.yahoo.length > 0,
    async fetchQuote(instrument: Instrument): Promise<Quote> {
      const symbol = instrument.symbols.yahoo;
      const ctx = { provider: name, symbol, path: `/v8/finance/chart/${encodeURIComponent(symbol)}` };
      const res = await getText(http, ctx, { interval: '1m', range: '1d' });
      if (res.status === 404) throwChartError(res, ctx);
      checkResponse(res, ctx);
      return parseYahooChart(parseJsonBody(res.data, ctx), instrument.id, name, symbol);
    },
  };
}
