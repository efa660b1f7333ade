/** The single-instrument intraday chart attached to an alert, built as an SVG string. */
import { formatPct, formatPrice } from '../../domain/format.js';
import { isUsablePrice, type PricePoint } from '../../domain/quote.js';
import {
  CLOSE_SVG,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  THEME,
  LabelPlacer,
  boxedLabel,
  chartSize,
  eventMarker,
  header,
  labelSize,
  linePath,
  noData,
  openSvg,
  timeAxis,
  valueAxis,
  valueAxisWidth,
  widenForEvent,
  type ChartEvent,
  type PlotArea,
} from './frame.js';
import { niceScale, splitAtGaps, usablePoints } from './scale.js';
import { escapeXml, estimateTextWidth, fitText, num } from './svgText.js';

export interface ChartTrigger {
  readonly time: number;
  readonly price: number;
  readonly label: string;
}

export interface ChartColors {
  readonly up: string;
  readonly down: string;
}

export interface ChartInput {
  /** E.g. 'HSI · Hang Seng Index · 2025-06-02'. */
  readonly title: string;
  /** The session's intraday prices, oldest first; a step over 15 min (lunch) breaks the line. */
  readonly points: readonly PricePoint[];
  /** Drawn as a dashed, labelled horizontal line; also decides the line colour. */
  readonly previousClose: number | null;
  /** The price that fired the alert: a marker dot with a label. */
  readonly trigger?: ChartTrigger | undefined;
  /** A news event: vertical line with a short label. */
  readonly event?: ChartEvent | undefined;
  /** Decimals of price labels. */
  readonly decimals: number;
  /** IANA zone of the axis times, e.g. Asia/Hong_Kong. */
  readonly timeZone: string;
  /** Line colour by day direction; default green up, red down. */
  readonly colors?: ChartColors | undefined;
  /** Pixels; default 800 x 400. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** Decimals we can show: an integer from 0 to 8. */
function safeDecimals(decimals: number): number {
  return Number.isFinite(decimals) ? Math.min(8, Math.max(0, Math.round(decimals))) : 2;
}

/** The y range to show: every price, the previous close and the trigger, never empty. */
function valueRange(prices: readonly number[], decimals: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of prices) {
    lo = Math.min(lo, p);
    hi = Math.max(hi, p);
  }
  const unit = 10 ** -decimals;
  if (hi - lo < unit * 2) {
    // Flat (or nearly): pad around the level so the line sits in the middle instead of dividing by zero.
    const pad = Math.max(Math.abs(hi) * 0.0005, unit * 2);
    return [lo - pad, hi + pad];
  }
  // A little air so the extremes do not touch the frame.
  const air = (hi - lo) * 0.04;
  return [lo - air, hi + air];
}

