import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  renderChartPng,
  closeChartRenderer,
  renderChartSvg,
  renderNormalisedChartPngOffThread,
  renderNormalisedChartSvg,
  svgToPng,
  type ChartInput,
  type MultiChartInput,
} from '../../src/discord/chart/index.js';
import { niceScale, timeTicks } from '../../src/discord/chart/scale.js';
import type { PricePoint } from '../../src/domain/quote.js';

const MINUTE = 60_000;
/** 2025-06-02 in Hong Kong (UTC+8, no DST). */
const hk = (h: number, m: number): number => Date.UTC(2025, 5, 2, h - 8, m);

/** One point a minute from start to end (HK time), moving linearly from `from` to `to`, with a wiggle of `wiggle` x the move. */
function linear(
  startH: number,
  startM: number,
  endH: number,
  endM: number,
  from: number,
  to: number,
  wiggle = 0.02,
): PricePoint[] {
  const start = hk(startH, startM);
  const end = hk(endH, endM);
  const points: PricePoint[] = [];
  for (let t = start; t <= end; t += MINUTE) {
    const f = (t - start) / (end - start);
    points.push({
      time: t,
      price: from + (to - from) * f + Math.sin(t / MINUTE) * Math.abs(to - from) * wiggle,
    });
  }
  return points;
}

/** A Hang Seng session with the lunch break: 09:30-12:00 and 13:00-16:00. */
function hsiSession(from: number, to: number): PricePoint[] {
  const mid = (from + to) / 2;
  return [...linear(9, 30, 12, 0, from, mid), ...linear(13, 0, 16, 0, mid, to)];
}

function baseInput(overrides: Partial<ChartInput> = {}): ChartInput {
  return {
    title: 'HSI · Hang Seng Index · 2025-06-02',
    points: hsiSession(23_300, 22_900),
    previousClose: 23_289.77,
    decimals: 2,
    timeZone: 'Asia/Hong_Kong',
    ...overrides,
  };
}

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

type Rgb = readonly [number, number, number];

function hex(color: string): Rgb {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels within `tolerance` (per channel) of the colour, optionally inside a region. */
function countColor(
  image: PNG,
  color: Rgb,
  tolerance = 6,
  region = { x0: 0, y0: 0, x1: image.width, y1: image.height },
): number {
  let count = 0;
  for (let y = region.y0; y < region.y1; y++) {
    for (let x = region.x0; x < region.x1; x++) {
      const i = (y * image.width + x) * 4;
      if (
        Math.abs((image.data[i] ?? 0) - color[0]) <= tolerance &&
        Math.abs((image.data[i + 1] ?? 0) - color[1]) <= tolerance &&
        Math.abs((image.data[i + 2] ?? 0) - color[2]) <= tolerance
      )
        count++;
    }
  }
  return count;
}

function distinctColors(image: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) {
    seen.add(((image.data[i] ?? 0) << 16) | ((image.data[i + 1] ?? 0) << 8) | (image.data[i + 2] ?? 0));
  }
  return seen.size;
}

const BACKGROUND = hex('#2b2d31');
const DEFAULT_RED = hex('#f23f43');
const DEFAULT_GREEN = hex('#23a55a');

function attr(svg: string, className: string, name: string): string | undefined {
  const element = new RegExp(`<[a-z]+ class="${className}"[^>]*>`).exec(svg)?.[0];
  return element ? new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] : undefined;
}

