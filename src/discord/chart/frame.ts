/** Pieces both charts share: theme, canvas size, header, axes, event marker and the no-data note. */
import { formatTime, timeTicks, zoneLabel } from './scale.js';
import { escapeXml, estimateTextWidth, fitText, num, truncateChars } from './svgText.js';

/** Colours chosen to sit on Discord's dark theme. */
export const THEME = {
  background: '#2b2d31',
  grid: '#3b3d44',
  axis: '#4e5058',
  axisText: '#b5bac1',
  title: '#f2f3f5',
  muted: '#949ba4',
  labelBackground: '#1e1f22',
  event: '#f0b232',
  up: '#23a55a',
  down: '#f23f43',
} as const;

/** The family of the bundled font; the renderer is told to use it for every text element. */
export const FONT_FAMILY = 'DejaVu Sans';

export const DEFAULT_WIDTH = 800;
export const DEFAULT_HEIGHT = 480;
const MIN_SIZE = 200;
/**
 * The width, in px, a chart is laid out for: what Discord shows an embed image at (about 400 px on
 * a desktop, the screen's width less margins on a phone). A wider PNG is the same layout drawn at a
 * higher pixel ratio (its viewBox stays this wide), so text keeps its size when Discord scales the
 * image down to a 360 px phone instead of shrinking to 5 px.
 */
export const LAYOUT_WIDTH = 400;
/** The shortest layout height; a very wide, short PNG is scaled less so its plot keeps some height. */
const LAYOUT_MIN_HEIGHT = 200;
/** The smallest font size any chart text uses, in layout px. */
export const MIN_FONT_PX = 11;
/** Space under the plot: the time labels, then the line naming the zone. */
export const BOTTOM_MARGIN = 40;
const MAX_SIZE = 4000;
/** The longest event label shown before it is cut with an ellipsis. */
export const EVENT_LABEL_MAX_CHARS = 48;

export interface ChartEvent {
  readonly time: number;
  readonly label: string;
}

/** A whole-pixel size within sane bounds; a missing or nonsense value gets the default. */
export function chartSize(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(value)));
}

export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The PNG's pixel size and the layout size (viewBox) everything is placed in. */
export interface Canvas {
  /** PNG pixels. */
  readonly widthPx: number;
  readonly heightPx: number;
  /** Layout units: what the chart is drawn in. */
  readonly width: number;
  readonly height: number;
}

/** The canvas of a PNG of this size: laid out at LAYOUT_WIDTH, never scaled below 1:1. */
export function chartCanvas(widthPx: number, heightPx: number): Canvas {
  const scale = Math.max(1, Math.min(widthPx / LAYOUT_WIDTH, heightPx / LAYOUT_MIN_HEIGHT));
  return { widthPx, heightPx, width: widthPx / scale, height: heightPx / scale };
}

export function openSvg(canvas: Canvas): string {
  const { width, height } = canvas;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas.widthPx}" height="${canvas.heightPx}" viewBox="0 0 ${num(width)} ${num(height)}"` +
    ` font-family="${FONT_FAMILY}, sans-serif">` +
    `<rect class="background" x="0" y="0" width="${num(width)}" height="${num(height)}" fill="${THEME.background}"/>`
  );
}

/** The line under the time axis naming the zone every time on the chart is in. */
export function zoneNote(canvas: Canvas, timeZone: string, at: number): string {
  return `<text class="time-zone" x="16" y="${num(canvas.height - 6)}" font-size="${MIN_FONT_PX}" fill="${THEME.muted}">${escapeXml(`Times: ${zoneLabel(timeZone, at)}`)}</text>`;
}

export const CLOSE_SVG = '</svg>';

/** Title on the left of the header, cut to leave room for a right-hand summary of the given width. */
export function header(title: string, width: number, rightReserved: number): string {
  const available = width - 32 - (rightReserved > 0 ? rightReserved + 16 : 0);
  const text = fitText(title.replace(/\s+/g, ' ').trim(), Math.max(40, available), 15, true);
  return `<text class="title" x="16" y="22" font-size="15" font-weight="bold" fill="${THEME.title}">${escapeXml(text)}</text>`;
}