export function renderChartSvg(input: ChartInput): string {
  const width = chartSize(input.width, DEFAULT_WIDTH);
  const height = chartSize(input.height, DEFAULT_HEIGHT);
  const decimals = safeDecimals(input.decimals);
  const colors = { up: input.colors?.up ?? THEME.up, down: input.colors?.down ?? THEME.down };
  const points = usablePoints(input.points);
  const previousClose = isUsablePrice(input.previousClose) ? input.previousClose : null;
  const fmt = (v: number): string => formatPrice(v, decimals);

  let svg = openSvg(width, height);
  const last = points[points.length - 1];
  const first = points[0];
  if (!first || !last || points.length < 2) {
    svg += header(input.title, width, 0);
    svg += noData(
      width,
      height,
      points.length === 1 ? `No data (one price: ${fmt(points[0]?.price ?? 0)})` : 'No data',
    );
    return svg + CLOSE_SVG;
  }

  const reference = previousClose ?? first.price;
  const up = last.price >= reference;
  const lineColor = escapeXml(up ? colors.up : colors.down);

  // Header: title left, last price and day change right.
  const change = previousClose === null ? '' : `  ${formatPct((last.price / previousClose - 1) * 100)}`;
  const summary = `${up ? '▲' : '▼'} ${fmt(last.price)}${change}`;
  const summaryWidth = estimateTextWidth(summary, 15, true);
  svg += header(input.title, width, summaryWidth);
  svg += `<text class="last-summary" x="${width - 16}" y="28" font-size="15" font-weight="bold" text-anchor="end" fill="${lineColor}">${escapeXml(summary)}</text>`;

  // Domains.
  const trigger =
    input.trigger && Number.isFinite(input.trigger.time) && isUsablePrice(input.trigger.price)
      ? input.trigger
      : undefined;
  const prices = points.map((p) => p.price);
  if (previousClose !== null) prices.push(previousClose);
  if (trigger) prices.push(trigger.price);
  const [lo, hi] = valueRange(prices, decimals);
  const scale = niceScale(lo, hi, 10 ** -decimals);
  let start = first.time;
  let end = last.time;
  if (trigger) {
    start = Math.min(start, trigger.time);
    end = Math.max(end, trigger.time);
  }
  [start, end] = widenForEvent(start, end, input.event);

  // Plot area: value labels (and the last price tag) on the right.
  const axisWidth = valueAxisWidth([...scale.ticks.map(fmt), fmt(last.price)]);
  const plot: PlotArea = { left: 16, right: width - axisWidth, top: 48, bottom: height - 30 };
  const x = (t: number): number => plot.left + ((t - start) / (end - start)) * (plot.right - plot.left);
  const y = (v: number): number =>
    plot.bottom - ((v - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top);

  const lastY = y(last.price);
  svg += valueAxis(scale.ticks, y, fmt, plot, lastY);
  svg += timeAxis(start, end, x, plot, input.timeZone);

  // Area under the line and the line itself, broken at gaps.
  const segments = splitAtGaps(points).map((segment) =>
    segment.map((p) => ({ x: x(p.time), y: y(p.price) })),
  );
  svg +=
    `<defs><linearGradient id="area-fill" gradientUnits="userSpaceOnUse" x1="0" y1="${num(plot.top)}" x2="0" y2="${num(plot.bottom)}">` +
    `<stop offset="0" stop-color="${lineColor}" stop-opacity="0.28"/><stop offset="1" stop-color="${lineColor}" stop-opacity="0.02"/>` +
    '</linearGradient></defs>';
  const area = segments
    .filter((s) => s.length > 1)
    .map(
      (s) =>
        `${linePath([s])}L${num(s[s.length - 1]?.x ?? 0)} ${num(plot.bottom)}L${num(s[0]?.x ?? 0)} ${num(plot.bottom)}Z`,
    )
    .join('');
  if (area) svg += `<path class="price-area" d="${area}" fill="url(#area-fill)" stroke="none"/>`;

  const placer = new LabelPlacer(plot, segments.flat());

  // Trigger first: its label matters most, so it gets the best spot.
  let triggerSvg = '';
  if (trigger) {
    const tx = x(trigger.time);
    const ty = y(trigger.price);
    placer.reserve({ x: tx - 10, y: ty - 10, w: 20, h: 20 });
    const label = fitText(trigger.label.replace(/\s+/g, ' ').trim(), (plot.right - plot.left) / 2, 12);
    const { w, h } = labelSize(label);
    const box = label
      ? placer.place([
          { x: tx + 12, y: ty - 12 - h, w, h },
          { x: tx - 12 - w, y: ty - 12 - h, w, h },
          { x: tx + 12, y: ty + 12, w, h },
          { x: tx - 12 - w, y: ty + 12, w, h },
        ])
      : undefined;
    triggerSvg =
      `<g class="trigger" data-time="${trigger.time}" data-price="${trigger.price}">` +
      `<circle class="trigger-halo" cx="${num(tx)}" cy="${num(ty)}" r="9" fill="${lineColor}" fill-opacity="0.3"/>` +
      `<circle class="trigger-dot" cx="${num(tx)}" cy="${num(ty)}" r="5" fill="${lineColor}" stroke="${THEME.title}" stroke-width="2"/>` +
      (box ? boxedLabel(label, box, THEME.title, 12, 'trigger-label') : '') +
      '</g>';
  }

  const eventSvg = input.event ? eventMarker(input.event, start, end, x, plot, input.timeZone, placer) : '';

  // Previous close under the line, so the line stays on top.
  if (previousClose !== null) {
    const py = y(previousClose);
    const label = `Prev close ${fmt(previousClose)}`;
    const w = estimateTextWidth(label, 12);
    const box = placer.place([
      { x: plot.left + 4, y: py - 17, w, h: 14 },
      { x: plot.right - 4 - w, y: py - 17, w, h: 14 },
      { x: plot.left + 4, y: py + 3, w, h: 14 },
      { x: plot.right - 4 - w, y: py + 3, w, h: 14 },
    ]);
    svg +=
      `<g class="previous-close" data-price="${previousClose}">` +
      `<line class="previous-close-line" x1="${num(plot.left)}" y1="${num(py)}" x2="${num(plot.right)}" y2="${num(py)}" stroke="${THEME.muted}" stroke-width="1.2" stroke-dasharray="6 4"/>` +
      (box
        ? `<text class="previous-close-label" x="${num(box.x)}" y="${num(box.y + 11)}" font-size="12" fill="${THEME.muted}">${escapeXml(label)}</text>`
        : '') +
      '</g>';
  }

  svg += `<path class="price-line" d="${linePath(segments)}" fill="none" stroke="${lineColor}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`;
  svg += eventSvg + triggerSvg;

  // Last price tag on the value axis.
  const tag = fmt(last.price);
  svg +=
    `<g class="last-price" data-price="${last.price}">` +
    `<rect x="${num(plot.right + 2)}" y="${num(lastY - 10)}" width="${num(estimateTextWidth(tag, 12, true) + 12)}" height="20" rx="3" fill="${lineColor}"/>` +
    `<text x="${num(plot.right + 8)}" y="${num(lastY + 4)}" font-size="12" font-weight="bold" fill="#ffffff">${escapeXml(tag)}</text>` +
    '</g>';

  return svg + CLOSE_SVG;
}
