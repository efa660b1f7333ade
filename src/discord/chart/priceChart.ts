/** The single-instrument intraday chart attached to an alert, built as an SVG string. */
import {
  describeChange,
  formatPrice,
  pctChange,
  toneArrow,
  type Change,
  type ChangeBase,
} from '../../presentation/alertText.js';
import { isUsablePrice, type PricePoint } from '../../domain/quote.js';
import {
  BOTTOM_MARGIN,
  CLOSE_SVG,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  THEME,
  LabelPlacer,
  MIN_FONT_PX,
  boxedLabel,
  chartCanvas,
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
  zoneNote,
  type Canvas,
  type ChartEvent,
  type PlotArea,
} from './frame.js';
import type { BandPoint } from './indicators.js';
import { BOLLINGER_PERIOD, BOLLINGER_STD_DEV, RSI_PERIOD } from './indicators.js';
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

/** The figure the header states; the message's text should show the same one. */
export interface ChartHeadline {
  readonly price: number;
  /** Percent from the base; null when the base is unknown (the header then shows the price only). */
  readonly changePct: number | null;
  readonly base: ChangeBase;
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
  /** IANA zone of every time on the chart (the server's display zone), named under the axis. */
  readonly timeZone: string;
  /**
   * The header's figure, e.g. the alert's own price and day change, so the chart says what the
   * message says; default the last price against the previous close (or the first price: the open).
   */
  readonly headline?: ChartHeadline | undefined;
  /** Line colour by day direction; default green up, red down. */
  readonly colors?: ChartColors | undefined;
  /** Pixels; default 800 x 400. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** Bollinger bands (20, 2), drawn as a shaded band behind the price line (/level). */
  readonly bands?: readonly BandPoint[] | undefined;
  /** The last RSI(14), written under the header summary (/level). */
  readonly rsi?: number | null | undefined;
}

const BAND_COLOR = '#5865f2';

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

/** Where things go: the plot area and the maps from time and price to pixels. */
interface Frame {
  readonly plot: PlotArea;
  readonly x: (time: number) => number;
  readonly y: (price: number) => number;
  readonly start: number;
  readonly end: number;
  readonly lineColor: string;
  readonly fmt: (price: number) => string;
}

/** A trigger we can draw: finite time and a usable price. */
function drawableTrigger(trigger: ChartTrigger | undefined): ChartTrigger | undefined {
  return trigger && Number.isFinite(trigger.time) && isUsablePrice(trigger.price) ? trigger : undefined;
}

/** The headline the caller gave, or the last price against the previous close (else the open). */
function headlineOf(input: ChartInput, points: readonly PricePoint[], previousClose: number | null) {
  if (input.headline && isUsablePrice(input.headline.price)) {
    const { price, changePct, base } = input.headline;
    const change = changePct !== null && Number.isFinite(changePct) ? describeChange(changePct, base) : null;
    return { price, change };
  }
  const price = points[points.length - 1]?.price ?? 0;
  const first = points[0]?.price ?? price;
  const change =
    previousClose === null
      ? describeChange(pctChange(price, first), 'open')
      : describeChange(pctChange(price, previousClose), 'previous close');
  return { price, change };
}

/** Header: the title on the first row; the price, its change and the change's base on the second. */
function summaryHeader(
  input: ChartInput,
  width: number,
  headline: { readonly price: number; readonly change: Change | null },
  frame: Pick<Frame, 'lineColor' | 'fmt'>,
): string {
  const { change } = headline;
  const arrow = change ? toneArrow(change.tone) : '';
  const figure = change ? `  ${change.text}` : '';
  const summary = `${arrow ? `${arrow} ` : ''}${frame.fmt(headline.price)}${figure}`;
  const base = change ? `vs ${change.base}` : '';
  const x = 16 + estimateTextWidth(summary, 14, true) + 8;
  return (
    header(input.title, width, 0) +
    `<text class="last-summary" x="16" y="42" font-size="14" font-weight="bold" fill="${frame.lineColor}">${escapeXml(summary)}</text>` +
    (base
      ? `<text class="change-base" x="${num(x)}" y="42" font-size="${MIN_FONT_PX}" fill="${THEME.muted}">${escapeXml(base)}</text>`
      : '')
  );
}

