import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import type { PricePoint } from '../../src/domain/quote.js';
import { alertChartInput } from '../../src/discord/alertChart.js';
import { alertEmbed } from '../../src/discord/alertEmbeds.js';
import { renderChartSvg, renderNormalisedChartSvg } from '../../src/discord/chart/index.js';
import { THEME } from '../../src/discord/chart/frame.js';
import { estimateTextWidth } from '../../src/discord/chart/svgText.js';
import { formatMarketWrap } from '../../src/wrap/formatWrap.js';
import { makeConfig } from '../support/testConfig.js';

const MINUTE = 60_000;
/** 10:00 in Hong Kong, 22:00 the evening before in New York. */
const EVENT = Date.parse('2025-06-02T02:00:00Z');
const config = makeConfig();
const instrument = (id: string) => {
  const found = config.instruments.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id} in the shipped config`);
  return found;
};

function session(from: number, to: number, startIso: string, minutes: number): PricePoint[] {
  const start = Date.parse(startIso);
  return Array.from({ length: minutes }, (_, i) => ({
    time: start + i * MINUTE,
    price: from + ((to - from) * i) / (minutes - 1) + Math.sin(i / 7) * Math.abs(to - from) * 0.05,
  }));
}

function alert(over: Partial<Alert>): Alert {
  return {
    id: 'a',
    symbol: 'HSI',
    name: 'Hang Seng Index',
    rule: 'dayMove',
    direction: 'down',
    severity: 1,
    price: 22_900,
    changePct: -1.3,
    dayChangePct: -1.3,
    basePrice: 23_201.6,
    thresholdPct: 1,
    time: EVENT + 30 * MINUTE,
    sessionId: '2025-06-02',
    escalated: false,
    message: 'm',
    event: { id: 'e', title: 'China accuses US of trade truce breach', time: EVENT },
    ...over,
  } as Alert;
}

interface TextBox {
  readonly cls: string;
  readonly text: string;
  readonly fontSize: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Every text element of the SVG as the box its glyphs take (estimated DejaVu widths, cap to descender). */
function textBoxes(svg: string): TextBox[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, tag = '', raw = '']) => {
    const text = unescape(raw);
    const fontSize = Number(attr(tag, 'font-size'));
    const w = estimateTextWidth(text, fontSize, attr(tag, 'font-weight') === 'bold');
    const anchor = attr(tag, 'text-anchor') ?? 'start';
    const ax = Number(attr(tag, 'x'));
    const x = anchor === 'end' ? ax - w : anchor === 'middle' ? ax - w / 2 : ax;
    return {
      cls: attr(tag, 'class') ?? '',
      text,
      fontSize,
      x,
      y: Number(attr(tag, 'y')) - fontSize * 0.8,
      w,
      h: fontSize,
    };
  });
}

function overlaps(a: TextBox, b: TextBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function viewBox(svg: string): { widthPx: number; viewWidth: number } {
  const open = /<svg[^>]*>/.exec(svg)?.[0] ?? '';
  return { widthPx: Number(attr(open, 'width')), viewWidth: Number(attr(open, 'viewBox')?.split(' ')[2]) };
}

/** Text height in screen px when Discord shows the PNG `displayWidth` px wide. */
function displayedHeights(svg: string, displayWidth: number): number[] {
  const { viewWidth } = viewBox(svg);
  return textBoxes(svg).map((t) => (t.fontSize * displayWidth) / viewWidth);
}

const hsiPoints = [
  ...session(23_250, 23_050, '2025-06-02T01:30:00Z', 150),
  ...session(23_050, 22_900, '2025-06-02T05:00:00Z', 180),
];

describe('charts at phone width', () => {
  for (const width of [360, 800]) {
    it(`GIVEN a ${width} px alert chart shown 360 px wide THEN every text is at least 9.5 px high and no two texts overlap`, () => {
      const input = alertChartInput(alert({}), instrument('HSI'), hsiPoints, config.discord);
      const svg = renderChartSvg({ ...input, width, height: Math.round(width * 0.6) });
      const boxes = textBoxes(svg);
      expect(boxes.length).toBeGreaterThan(10);
      expect(Math.min(...displayedHeights(svg, 360))).toBeGreaterThanOrEqual(9.5);
      const clashes = boxes.flatMap((a, i) =>
        boxes
          .slice(i + 1)
          .filter((b) => overlaps(a, b))
          .map((b) => `${a.cls} "${a.text}" × ${b.cls} "${b.text}"`),
      );
      expect(clashes).toEqual([]);
      // Three or four time labels fit a phone; seven would not.
      const ticks = boxes.filter((b) => b.cls === 'x-tick').length;
      expect(ticks).toBeGreaterThanOrEqual(2);
      expect(ticks).toBeLessThanOrEqual(5);
    });
  }

  it('GIVEN the reaction chart at 360 px THEN no two texts overlap and none is under 11 px', () => {
    const svg = renderNormalisedChartSvg({
      title: 'Reaction to: China accuses US of trade truce breach',
      series: [
        { label: 'HSI', points: hsiPoints },
        { label: 'N225', points: hsiPoints.map((p) => ({ time: p.time, price: p.price * 1.6 })) },
      ],
      baseTime: EVENT,
      event: { time: EVENT, label: 'China accuses US' },
      timeZone: config.discord.displayTimeZone,
      width: 360,
      height: 220,
    });
    const boxes = textBoxes(svg);
    expect(Math.min(...boxes.map((b) => b.fontSize))).toBeGreaterThanOrEqual(11);
    const clashes = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => overlaps(a, b))
        .map((b) => `${a.cls} "${a.text}" × ${b.cls} "${b.text}"`),
    );
    expect(clashes).toEqual([]);
  });
});

describe('one display time zone', () => {
  it('GIVEN no setting THEN the display zone is Hong Kong', () => {
    expect(config.discord.displayTimeZone).toBe('Asia/Hong_Kong');
  });

  it('GIVEN a zone Intl does not know THEN the config is refused with the field named', () => {
    expect(() => makeConfig((d: any) => (d.discord.displayTimeZone = 'Asia/HongKong'))).toThrow(
      /discord\.displayTimeZone.*IANA/,
    );
  });

  it('GIVEN one event on a USD/CNH (New York market) and a Hang Seng chart THEN both show it at 10:00 and name the zone', () => {
    const fx = instrument('USDCNH');
    expect(config.markets[fx.market]?.timezone).toBe('America/New_York');
    const fxPoints = session(7.19, 7.21, '2025-06-02T00:00:00Z', 240);
    const charts = [
      renderChartSvg(
        alertChartInput(alert({ symbol: 'USDCNH', price: 7.205 }), fx, fxPoints, config.discord),
      ),
      renderChartSvg(alertChartInput(alert({}), instrument('HSI'), hsiPoints, config.discord)),
    ];
    for (const svg of charts) {
      const labels = textBoxes(svg);
      expect(labels.find((t) => t.cls === 'event-label')?.text).toMatch(/^10:00 /);
      expect(labels.find((t) => t.cls === 'time-zone')?.text).toBe('Times: UTC+8 (Asia/Hong_Kong)');
    }
  });
});

describe('numbers that agree', () => {
  it('GIVEN an up alert on a day that rounds to 0.00% THEN the chart header is neutral, has no ▼ and says its base', () => {
    const up = alert({
      rule: 'windowMove',
      direction: 'up',
      changePct: 0.62,
      dayChangePct: -0.004,
      windowMinutes: 15,
    });
    const svg = renderChartSvg(alertChartInput(up, instrument('HSI'), hsiPoints, config.discord));
    const summary = /<text class="last-summary"[^>]*fill="([^"]+)"[^>]*>([^<]*)</.exec(svg);
    expect(summary?.[2]).toBe('22,900.00 0.00%');
    expect(summary?.[1]).toBe(THEME.title);
    expect(textBoxes(svg).find((t) => t.cls === 'change-base')?.text).toBe('vs previous close');
  });

  it("GIVEN an alert THEN the chart's header figure is the embed's Day figure", () => {
    const a = alert({ dayChangePct: -1.2987 });
    const svg = renderChartSvg(alertChartInput(a, instrument('HSI'), hsiPoints, config.discord));
    const embed = alertEmbed(a, {
      instrument: instrument('HSI'),
      status: { state: 'open', closesAt: null } as never,
      provider: 'yahoo',
      convention: 'western',
      delayedMinutes: null,
      chartFile: null,
    });
    const day = embed.fields?.find((f) => f.name === 'Day')?.value;
    expect(day).toBe('-1.30% vs prev close');
    expect(textBoxes(svg).find((t) => t.cls === 'last-summary')?.text).toBe('▼ 22,900.00 -1.30%');
  });

  it("GIVEN a wrap THEN its chart's legend and its text give the same change from the previous close", () => {
    const previousClose = 23_201.6;
    const last = hsiPoints[hsiPoints.length - 1]?.price ?? 0;
    const text = formatMarketWrap({
      market: 'HKEX',
      tradingDay: '2025-06-02',
      instruments: [
        {
          id: 'HSI',
          name: 'Hang Seng Index',
          decimals: 2,
          close: last,
          previousClose,
          low: 22_800,
          high: 23_300,
          alerts: [],
        },
      ],
      events: [],
    });
    const svg = renderNormalisedChartSvg({
      title: 'HKEX · 2025-06-02',
      series: [{ label: 'HSI', points: hsiPoints, basePrice: previousClose }],
      baseTime: hsiPoints[0]?.time ?? 0,
      base: 'previous close',
      timeZone: config.discord.displayTimeZone,
    });
    const figure = /\(([-+]\d+\.\d\d%) vs prev close\)/.exec(text)?.[1];
    expect(figure).toMatch(/^-1\.\d\d%$/);
    const legend = textBoxes(svg).find((t) => t.text.startsWith('HSI '))?.text;
    expect(legend).toBe(`HSI ${figure}`);
    expect(textBoxes(svg).find((t) => t.cls === 'change-base')?.text).toBe('% vs previous close');
  });
});
