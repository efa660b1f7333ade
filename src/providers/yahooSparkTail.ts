/*
 * A spark answer for "bars since period1" should hold only those bars, but a server may ignore
 * period1 and send the whole day each poll: validating and merging 500 whole days then costs a
 * third of a CPU second per poll. Before the answer is validated, each series is cut to the bars
 * from period1 on (what was asked for; the day cache holds the rest), scanning back from its end,
 * so the cost is that of the tail, whatever the server sends.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The chart-shaped series of each spark entry (`spark.result[].response[0]`), where the shape allows. */
function seriesOf(body: unknown): Json[] {
  if (!isObject(body) || !isObject(body.spark) || !Array.isArray(body.spark.result)) return [];
  return body.spark.result.flatMap((entry: unknown) =>
    isObject(entry) && Array.isArray(entry.response) && isObject(entry.response[0])
      ? [entry.response[0]]
      : [],
  );
}

/** How many leading bars are before `fromS`, counted from the end (bars come in time order). */
function barsBefore(timestamps: readonly unknown[], fromS: number): number {
  let cut = timestamps.length;
  while (cut > 0) {
    const time = timestamps[cut - 1];
    if (typeof time !== 'number' || time < fromS) break;
    cut--;
  }
  return cut;
}

/**
 * Drops, in place, every series' bars before `fromS` (epoch s) from a parsed spark body, with
 * the matching values of each indicator list. A body of another shape is left for validation to judge.
 */
export function keepBarsSince(body: unknown, fromS: number): void {
  for (const series of seriesOf(body)) {
    const { timestamp, indicators } = series;
    if (!Array.isArray(timestamp) || !isObject(indicators) || !Array.isArray(indicators.quote)) continue;
    const cut = barsBefore(timestamp, fromS);
    if (cut === 0) continue;
    const quotes: unknown[] = indicators.quote;
    // Only lists as long as the timestamps are cut, so a malformed one still fails validation as it was.
    const lists = quotes.flatMap((quote) =>
      isObject(quote)
        ? Object.values(quote).filter((v) => Array.isArray(v) && v.length === timestamp.length)
        : [],
    ) as unknown[][];
    timestamp.splice(0, cut);
    for (const list of lists) list.splice(0, cut);
  }
}
