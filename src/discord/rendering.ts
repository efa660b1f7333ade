import type { RESTPostAPIChannelMessageJSONBody, RawFile } from 'discord.js';
import type { Config } from '../config/config.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { PricePoint } from '../domain/quote.js';
import type { Logger } from '../log.js';

/** What rendering a message needs: alerts and wraps alike. */
export interface RenderDeps {
  readonly config: Config;
  readonly calendar: MarketCalendar;
  readonly recentBars: (symbol: string, sinceMs: number) => PricePoint[];
  /** Where a chart that could not be rendered is reported; the message goes without it. */
  readonly log: Logger;
}

export interface RenderedMessage {
  readonly body: RESTPostAPIChannelMessageJSONBody;
  readonly files: RawFile[];
}
