/** Several instruments on one chart, each as % change from its price at a common base time. */
import { formatPct, pctChange, type ChangeBase } from '../../presentation/alertText.js';
import type { PricePoint } from '../../domain/quote.js';
import {
  BOTTOM_MARGIN,
  CLOSE_SVG,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  LabelPlacer,
  MIN_FONT_PX,
  THEME,
  chartCanvas,
  chartSize,
  eventMarker,
  header,
  linePath,
  noData,
  openSvg,
  timeAxis,
  valueAxis,
  valueAxisWidth,
  widenForEvent,
  zoneNote,
  type ChartEvent,
  type PlotArea,
} from './frame.js';
import { decimalsForStep, niceScale, splitAtGaps, usablePoints } from './scale.js';
import { escapeXml, estimateTextWidth, num, truncateChars } from './svgText.js';

export interface NormalisedSeries {
  /** Legend text, e.g. HSI. */
  readonly label: string;
  readonly points: readonly PricePoint[];
  /** Line colour; default from a palette that reads on the dark background. */
  readonly color?: string | undefined;
  /**
   * The price the series is measured from (e.g. the previous close, so the chart agrees with a
   * wrap's text); default its first price at or after baseTime.
   */
  readonly basePrice?: number | null | undefined;
}

export interface MultiChartInput {
  readonly title: string;
  readonly series: readonly NormalisedSeries[];
  /** Each series is shown relative to its first price at or after this time (epoch ms). */
  readonly baseTime: number;
  readonly event?: ChartEvent | undefined;
  /** IANA zone of every time on the chart (the server's display zone), named under the axis. */
  readonly timeZone: string;
  /** What the percentages are measured from, written over the plot; default T0. */
  readonly base?: ChangeBase | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

export const SERIES_PALETTE = ['#00a8fc', '#f0b232', '#eb459e', '#57f287', '#a78bfa', '#ff7a45'] as const;
const LEGEND_LABEL_MAX_CHARS = 20;

interface PreparedSeries {
  readonly label: string;
  readonly color: string;
  /** Points as percent change from the base price; empty when the series has no base. */
  readonly pct: { time: number; value: number }[];
}

function prepare(series: NormalisedSeries, index: number, baseTime: number): PreparedSeries {
  const color = escapeXml(series.color ?? SERIES_PALETTE[index % SERIES_PALETTE.length] ?? THEME.title);
  const label = truncateChars(series.label.replace(/\s+/g, ' ').trim(), LEGEND_LABEL_MAX_CHARS);
  const points = usablePoints(series.points);
  const given = series.basePrice;
  const base =
    typeof given === 'number' && Number.isFinite(given) && given > 0
      ? given
      : (Number.isFinite(baseTime) ? points.find((p) => p.time >= baseTime) : points[0])?.price;
  if (base === undefined) return { label, color, pct: [] };
  return { label, color, pct: points.map((p) => ({ time: p.time, value: pctChange(p.price, base) })) };
}

/** The legend row under the title: swatch, label and latest change for each series. */
function legend(series: readonly PreparedSeries[], width: number): string {
  let out = '<g class="legend">';
  let lx = 16;
  const ly = 44;
  for (const s of series) {
    const last = s.pct[s.pct.length - 1];
    const text = `${s.label} ${last ? formatPct(last.value) : 'no data'}`;
    const itemWidth = 20 + estimateTextWidth(text, 12) + 18;
    if (lx + itemWidth > width - 16 && lx > 16) break;
    out +=
      `<g class="legend-item" data-series="${escapeXml(s.label)}">` +
      `<rect x="${num(lx)}" y="${ly - 9}" width="14" height="4" rx="2" fill="${s.color}"/>` +
      `<text x="${num(lx + 20)}" y="${ly - 3}" font-size="12" fill="${THEME.axisText}">${escapeXml(text)}</text>` +
      '</g>';
    lx += itemWidth;
  }
  return `${out}</g>`;
}

/** Says what the percentages count from, at the right of the zone line under the axis. */
function baseNote(base: ChangeBase, width: number, height: number): string {
  return `<text class="change-base" x="${num(width - 16)}" y="${num(height - 6)}" font-size="${MIN_FONT_PX}" text-anchor="end" fill="${THEME.muted}">% vs ${base}</text>`;
}

/** The time span and % range of every drawn point; the zero line is always in view. */
function extent(drawn: readonly PreparedSeries[]) {
  let start = Infinity;
  let end = -Infinity;
  let lo = 0;
  let hi = 0;
  for (const s of drawn) {
    for (const p of s.pct) {
      start = Math.min(start, p.time);
      end = Math.max(end, p.time);
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
  }
  if (hi - lo < 0.02) return { start, end, lo: lo - 0.1, hi: hi + 0.1 };
  const air = (hi - lo) * 0.04;
  return { start, end, lo: lo - air, hi: hi + air };
}

/** The zero line, the base time and one line per series, then the event marker clear of them. */
function seriesSvg(
  input: MultiChartInput,
  drawn: readonly PreparedSeries[],
  frame: {
    readonly plot: PlotArea;
    readonly x: (t: number) => number;
    readonly y: (v: number) => number;
    readonly start: number;
    readonly end: number;
  },
): string {
  const { plot, x, y, start, end } = frame;
  const zy = y(0);
  let svg = `<line class="zero-line" x1="${num(plot.left)}" y1="${num(zy)}" x2="${num(plot.right)}" y2="${num(zy)}" stroke="${THEME.muted}" stroke-width="1.2"/>`;
  if (Number.isFinite(input.baseTime) && input.baseTime > start && input.baseTime < end) {
    const bx = x(input.baseTime);
    svg += `<line class="base-time" x1="${num(bx)}" y1="${num(plot.top)}" x2="${num(bx)}" y2="${num(plot.bottom)}" stroke="${THEME.muted}" stroke-width="1" stroke-dasharray="2 3"/>`;
  }
  const obstacles: { x: number; y: number }[] = [];
  for (const s of drawn) {
    const segments = splitAtGaps(s.pct).map((seg) => seg.map((p) => ({ x: x(p.time), y: y(p.value) })));
    for (const segment of segments) obstacles.push(...segment);
    svg += `<path class="series-line" data-series="${escapeXml(s.label)}" d="${linePath(segments)}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`;
  }
  if (input.event)
    svg += eventMarker(input.event, start, end, x, plot, input.timeZone, new LabelPlacer(plot, obstacles));
  return svg;
}

export function renderNormalisedChartSvg(input: MultiChartInput): string {
  const canvas = chartCanvas(chartSize(input.width, DEFAULT_WIDTH), chartSize(input.height, DEFAULT_HEIGHT));
  const { width, height } = canvas;
  const series = input.series.map((s, i) => prepare(s, i, input.baseTime));
  const svg = openSvg(canvas) + header(input.title, width, 0);

  const drawn = series.filter((s) => s.pct.length >= 2);
  if (drawn.length === 0) {
    return svg + (series.length > 0 ? legend(series, width) : '') + noData(width, height) + CLOSE_SVG;
  }
  const range = extent(drawn);
  if (!(range.end > range.start)) {
    // Every drawn series has all its points at one instant: nothing to draw along time.
    return svg + legend(series, width) + noData(width, height) + CLOSE_SVG;
  }
  const scale = niceScale(range.lo, range.hi, 0.01);
  const pctDecimals = decimalsForStep(scale.step);
  const fmt = (v: number): string => formatPct(v, pctDecimals);
  const [start, end] = widenForEvent(range.start, range.end, input.event);

  const plot: PlotArea = {
    left: 16,
    right: width - valueAxisWidth(scale.ticks.map(fmt)),
    top: 56,
    bottom: height - BOTTOM_MARGIN,
  };
  const x = (t: number): number => plot.left + ((t - start) / (end - start)) * (plot.right - plot.left);
  const y = (v: number): number =>
    plot.bottom - ((v - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top);

  return (
    svg +
    legend(series, width) +
    valueAxis(scale.ticks, y, fmt, plot) +
    timeAxis(start, end, x, plot, input.timeZone) +
    seriesSvg(input, drawn, { plot, x, y, start, end }) +
    baseNote(input.base ?? 'T0', width, height) +
    zoneNote(canvas, input.timeZone, end) +
    CLOSE_SVG
  );
}