/** The centred note drawn instead of a plot when there is too little data. */
export function noData(width: number, height: number, note = 'No data'): string {
  return (
    `<text class="no-data" x="${num(width / 2)}" y="${num(height / 2)}" font-size="18" text-anchor="middle" fill="${THEME.muted}">` +
    `${escapeXml(note)}</text>`
  );
}

/** Horizontal grid lines and their labels on the right of the plot; labels too near `avoidY` are left out. */
export function valueAxis(
  ticks: readonly number[],
  y: (value: number) => number,
  label: (value: number) => string,
  plot: PlotArea,
  avoidY?: number,
): string {
  let out = '<g class="y-axis">';
  for (const tick of ticks) {
    const ty = y(tick);
    out += `<line class="grid" x1="${num(plot.left)}" y1="${num(ty)}" x2="${num(plot.right)}" y2="${num(ty)}" stroke="${THEME.grid}" stroke-width="1"/>`;
    if (avoidY !== undefined && Math.abs(avoidY - ty) < 14) continue;
    out += `<text class="y-tick" x="${num(plot.right + 8)}" y="${num(ty + 4)}" font-size="12" fill="${THEME.axisText}">${escapeXml(label(tick))}</text>`;
  }
  return `${out}</g>`;
}

/** Width the value labels need to the right of the plot. */
export function valueAxisWidth(labels: readonly string[]): number {
  let widest = 0;
  for (const text of labels) widest = Math.max(widest, estimateTextWidth(text, 12, true));
  return Math.ceil(widest) + 20;
}

