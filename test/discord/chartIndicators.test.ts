import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src/discord/chart/index.js';
import { BOLLINGER_PERIOD, RSI_MIN_BARS, levelIndicators } from '../../src/discord/chart/indicators.js';
import { levelEmbed, type LevelView } from '../../src/discord/levelEmbeds.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import type { PricePoint } from '../../src/domain/quote.js';
import { makeConfig } from '../support/testConfig.js';

const T = Date.parse('2025-06-02T01:30:00Z');
const MINUTE = 60_000;

function bars(prices: readonly number[]): PricePoint[] {
  return prices.map((price, i) => ({ time: T + i * MINUTE, price }));
}

/** A steady trend with a small zigzag, so both gains and losses exist. */
function trend(count: number, step: number): number[] {
  return Array.from({ length: count }, (_, i) => 23_000 + i * step + (i % 2 === 0 ? 4 : -4));
}

const config = makeConfig();
const hsi = config.instruments.find((i) => i.id === 'HSI');
if (!hsi) throw new Error('the test config has no HSI');

function view(points: PricePoint[]): LevelView {
  const last = points.at(-1)?.price ?? null;
  return {
    instrument: hsi as NonNullable<typeof hsi>,
    quote:
      last === null
        ? null
        : { symbol: 'HSI', price: last, time: T, previousClose: 23_000, bars: points, provider: 'yahoo' },
    status: createCalendar(config.markets).status('HKEX', T),
    stale: false,
    silencedUntil: null,
  };
}

function field(points: PricePoint[], name: RegExp): string | undefined {
  const embed = levelEmbed(view(points), 'western', null, levelIndicators(points));
  return embed.fields?.find((f) => name.test(f.name))?.value;
}

describe('level indicators', () => {
  it('GIVEN fewer bars than RSI(14) needs THEN no RSI and no bands, and the embed says how many are needed', () => {
    const points = bars(trend(RSI_MIN_BARS - 1, 10));
    const indicators = levelIndicators(points);
    expect(indicators.rsi).toBeNull();
    expect(indicators.bands).toEqual([]);
    expect(field(points, /^RSI/)).toBe(`needs ${RSI_MIN_BARS} one-minute bars (${RSI_MIN_BARS - 1} so far)`);
    expect(field(points, /^Bollinger/)).toBe(
      `needs ${BOLLINGER_PERIOD} one-minute bars (${RSI_MIN_BARS - 1} so far)`,
    );
  });

  it('GIVEN a strong rise THEN RSI is overbought; a strong fall, oversold; a zigzag, neutral', () => {
    const rise = bars(trend(40, 20));
    const fall = bars(trend(40, -20));
    const zigzag = bars(trend(40, 0));
    expect(levelIndicators(rise).rsi).toBeGreaterThan(70);
    expect(field(rise, /^RSI/)).toMatch(/^\d+\.\d · overbought$/);
    expect(field(fall, /^RSI/)).toMatch(/^\d+\.\d · oversold$/);
    expect(field(zigzag, /^RSI/)).toMatch(/^\d+\.\d · neutral$/);
  });

  it('GIVEN no change at all THEN no RSI (not the library’s 100) and flat bands', () => {
    const flat = bars(Array.from({ length: 30 }, () => 23_000));
    expect(levelIndicators(flat).rsi).toBeNull();
    expect(field(flat, /^RSI/)).toBe(`n/a: no change over the last ${RSI_MIN_BARS} bars`);
    expect(field(flat, /^Bollinger/)).toMatch(/^bands flat: no movement\n/);
  });

  it('GIVEN 1 to 20 THEN the band is the mean ± 2 population SDs, on the 20th bar', () => {
    const points = bars(Array.from({ length: 20 }, (_, i) => i + 1));
    const [band, ...rest] = levelIndicators(points).bands;
    const sd = Math.sqrt((20 * 20 - 1) / 12);
    expect(rest).toEqual([]);
    expect(band?.time).toBe(points[19]?.time);
    expect(band?.middle).toBeCloseTo(10.5, 9);
    expect(band?.upper).toBeCloseTo(10.5 + 2 * sd, 9);
    expect(band?.lower).toBeCloseTo(10.5 - 2 * sd, 9);
  });

  it('GIVEN a last price above the upper band THEN the embed says so with %B', () => {
    const points = bars([...trend(30, 0), 23_400]);
    expect(field(points, /^Bollinger/)).toMatch(
      /^above the upper band \(%B \d+\.\d\d\)\n[\d,.]+ \/ [\d,.]+ \/ [\d,.]+$/,
    );
  });
});

describe('level chart with indicators', () => {
  it('GIVEN bands and an RSI THEN the chart draws the bands in view and names both', () => {
    const points = bars([...trend(40, 0), 23_400]);
    const indicators = levelIndicators(points);
    const svg = renderChartSvg({
      title: 'HSI · Hang Seng Index',
      points,
      previousClose: 23_000,
      decimals: 2,
      timeZone: 'Asia/Hong_Kong',
      bands: indicators.bands,
      rsi: indicators.rsi,
    });
    expect(svg).toContain(`class="bollinger" data-bars="${points.length - BOLLINGER_PERIOD + 1}"`);
    expect(svg).toMatch(/<text class="indicators"[^>]*>BB\(20, 2\) · RSI\(14\) \d+\.\d<\/text>/);
    // Every band point lies inside the plot (the y range covers the bands).
    const ys = [...svg.matchAll(/class="band-edges" d="([^"]*)"/g)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((p) => Number(p[1])),
    );
    expect(ys.length).toBeGreaterThan(0);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(48);
    expect(Math.max(...ys)).toBeLessThanOrEqual(370);
  });

  it('GIVEN no indicators THEN the chart has neither bands nor a note', () => {
    const svg = renderChartSvg({
      title: 'HSI',
      points: bars(trend(10, 5)),
      previousClose: 23_000,
      decimals: 2,
      timeZone: 'Asia/Hong_Kong',
    });
    expect(svg).not.toContain('bollinger');
    expect(svg).not.toContain('class="indicators"');
  });
});