/** The plot area and scales: every price, the previous close and the trigger in view, the event too. */
function chartFrame(
  input: ChartInput,
  size: Canvas,
  points: readonly PricePoint[],
  extras: { readonly previousClose: number | null; readonly trigger: ChartTrigger | undefined },
  style: Pick<Frame, 'lineColor' | 'fmt'> & { readonly decimals: number },
): Frame & { readonly scale: ReturnType<typeof niceScale> } {
  const { previousClose, trigger } = extras;
  const prices = points.map((p) => p.price);
  if (previousClose !== null) prices.push(previousClose);
  if (trigger) prices.push(trigger.price);
  for (const band of input.bands ?? []) prices.push(band.upper, band.lower);
  const [lo, hi] = valueRange(
    prices.filter((p) => Number.isFinite(p)),
    style.decimals,
  );
  const scale = niceScale(lo, hi, 10 ** -style.decimals);
  const times = points.map((p) => p.time);
  let start = Math.min(times[0] ?? 0, trigger?.time ?? Infinity);
  let end = Math.max(times[times.length - 1] ?? 0, trigger?.time ?? -Infinity);
  [start, end] = widenForEvent(start, end, input.event);

  // Plot area: value labels (and the last price tag) on the right.
  const lastPrice = points[points.length - 1]?.price ?? 0;
  const axisWidth = valueAxisWidth([...scale.ticks.map(style.fmt), style.fmt(lastPrice)]);
  const plot: PlotArea = {
    left: 16,
    right: size.width - axisWidth,
    top: 56,
    bottom: size.height - BOTTOM_MARGIN,
  };
  const x = (t: number): number => plot.left + ((t - start) / (end - start)) * (plot.right - plot.left);
  const y = (v: number): number =>
    plot.bottom - ((v - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top);
  return { plot, x, y, start, end, lineColor: style.lineColor, fmt: style.fmt, scale };
}

/** The shaded area under the line, broken at gaps like the line. */
function areaSvg(segments: readonly (readonly { x: number; y: number }[])[], frame: Frame): string {
  const { plot, lineColor } = frame;
  const gradient =
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
  return (
    gradient + (area ? `<path class="price-area" d="${area}" fill="url(#area-fill)" stroke="none"/>` : '')
  );
}

/** Bollinger bands: the shaded area between upper and lower, the middle dashed; broken at gaps. */
function bandsSvg(bands: readonly BandPoint[], frame: Frame): string {
  const usable = bands.filter((b) => [b.time, b.upper, b.middle, b.lower].every(Number.isFinite));
  let area = '';
  let edges = '';
  let middle = '';
  for (const segment of splitAtGaps(usable)) {
    const upper = segment.map((b) => ({ x: frame.x(b.time), y: frame.y(b.upper) }));
    const lower = segment.map((b) => ({ x: frame.x(b.time), y: frame.y(b.lower) }));
    if (upper.length > 1) area += `${linePath([[...upper, ...[...lower].reverse()]])}Z`;
    edges += linePath([upper, lower]);
    middle += linePath([segment.map((b) => ({ x: frame.x(b.time), y: frame.y(b.middle) }))]);
  }
  if (!edges) return '';
  return (
    `<g class="bollinger" data-bars="${usable.length}">` +
    (area
      ? `<path class="band-area" d="${area}" fill="${BAND_COLOR}" fill-opacity="0.12" stroke="none"/>`
      : '') +
    `<path class="band-edges" d="${edges}" fill="none" stroke="${BAND_COLOR}" stroke-opacity="0.6" stroke-width="1"/>` +
    `<path class="band-middle" d="${middle}" fill="none" stroke="${BAND_COLOR}" stroke-opacity="0.8" stroke-width="1" stroke-dasharray="4 3"/>` +
    '</g>'
  );
}

/** What the indicators on the chart are, with the RSI value, under the header summary. */
function indicatorNote(input: ChartInput, width: number): string {
  const parts: string[] = [];
  if ((input.bands?.length ?? 0) > 0) parts.push(`BB(${BOLLINGER_PERIOD}, ${BOLLINGER_STD_DEV})`);
  if (typeof input.rsi === 'number' && Number.isFinite(input.rsi)) {
    parts.push(`RSI(${RSI_PERIOD}) ${input.rsi.toFixed(1)}`);
  }
  if (parts.length === 0) return '';
  return `<text class="indicators" x="${width - 16}" y="42" font-size="${MIN_FONT_PX}" text-anchor="end" fill="${THEME.axisText}">${escapeXml(parts.join(' · '))}</text>`;
}

/** The trigger dot and its label; placed first, since its label matters most. */
function triggerSvg(trigger: ChartTrigger, frame: Frame, placer: LabelPlacer): string {
  const { plot, lineColor } = frame;
  const tx = frame.x(trigger.time);
  const ty = frame.y(trigger.price);
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
  return (
    `<g class="trigger" data-time="${trigger.time}" data-price="${trigger.price}">` +
    `<circle class="trigger-halo" cx="${num(tx)}" cy="${num(ty)}" r="9" fill="${lineColor}" fill-opacity="0.3"/>` +
    `<circle class="trigger-dot" cx="${num(tx)}" cy="${num(ty)}" r="5" fill="${lineColor}" stroke="${THEME.title}" stroke-width="2"/>` +
    (box ? boxedLabel(label, box, THEME.title, 12, 'trigger-label') : '') +
    '</g>'
  );
}

/** The dashed previous-close line and its label. */
function previousCloseSvg(previousClose: number, frame: Frame, placer: LabelPlacer): string {
  const { plot } = frame;
  const py = frame.y(previousClose);
  const label = `Prev close ${frame.fmt(previousClose)}`;
  const w = estimateTextWidth(label, 12);
  const mid = (plot.left + plot.right - w) / 2;
  // Left, right or centre, above or below the line; none clear of the other labels leaves it bare.
  const box = placer.place(
    [plot.left + 4, plot.right - 4 - w, mid].flatMap((bx) => [
      { x: bx, y: py - 17, w, h: 14 },
      { x: bx, y: py + 3, w, h: 14 },
    ]),
    true,
  );
  return (
    `<g class="previous-close" data-price="${previousClose}">` +
    `<line class="previous-close-line" x1="${num(plot.left)}" y1="${num(py)}" x2="${num(plot.right)}" y2="${num(py)}" stroke="${THEME.muted}" stroke-width="1.2" stroke-dasharray="6 4"/>` +
    (box
      ? `<text class="previous-close-label" x="${num(box.x)}" y="${num(box.y + 11)}" font-size="12" fill="${THEME.muted}">${escapeXml(label)}</text>`
      : '') +
    '</g>'
  );
}

/** The last price as a tag on the value axis. */
function lastPriceTag(last: PricePoint, frame: Frame): string {
  const { plot, lineColor } = frame;
  const lastY = frame.y(last.price);
  const tag = frame.fmt(last.price);
  return (
    `<g class="last-price" data-price="${last.price}">` +
    `<rect x="${num(plot.right + 2)}" y="${num(lastY - 10)}" width="${num(estimateTextWidth(tag, 12, true) + 12)}" height="20" rx="3" fill="${lineColor}"/>` +
    `<text x="${num(plot.right + 8)}" y="${num(lastY + 4)}" font-size="12" font-weight="bold" fill="#ffffff">${escapeXml(tag)}</text>` +
    '</g>'
  );
}

/** Everything inside the plot, in paint order: axes, area, previous close, line, event, trigger, tag. */
function plotSvg(
  input: ChartInput,
  points: readonly PricePoint[],
  frame: Frame & { readonly scale: ReturnType<typeof niceScale> },
  extras: { readonly previousClose: number | null; readonly trigger: ChartTrigger | undefined },
): string {
  const { plot, x, y, start, end, lineColor } = frame;
  const last = points[points.length - 1];
  if (!last) return '';
  let svg = valueAxis(frame.scale.ticks, y, frame.fmt, plot, y(last.price));
  svg += timeAxis(start, end, x, plot, input.timeZone);
  const segments = splitAtGaps(points).map((segment) =>
    segment.map((p) => ({ x: x(p.time), y: y(p.price) })),
  );
  svg += bandsSvg(input.bands ?? [], frame);
  svg += areaSvg(segments, frame);
  const placer = new LabelPlacer(plot, segments.flat());
  // Placement order decides who gets the best spot: trigger, then event, then previous close.
  const trigger = extras.trigger ? triggerSvg(extras.trigger, frame, placer) : '';
  const event = input.event ? eventMarker(input.event, start, end, x, plot, input.timeZone, placer) : '';
  // Previous close under the line, so the line stays on top.
  if (extras.previousClose !== null) svg += previousCloseSvg(extras.previousClose, frame, placer);
  svg += `<path class="price-line" d="${linePath(segments)}" fill="none" stroke="${lineColor}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`;
  return svg + event + trigger + lastPriceTag(last, frame);
}

export function renderChartSvg(input: ChartInput): string {
  const size = chartCanvas(chartSize(input.width, DEFAULT_WIDTH), chartSize(input.height, DEFAULT_HEIGHT));
  const decimals = safeDecimals(input.decimals);
  const colors = { up: input.colors?.up ?? THEME.up, down: input.colors?.down ?? THEME.down };
  const points = usablePoints(input.points);
  const previousClose = isUsablePrice(input.previousClose) ? input.previousClose : null;
  const fmt = (v: number): string => formatPrice(v, decimals);

  const svg = openSvg(size);
  const last = points[points.length - 1];
  const first = points[0];
  if (!first || !last || points.length < 2) {
    const note = points.length === 1 ? `No data (one price: ${fmt(points[0]?.price ?? 0)})` : 'No data';
    return svg + header(input.title, size.width, 0) + noData(size.width, size.height, note) + CLOSE_SVG;
  }

  const headline = headlineOf(input, points, previousClose);
  const style = { lineColor: escapeXml(lineColorOf(headline.change, colors)), fmt, decimals };
  const extras = { previousClose, trigger: drawableTrigger(input.trigger) };
  const frame = chartFrame(input, size, points, extras, style);
  return (
    svg +
    summaryHeader(input, size.width, headline, style) +
    indicatorNote(input, size.width) +
    plotSvg(input, points, frame, extras) +
    zoneNote(size, input.timeZone, last.time) +
    CLOSE_SVG
  );
}

/** The line takes the headline's tone, so a flat (0.00%) day is neither green nor red. */
function lineColorOf(change: Change | null, colors: ChartColors): string {
  if (!change || change.tone === 'flat') return THEME.title;
  return change.tone === 'up' ? colors.up : colors.down;
}