/** Time labels (HH:MM in the zone) under the plot, with faint vertical grid lines. */
export function timeAxis(
  start: number,
  end: number,
  x: (time: number) => number,
  plot: PlotArea,
  timeZone: string,
): string {
  // At least 70 px per label (an HH:MM is about 35 px), so a phone-width chart gets 3 or 4.
  const maxTicks = Math.max(2, Math.min(7, Math.floor((plot.right - plot.left) / 70)));
  let out = `<g class="x-axis"><line class="axis" x1="${num(plot.left)}" y1="${num(plot.bottom)}" x2="${num(plot.right)}" y2="${num(plot.bottom)}" stroke="${THEME.axis}" stroke-width="1"/>`;
  for (const tick of timeTicks(start, end, timeZone, maxTicks)) {
    const tx = x(tick);
    const anchor = tx - plot.left < 20 ? 'start' : plot.right - tx < 20 ? 'end' : 'middle';
    out +=
      `<line class="grid" x1="${num(tx)}" y1="${num(plot.top)}" x2="${num(tx)}" y2="${num(plot.bottom)}" stroke="${THEME.grid}" stroke-width="1" stroke-opacity="0.5"/>` +
      `<text class="x-tick" x="${num(tx)}" y="${num(plot.bottom + 16)}" font-size="12" text-anchor="${anchor}" fill="${THEME.axisText}">${formatTime(tick, timeZone)}</text>`;
  }
  return `${out}</g>`;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The box a boxed label of this text takes, at the origin. */
export function labelSize(text: string, fontSize = 12): { w: number; h: number } {
  return { w: estimateTextWidth(text, fontSize) + 10, h: fontSize + 8 };
}

/** A small label on a dark box (top-left at box.x, box.y) so it stays readable over lines. */
export function boxedLabel(
  text: string,
  box: Box,
  color: string,
  fontSize = 12,
  className = 'label',
): string {
  return (
    `<rect class="${className}-box" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="3" fill="${THEME.labelBackground}" fill-opacity="0.85"/>` +
    `<text class="${className}" x="${num(box.x + 5)}" y="${num(box.y + (box.h + fontSize * 0.72) / 2)}" font-size="${fontSize}" fill="${color}">${escapeXml(text)}</text>`
  );
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Places labels where they hide the least: each label takes, among its candidate boxes, the one that
 * stays inside the plot, overlaps no label placed before it and covers the fewest line points.
 */
export class LabelPlacer {
  private readonly placed: Box[] = [];

  constructor(
    private readonly plot: PlotArea,
    private readonly obstacles: readonly { readonly x: number; readonly y: number }[],
  ) {}

  /** Marks an area (e.g. a marker dot) as taken. */
  reserve(box: Box): void {
    this.placed.push(box);
  }

  /** The best candidate; with `clearOnly`, none rather than one over a label placed before. */
  place(candidates: readonly Box[], clearOnly = false): Box | undefined {
    let best: Box | undefined;
    let bestScore = Infinity;
    for (const box of candidates) {
      let score = 0;
      if (box.x < this.plot.left || box.x + box.w > this.plot.right) score += 10_000;
      if (box.y < this.plot.top || box.y + box.h > this.plot.bottom) score += 10_000;
      for (const other of this.placed) if (intersects(box, other)) score += 1_000;
      for (const p of this.obstacles) {
        if (p.x >= box.x - 2 && p.x <= box.x + box.w + 2 && p.y >= box.y - 2 && p.y <= box.y + box.h + 2)
          score++;
      }
      if (score < bestScore) {
        best = box;
        bestScore = score;
      }
    }
    if (clearOnly && bestScore >= 1_000) return undefined;
    if (best) this.placed.push(best);
    return best;
  }
}

/**
 * How far to stretch the time domain so a nearby event gets a proper vertical line: an event within a
 * quarter of the data's span of it widens the domain; one further away is shown as an edge note.
 */
export function widenForEvent(start: number, end: number, event: ChartEvent | undefined): [number, number] {
  if (!event || !Number.isFinite(event.time)) return [start, end];
  const slack = (end - start) * 0.25;
  if (event.time < start && event.time >= start - slack) return [event.time, end];
  if (event.time > end && event.time <= end + slack) return [start, event.time];
  return [start, end];
}

/** Vertical dashed line at the event with a short label; an event off the chart gets an edge note. */
export function eventMarker(
  event: ChartEvent,
  start: number,
  end: number,
  x: (time: number) => number,
  plot: PlotArea,
  timeZone: string,
  placer: LabelPlacer,
): string {
  if (!Number.isFinite(event.time)) return '';
  const label = truncateChars(event.label.replace(/\s+/g, ' ').trim(), EVENT_LABEL_MAX_CHARS);
  const time = formatTime(event.time, timeZone);
  const plotWidth = plot.right - plot.left;
  const fit = (text: string): string => fitText(text, plotWidth - 24, 12);
  const top = plot.top + 4;
  const bottom = plot.bottom - 24;
  if (event.time < start || event.time > end) {
    const before = event.time < start;
    const text = fit(before ? `◀ ${time} ${label}` : `${time} ${label} ▶`);
    const { w, h } = labelSize(text);
    const bx = before ? plot.left + 4 : plot.right - 4 - w;
    const box = placer.place([
      { x: bx, y: top, w, h },
      { x: bx, y: bottom, w, h },
    ]);
    return (
      `<g class="event" data-time="${event.time}" data-in-range="false">` +
      (box ? boxedLabel(text, box, THEME.event, 12, 'event-label') : '') +
      '</g>'
    );
  }
  const ex = x(event.time);
  const text = fit(`${time} ${label}`);
  const { w, h } = labelSize(text);
  const right = Math.min(ex + 4, plot.right - w);
  const left = Math.max(ex - 4 - w, plot.left);
  const box = placer.place([
    { x: right, y: top, w, h },
    { x: left, y: top, w, h },
    { x: right, y: bottom, w, h },
    { x: left, y: bottom, w, h },
  ]);
  return (
    `<g class="event" data-time="${event.time}" data-in-range="true">` +
    `<line class="event-line" x1="${num(ex)}" y1="${num(plot.top)}" x2="${num(ex)}" y2="${num(plot.bottom)}" stroke="${THEME.event}" stroke-width="1.5" stroke-dasharray="5 4"/>` +
    (box ? boxedLabel(text, box, THEME.event, 12, 'event-label') : '') +
    '</g>'
  );
}

/** An SVG path through the points of each segment: one M per segment, so gaps stay gaps. */
export function linePath(segments: readonly (readonly { x: number; y: number }[])[]): string {
  const parts: string[] = [];
  for (const segment of segments) {
    const [first, ...rest] = segment;
    if (!first) continue;
    let d = `M${num(first.x)} ${num(first.y)}`;
    // A lone point between gaps still gets a visible stub.
    if (rest.length === 0) d += 'h0.5';
    for (const p of rest) d += `L${num(p.x)} ${num(p.y)}`;
    parts.push(d);
  }
  return parts.join('');
}
