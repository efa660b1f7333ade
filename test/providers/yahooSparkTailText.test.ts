import { describe, expect, it } from 'vitest';
import { keepBarsSince } from '../../src/providers/yahooSparkTail.js';
import { keepBarsSinceInText } from '../../src/providers/yahooSparkTailText.js';
import { fixtureText } from '../support/fixtures.js';

type Series = { timestamp: unknown[]; indicators: { quote: Record<string, unknown[]>[] } };
type Spark = { spark: { result: { symbol: string; response: Series[] }[] } };

const WHOLE_DAY = fixtureText('yahoo/spark-2025-06-02-1d.json');

/** What the provider had before: the whole text parsed, then cut. */
function parsedThenCut(text: string, fromS: number): unknown {
  const body = JSON.parse(text) as unknown;
  keepBarsSince(body, fromS);
  return body;
}

/** What it does now: the text cut, parsed, then cut again where the text was left whole. */
function cutThenParsed(text: string, fromS: number): unknown {
  const body = JSON.parse(keepBarsSinceInText(text, fromS)) as unknown;
  keepBarsSince(body, fromS);
  return body;
}

function allTimestamps(text: string): number[] {
  const body = JSON.parse(text) as Spark;
  return body.spark.result
    .flatMap((r) => r.response[0]?.timestamp ?? [])
    .filter((t) => typeof t === 'number');
}

/** Every period1 that matters: before, at and after each bar, and past the last. */
function cutPoints(text: string): number[] {
  return [...new Set(allTimestamps(text).flatMap((t) => [t - 1, t, t + 1]))].concat([0, 2e9]);
}

describe('keepBarsSinceInText', () => {
  it('GIVEN the recorded whole-day answer THEN, for every period1, its text parses to what the whole body cut would be, already cut', () => {
    for (const fromS of cutPoints(WHOLE_DAY)) {
      const cutText = keepBarsSinceInText(WHOLE_DAY, fromS);
      const parsed = JSON.parse(cutText) as Spark;
      expect(parsed).toEqual(parsedThenCut(WHOLE_DAY, fromS));
      // The text did the cutting: nothing before period1 reached JSON.parse.
      for (const { response } of parsed.spark.result)
        for (const t of response[0]?.timestamp ?? []) expect(t as number).toBeGreaterThanOrEqual(fromS);
    }
  });

  it('GIVEN the same answer pretty-printed THEN its text is cut the same way', () => {
    const pretty = JSON.stringify(JSON.parse(WHOLE_DAY), null, 2);
    for (const fromS of cutPoints(pretty)) {
      const cutText = keepBarsSinceInText(pretty, fromS);
      expect(JSON.parse(cutText)).toEqual(parsedThenCut(pretty, fromS));
    }
  });

  it('GIVEN random answers (nulls, extra lists, lists of another length, other key orders, spaces) THEN always the whole body cut', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let n = 0; n < 300; n++) {
      const text = randomAnswer(random);
      const times = allTimestamps(text);
      for (const fromS of [0, ...times.map((t) => t + (random() < 0.5 ? 0 : 1)).slice(0, 6), 2e9])
        expect([text, fromS, cutThenParsed(text, fromS)]).toEqual([text, fromS, parsedThenCut(text, fromS)]);
    }
  });

  it('GIVEN words among the bars to drop THEN the text stays invalid, as the whole answer was', () => {
    const broken = WHOLE_DAY.replace('"timestamp":[1748827800,', '"timestamp":[1748827800,tru,');
    expect(() => JSON.parse(broken)).toThrow();
    expect(() => JSON.parse(keepBarsSinceInText(broken, 2e9))).toThrow();
    const word = WHOLE_DAY.replace('"close":[23098.51953125,', '"close":[NaN,');
    expect(() => JSON.parse(keepBarsSinceInText(word, 2e9))).toThrow();
  });

  it('GIVEN "timestamp":[ inside a string THEN that string is left as it was', () => {
    const body = JSON.parse(WHOLE_DAY) as Spark & { note?: string };
    body.note = '"timestamp":[1,2],"indicators":{"quote":[{"close":[1,2]}]}';
    const text = JSON.stringify(body);
    expect((JSON.parse(keepBarsSinceInText(text, 2e9)) as { note: string }).note).toBe(body.note);
  });
});

function randomAnswer(random: () => number): string {
  const space = () => (random() < 0.2 ? ' \n'.slice(0, 1 + Math.floor(random() * 2)) : '');
  const list = (values: unknown[]) =>
    `[${space()}${values.map((v) => `${JSON.stringify(v)}${space()}`).join(',')}]`;
  const series = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const count = Math.floor(random() * 6);
    const times = Array.from({ length: count }, (_, i) => (random() < 0.1 ? null : 1000 + i * 60));
    const closes = () => {
      const values = times.map(() => (random() < 0.2 ? null : Math.round(random() * 1e6) / 100));
      return random() < 0.15 ? values.slice(1) : values;
    };
    const quotes = Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const lists = [`"close":${space()}${list(closes())}`];
      if (random() < 0.4) lists.push(`"open":${list(closes())}`);
      if (random() < 0.1) lists.push(`"note":"x"`);
      return `{${space()}${lists.join(`,${space()}`)}${space()}}`;
    });
    const stamp = `"timestamp":${space()}${list(times)}`;
    const indicators = `"indicators":${space()}{"quote":${space()}[${quotes.join(',')}]}`;
    const body = random() < 0.15 ? `${indicators},${stamp}` : `${stamp},${space()}${indicators}`;
    return `{"symbol":"S","response":[{"meta":{"symbol":"S"},${body}}]}`;
  });
  return `{"spark":{"result":[${series.join(',')}],"error":null}}`;
}
