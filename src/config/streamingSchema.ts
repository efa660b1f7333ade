import { z } from 'zod';

/** Yahoo's streamer, protocol version 2; used only while quotes are polled from Yahoo's own API. */
export const YAHOO_STREAMER_URL = 'wss://streamer.finance.yahoo.com/?version=2';

/**
 * Live prices pushed over Yahoo's websocket beside polling (src/stream). Polling stays the source of
 * truth for bars, previous closes and gaps; the stream only brings the print forward.
 */
export const streamingSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Stream live prices beside polling; false turns streaming off and leaves polling as it was'),
    url: z
      .url({ protocol: /^wss?$/ })
      .optional()
      .describe(
        `Streamer websocket URL. Unset: ${YAHOO_STREAMER_URL}, but only while quotes come from Yahoo's own API (not YAHOO_BASE_URL, a mirror or a test server)`,
      ),
    silenceSeconds: z
      .number()
      .positive()
      .default(120)
      .describe('No update for this long while a subscribed market is open counts as a stream failure'),
    backoff: z
      .strictObject({
        initialSeconds: z.number().positive().default(5).describe('Wait before the first reconnect'),
        maxSeconds: z.number().positive().default(300).describe('Longest wait between reconnects'),
      })
      .default({ initialSeconds: 5, maxSeconds: 300 })
      .describe('Reconnects back off, doubling from initialSeconds to maxSeconds'),
    noticeAfterFailures: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe(
        'Failures in one outage (drops, refusals, silences, oversize frames; a price between them does not reset the count) before people are told the stream is down',
      ),
    noticeAfterSeconds: z
      .number()
      .positive()
      .default(300)
      .describe(
        'An outage this long (from the last good price) is announced even with fewer failures; shorter blips are only logged',
      ),
    stableSeconds: z
      .number()
      .positive()
      .default(300)
      .describe(
        'An outage ends only after prices have flowed this long without a failure; then "Live prices are back" is posted if "down" was',
      ),
  })
  .describe('Live streaming quotes (Yahoo websocket) beside polling');

export type StreamingConfig = z.infer<typeof streamingSchema>;

export const STREAMING_DEFAULTS: StreamingConfig = streamingSchema.parse({});

/** The per-instrument opt-out, attached to the instrument schema. */
export const instrumentStreamSchema = z
  .boolean()
  .default(true)
  .describe('Take this instrument from the live stream too (when streaming is enabled)');
