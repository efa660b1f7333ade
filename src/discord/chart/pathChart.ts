/** Average reaction paths: each instrument's mean % move by minutes after the event, with its spread. */
import { formatPct } from '../../presentation/alertText.js';
import {
  BOTTOM_MARGIN,
  CLOSE_SVG,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  MIN_FONT_PX,
  THEME,
  chartCanvas,
  chartSize,
  header,
  linePath,
  noData,
  openSvg,
  valueAxis,
  valueAxisWidth,
  type PlotArea,
} from './frame.js';
import { SERIES_PALETTE } from './normalisedChart.js';
import { decimalsForStep, niceScale } from './scale.js';
import { escapeXml, estimateTextWidth, fitText, num } from './svgText.js';

export interface PathSeries {
  readonly label: string;
  /** Minutes after the base, the mean % move and its lower and upper spread (e.g. quartiles). */
  readonly points: readonly {
    readonly minutes: number;
    readonly mean: number;
    readonly low: number;
    readonly high: number;
  }[];
}

export interface PathChartInput {
  readonly title: string;
  readonly series: readonly PathSeries[];
  /** What the band shows and the base, written under the axis, e.g. 'mean · band: interquartile range · % vs T0'. */
  readonly note: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

type Frame = { plot: PlotArea; x: (m: number) => number; y: (v: number) => number };

/** The minute axis: T0 and round steps after it. */
function minuteAxis(maxMinutes: number, frame: Frame): string {
  const step = maxMinutes > 90 ? 30 : maxMinutes > 30 ? 15 : 5;
  const { plot } = frame;
  let out = `<g class="x-axis"><line class="axis" x1="${num(plot.left)}" y1="${num(plot.bottom)}" x2="${num(plot.right)}" y2="${num(plot.bottom)}" stroke="${THEME.axis}" stroke-width="1"/>`;
  for (let m = 0; m <= maxMinutes; m += step) {
    const tx = frame.x(m);
    const anchor = m === 0 ? 'start' : plot.right - tx < 20 ? 'end' : 'middle';
    out += `<text class="x-tick" x="${num(tx)}" y="${num(plot.bottom + 16)}" font-size="12" text-anchor="${anchor}" fill="${THEME.axisText}">${m === 0 ? 'T0' : `+${m}m`}</text>`;
  }
  return `${out}</g>`;
}

/** One instrument: its band (low to high) shaded, its mean as a line. */
function seriesSvg(series: PathSeries, color: string, frame: Frame): string {
  const upper = series.points.map((p) => ({ x: frame.x(p.minutes), y: frame.y(p.high) }));
  const lower = series.points.map((p) => ({ x: frame.x(p.minutes), y: frame.y(p.low) }));
  const mean = series.points.map((p) => ({ x: frame.x(p.minutes), y: frame.y(p.mean) }));
  return (
    `<g class="path" data-series="${escapeXml(series.label)}">` +
    `<path class="path-band" d="${linePath([[...upper, ...[...lower].reverse()]])}Z" fill="${color}" fill-opacity="0.18" stroke="none"/>` +
    `<path class="path-mean" d="${linePath([mean])}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"/>` +
    '</g>'
  );
}

const LEGEND_ROW_PX = 16;

/** The legend, in as many rows as it needs: swatch, label and the mean at the last minute. */
function legend(series: readonly PathSeries[], width: number): { svg: string; rows: number } {
  let out = '<g class="legend">';
  let lx = 16;
  let row = 0;
  series.forEach((s, i) => {
    const last = s.points[s.points.length - 1];
    const text = `${s.label} ${last ? formatPct(last.mean) : 'no data'}`;
    const itemWidth = 20 + estimateTextWidth(text, 12) + 14;
    if (lx + itemWidth > width - 16 && lx > 16) {
      row++;
      lx = 16;
    }
    const ly = 41 + row * LEGEND_ROW_PX;
    const color = SERIES_PALETTE[i % SERIES_PALETTE.length] ?? THEME.title;
    out += `<rect x="${num(lx)}" y="${ly - 6}" width="14" height="4" rx="2" fill="${color}"/><text class="legend-label" x="${num(lx + 20)}" y="${ly}" font-size="12" fill="${THEME.axisText}">${escapeXml(text)}</text>`;
    lx += itemWidth;
  });
  return { svg: `${out}</g>`, rows: row + 1 };
}

export function renderPathChartSvg(input: PathChartInput): string {
  const canvas = chartCanvas(chartSize(input.width, DEFAULT_WIDTH), chartSize(input.height, DEFAULT_HEIGHT));
  const { width, height } = canvas;
  const svg = openSvg(canvas) + header(input.title, width, 0);
  const drawn = input.series.filter((s) => s.points.length >= 2);
  if (drawn.length === 0) return svg + noData(width, height, 'No measured reactions') + CLOSE_SVG;
  const values = drawn.flatMap((s) => s.points.flatMap((p) => [p.low, p.high, p.mean]));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const scale = niceScale(lo - 0.05, hi + 0.05, 0.01);
  const fmt = (v: number): string => formatPct(v, decimalsForStep(scale.step));
  const maxMinutes = Math.max(...drawn.flatMap((s) => s.points.map((p) => p.minutes)));
  const key = legend(input.series, width);
  const plot: PlotArea = {
    left: 16,
    right: width - valueAxisWidth(scale.ticks.map(fmt)),
    top: 52 + (key.rows - 1) * LEGEND_ROW_PX,
    bottom: height - BOTTOM_MARGIN,
  };
  const frame: Frame = {
    plot,
    x: (m) => plot.left + (m / maxMinutes) * (plot.right - plot.left),
    y: (v) => plot.bottom - ((v - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top),
  };
  const zy = frame.y(0);
  return (
    svg +
    key.svg +
    valueAxis(scale.ticks, frame.y, fmt, plot) +
    minuteAxis(maxMinutes, frame) +
    `<line class="zero-line" x1="${num(plot.left)}" y1="${num(zy)}" x2="${num(plot.right)}" y2="${num(zy)}" stroke="${THEME.muted}" stroke-width="1.2"/>` +
    input.series
      .map((s, i) =>
        s.points.length >= 2
          ? seriesSvg(s, SERIES_PALETTE[i % SERIES_PALETTE.length] ?? THEME.title, frame)
          : '',
      )
      .join('') +
    `<text class="path-note" x="16" y="${num(height - 6)}" font-size="${MIN_FONT_PX}" fill="${THEME.muted}">${escapeXml(fitText(input.note, width - 32, MIN_FONT_PX))}</text>` +
    CLOSE_SVG
  );
}