function texts(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>([^<]*)</text>`, 'g'))].map(
    (m) => m[1] ?? '',
  );
}

describe('renderChartPng', () => {
  it('renders an 800 x 480 PNG by default (a 400 x 240 layout at 2x)', () => {
    const image = decode(renderChartPng(baseInput()));
    expect([image.width, image.height]).toEqual([800, 480]);
  });

  it('honours a custom size', () => {
    const image = decode(renderChartPng(baseInput({ width: 640, height: 360 })));
    expect([image.width, image.height]).toEqual([640, 360]);
  });

  it('draws a falling session in the down colour and not the up colour', () => {
    const image = decode(renderChartPng(baseInput()));
    expect(distinctColors(image)).toBeGreaterThan(100);
    expect(countColor(image, DEFAULT_RED, 4)).toBeGreaterThan(500);
    expect(countColor(image, DEFAULT_GREEN, 20)).toBe(0);
  });

  it('draws a rising session in the up colour', () => {
    const image = decode(renderChartPng(baseInput({ points: hsiSession(23_300, 23_700) })));
    expect(countColor(image, DEFAULT_GREEN, 4)).toBeGreaterThan(500);
    expect(countColor(image, DEFAULT_RED, 20)).toBe(0);
  });

  it('uses the colours it is given, e.g. red for up in the Asian convention', () => {
    const colors = { up: '#ff0000', down: '#00ff00' };
    const image = decode(renderChartPng(baseInput({ points: hsiSession(23_300, 23_700), colors })));
    expect(countColor(image, [255, 0, 0], 4)).toBeGreaterThan(500);
    expect(countColor(image, [0, 255, 0], 20)).toBe(0);
  });

  it('renders a note instead of a plot when there is no data', () => {
    const input = baseInput({ points: [] });
    expect(texts(renderChartSvg(input), 'no-data')).toEqual(['No data']);
    const image = decode(renderChartPng(input));
    expect([image.width, image.height]).toEqual([800, 480]);
    const centre = { x0: 300, y0: 170, x1: 500, y1: 230 };
    const pixels = (centre.x1 - centre.x0) * (centre.y1 - centre.y0);
    expect(countColor(image, BACKGROUND, 2, centre)).toBeLessThan(pixels - 50);
  });

  it('treats a single price as no data', () => {
    const svg = renderChartSvg(baseInput({ points: [{ time: hk(9, 30), price: 23_300 }] }));
    expect(texts(svg, 'no-data')[0]).toMatch(/^No data/);
    expect(svg).not.toContain('class="price-line"');
  });

  it('skips NaN, infinite, zero and negative prices without failing', () => {
    const points = [
      ...linear(9, 30, 10, 30, 100, 101),
      { time: hk(10, 31), price: Number.NaN },
      { time: hk(10, 32), price: 0 },
      { time: hk(10, 33), price: -5 },
      { time: hk(10, 34), price: Number.POSITIVE_INFINITY },
      { time: Number.NaN, price: 100 },
    ];
    const svg = renderChartSvg(baseInput({ points, previousClose: Number.NaN }));
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).not.toContain('class="previous-close"');
    expect(() => renderChartPng(baseInput({ points }))).not.toThrow();
  });

  it('handles flat prices without dividing by zero', () => {
    const points = linear(9, 30, 16, 0, 7.185, 7.185).map((p) => ({ time: p.time, price: 7.185 }));
    const svg = renderChartSvg(baseInput({ points, previousClose: 7.185, decimals: 4 }));
    expect(svg).not.toMatch(/NaN|Infinity/);
    const ticks = texts(svg, 'y-tick');
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(3); // one may be hidden behind the last-price tag
    expect(decode(renderChartPng(baseInput({ points, previousClose: 7.185, decimals: 4 }))).width).toBe(800);
  });
});

describe('renderChartSvg', () => {
  it('draws the previous close as a labelled dashed line', () => {
    const svg = renderChartSvg(baseInput());
    expect(attr(svg, 'previous-close', 'data-price')).toBe('23289.77');
    expect(attr(svg, 'previous-close-line', 'stroke-dasharray')).toBeDefined();
    expect(texts(svg, 'previous-close-label')).toEqual(['Prev close 23,289.77']);
  });

  it('marks the event with a vertical line and a truncated label', () => {
    const label =
      'US announces sweeping new tariffs on Chinese semiconductors, EVs and solar panels from July';
    const svg = renderChartSvg(baseInput({ event: { time: hk(10, 45), label } }));
    expect(attr(svg, 'event', 'data-time')).toBe(String(hk(10, 45)));
    expect(attr(svg, 'event', 'data-in-range')).toBe('true');
    expect(svg).toContain('class="event-line"');
    const [shown] = texts(svg, 'event-label');
    expect(shown).toMatch(/^10:45 US announces/);
    expect(shown).toMatch(/…$/);
    expect(shown?.length).toBeLessThan(label.length);
  });

  it('notes an event far outside the session at the edge instead of squashing the chart', () => {
    const svg = renderChartSvg(
      baseInput({ event: { time: hk(9, 30) - 20 * 60 * MINUTE, label: 'Overnight news' } }),
    );
    expect(attr(svg, 'event', 'data-in-range')).toBe('false');
    expect(svg).not.toContain('class="event-line"');
    expect(texts(svg, 'event-label')[0]).toContain('Overnight news');
  });

  it('marks the trigger with a dot and its label', () => {
    const svg = renderChartSvg(
      baseInput({ trigger: { time: hk(14, 0), price: 23_010.5, label: '▼ -1.20% vs prev close' } }),
    );
    expect(attr(svg, 'trigger', 'data-price')).toBe('23010.5');
    expect(svg).toContain('class="trigger-dot"');
    expect(texts(svg, 'trigger-label')).toEqual(['▼ -1.20% vs prev close']);
  });

  it('escapes hostile text from headlines', () => {
    const hostile = `<script>alert("x")</script> & 'quoted' </svg>`;
    const svg = renderChartSvg(
      baseInput({ title: hostile, event: { time: hk(10, 45), label: hostile }, trigger: undefined }),
    );
    expect(svg).not.toContain('<script');
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
    // The title is cut to the 400 px layout width; what is left is escaped.
    expect(texts(svg, 'title')[0]).toMatch(
      /^&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &apos;quoted&apos;/,
    );
    expect(() => renderChartPng(baseInput({ title: hostile }))).not.toThrow();
  });

  it('drops control characters that would make the SVG unparseable', () => {
    const title = 'Bad\u0000 \u0008title\uFFFF \uD800 end';
    const svg = renderChartSvg(baseInput({ title }));
    expect(texts(svg, 'title')[0]).toBe('Bad title end');
    expect(() => renderChartPng(baseInput({ title }))).not.toThrow();
  });

  it('breaks the line at the lunch gap', () => {
    const withLunch = attr(renderChartSvg(baseInput()), 'price-line', 'd') ?? '';
    expect(withLunch.match(/M/g)).toHaveLength(2);
    const continuous = attr(
      renderChartSvg(baseInput({ points: linear(9, 30, 16, 0, 23_300, 22_900) })),
      'price-line',
      'd',
    );
    expect(continuous?.match(/M/g)).toHaveLength(1);
  });

  it('labels the value axis with 4 to 6 ticks at the instrument’s decimals', () => {
    const svg = renderChartSvg(baseInput({ previousClose: null }));
    const grid = svg.match(/<g class="y-axis">.*?<\/g>/)?.[0] ?? '';
    const lines = grid.match(/class="grid"/g) ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(6);
    for (const label of texts(svg, 'y-tick')) expect(label).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  });

  it('labels the time axis in HH:MM of the exchange’s zone', () => {
    const labels = texts(renderChartSvg(baseInput()), 'x-tick');
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(labels).toContain('12:00');
    for (const label of labels) {
      expect(label).toMatch(/^\d{2}:\d{2}$/);
      expect(label >= '09:30' && label <= '16:00').toBe(true);
    }
  });

  it('falls back to UTC for an unknown time zone instead of failing', () => {
    const labels = texts(renderChartSvg(baseInput({ timeZone: 'Mars/Olympus_Mons' })), 'x-tick');
    expect(labels).toContain('04:00'); // 12:00 in Hong Kong
  });

  it('shows the last price on the axis', () => {
    const points = linear(9, 30, 11, 0, 23_300, 23_400);
    const last = points[points.length - 1]?.price ?? 0;
    const svg = renderChartSvg(baseInput({ points }));
    expect(attr(svg, 'last-price', 'data-price')).toBe(String(last));
  });
});

describe('renderNormalisedChartPngOffThread', () => {
  afterAll(async () => {
    await closeChartRenderer();
  });

  const input: MultiChartInput = {
    title: 'Reaction to US tariffs · 2025-06-02',
    series: [
      { label: 'HSI', points: linear(9, 30, 11, 0, 23_000, 23_230, 0) },
      { label: 'N225', points: linear(9, 30, 11, 0, 37_000, 36_630, 0) },
      { label: 'Empty', points: [] },
    ],
    baseTime: hk(9, 30),
    event: { time: hk(10, 0), label: 'US tariffs' },
    timeZone: 'Asia/Hong_Kong',
  };

  it('renders a PNG of the default size with each series in its own colour', async () => {
    const image = decode(await renderNormalisedChartPngOffThread(input));
    expect([image.width, image.height]).toEqual([800, 480]);
    expect(countColor(image, hex('#00a8fc'), 4)).toBeGreaterThan(200);
    expect(countColor(image, hex('#f0b232'), 4)).toBeGreaterThan(200);
  });

  it('draws a zero line and a legend with each series’ change from the base time', () => {
    const svg = renderNormalisedChartSvg(input);
    expect(svg).toContain('class="zero-line"');
    const legend = [
      ...svg.matchAll(/<g class="legend-item" data-series="([^"]*)">.*?<text[^>]*>([^<]*)<\/text>/g),
    ].map((m) => [m[1], m[2]]);
    expect(legend).toEqual([
      ['HSI', 'HSI +1.00%'],
      ['N225', 'N225 -1.00%'],
      ['Empty', 'Empty no data'],
    ]);
    expect(svg.match(/class="series-line"/g)).toHaveLength(2);
  });

  it('measures each series from its first price at or after the base time', () => {
    const svg = renderNormalisedChartSvg({
      ...input,
      series: [
        {
          label: 'HSI',
          points: [
            { time: hk(9, 0), price: 50 },
            { time: hk(9, 31), price: 100 },
            { time: hk(9, 40), price: 110 },
          ],
        },
      ],
    });
    expect(svg).toContain('HSI +10.00%');
  });

  it('renders a no data note when no series can be drawn', async () => {
    const svg = renderNormalisedChartSvg({ ...input, series: [{ label: 'HSI', points: [] }] });
    expect(texts(svg, 'no-data')).toEqual(['No data']);
    expect(decode(await renderNormalisedChartPngOffThread({ ...input, series: [] })).width).toBe(800);
  });
});

describe('chart text rendering', () => {
  it('renders text with the bundled font when no system font is loaded', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text x="10" y="35" font-size="24" fill="#ffffff">Hang Seng</text></svg>';
    const image = decode(svgToPng(svg));
    let inked = 0;
    for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] ?? 0) > 0) inked++;
    expect(inked).toBeGreaterThan(100);
  });
  it('draws nothing for text when the bundled font is left out, so system fonts play no part', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text x="10" y="35" font-size="24" fill="#ffffff">Hang Seng</text></svg>';
    const image = decode(
      new Resvg(svg, { font: { fontFiles: [], loadSystemFonts: false } }).render().asPng(),
    );
    let inked = 0;
    for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] ?? 0) > 0) inked++;
    expect(inked).toBe(0);
  });
});

describe('axis ticks', () => {
  it('gives 4 to 6 nice ticks that cover any range', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const lo = random() * 10 ** (random() * 6 - 1);
      const hi = lo + random() * lo * 0.2 + 1e-3;
      const scale = niceScale(lo, hi, 1e-4);
      expect(scale.ticks.length).toBeGreaterThanOrEqual(4);
      expect(scale.ticks.length).toBeLessThanOrEqual(6);
      expect(scale.min).toBeLessThanOrEqual(lo);
      expect(scale.max).toBeGreaterThanOrEqual(hi);
    }
  });

  it('puts time ticks on round minutes of the zone, not of UTC', () => {
    // Asia/Kolkata is UTC+5:30: hourly ticks must fall on :00 there, i.e. :30 UTC.
    const start = Date.UTC(2025, 5, 2, 3, 45);
    const ticks = timeTicks(start, start + 5 * 60 * MINUTE, 'Asia/Kolkata', 6);
    expect(ticks.length).toBeGreaterThan(0);
    for (const t of ticks) expect(new Date(t).getUTCMinutes() % 30).toBe(0);
    const labels = ticks.map((t) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', minute: '2-digit' }).format(t),
    );
    for (const label of labels) expect(['00', '30']).toContain(label.padStart(2, '0'));
  });
});
