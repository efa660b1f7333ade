/** Axis maths for the charts: nice value ticks, time ticks in a zone, and gap-aware line segments. */
import { Zone } from '../../domain/calendar/zone.js';
import { isUsablePrice, type PricePoint } from '../../domain/quote.js';

export interface NiceScale {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/** Removes float noise such as 0.30000000000000004. */
function clean(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

const NICE_FACTORS = [1, 2, 2.5, 5];

/**
 * A domain covering [min, max] whose ends are ticks, with 4 to 6 ticks at a 1/2/2.5/5 x 10^n step
 * no finer than minStep (e.g. one unit of the last shown decimal, so tick labels never repeat).
 * Callers must pass max > min.
 */
export function niceScale(min: number, max: number, minStep = 0, minTicks = 4, maxTicks = 6): NiceScale {
  const span = max - min;
  const rough = span / (maxTicks - 1);
  let exponent = Math.floor(Math.log10(rough)) - 1;
  let step = 0;
  let lo = 0;
  let hi = 0;
  for (let guard = 0; guard < 40; guard++) {
    const magnitude = 10 ** exponent;
    let found = false;
    for (const factor of NICE_FACTORS) {
      const candidate = clean(factor * magnitude);
      if (candidate < minStep) continue;
      const l = Math.floor(min / candidate + 1e-9);
      const h = Math.ceil(max / candidate - 1e-9);
      if (h - l + 1 <= maxTicks) {
        step = candidate;
        lo = l;
        hi = h;
        found = true;
        break;
      }
    }
    if (found) break;
    exponent++;
  }
  // A step held up by minStep can leave too few ticks: widen the domain alternately above and below.
  let widenUp = true;
  while (hi - lo + 1 < minTicks) {
    if (widenUp) hi++;
    else lo--;
    widenUp = !widenUp;
  }
  const ticks: number[] = [];
  for (let i = lo; i <= hi; i++) ticks.push(clean(i * step));
  return { min: clean(lo * step), max: clean(hi * step), step, ticks };
}

/** The number of decimals a step needs to be shown exactly (0.25 -> 2, 5 -> 0), at most 6. */
export function decimalsForStep(step: number): number {
  for (let d = 0; d < 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return 6;
}

const MINUTE = 60_000;

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
const zones = new Map<string, Zone>();

/** A zone Intl accepts; an unknown one falls back to UTC rather than failing the chart. */
export function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** HH:MM (24-hour) in the given zone. */
export function formatTime(time: number, timeZone: string): string {
  let fmt = timeFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: safeTimeZone(timeZone),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormatters.set(timeZone, fmt);
  }
  return fmt.format(time);
}

/**
 * How a chart names its zone: the zone's id with its offset at that instant, e.g.
 * `UTC+8 (Asia/Hong_Kong)`, or `EDT (America/New_York)` where Intl knows a short name.
 */
export function zoneLabel(timeZone: string, at: number): string {
  const zone = safeTimeZone(timeZone);
  const offsetMin = Math.round(zoneOffset(at, zone) / MINUTE);
  const sign = offsetMin < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(offsetMin) / 60);
  const m = Math.abs(offsetMin) % 60;
  const numeric = offsetMin === 0 ? 'UTC' : `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
  const short = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const name = short && !/^GMT|^UTC/.test(short) ? short : numeric;
  return zone === 'UTC' ? 'UTC' : `${name} (${zone})`;
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms; the calendar's Zone, cached. */
function zoneOffset(time: number, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new Zone(safeTimeZone(timeZone));
    zones.set(timeZone, zone);
  }
  return zone.offsetAt(time);
}

const TIME_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440];

/**
 * Tick times inside [start, end] on round wall-clock minutes of the zone (e.g. every 30 min on :00
 * and :30), as few steps as keep the count at most maxTicks.
 */
export function timeTicks(start: number, end: number, timeZone: string, maxTicks = 7): number[] {
  if (!(end > start)) return [];
  const offset = zoneOffset(start, timeZone);
  for (const minutes of TIME_STEPS_MIN) {
    const step = minutes * MINUTE;
    const first = Math.ceil((start + offset) / step) * step - offset;
    const count = first > end ? 0 : Math.floor((end - first) / step) + 1;
    if (count <= maxTicks) {
      const ticks: number[] = [];
      for (let t = first; t <= end; t += step) ticks.push(t);
      return ticks;
    }
  }
  return [];
}

/** Usable points (finite time, positive finite price) in time order. */
export function usablePoints(points: readonly PricePoint[]): PricePoint[] {
  return points
    .filter((p) => Number.isFinite(p.time) && isUsablePrice(p.price))
    .sort((a, b) => a.time - b.time);
}

/** Default longest time step drawn as a line; a longer one (a lunch break, a halt) breaks it. */
export const MAX_GAP_MS = 15 * MINUTE;

/** Consecutive runs of points with no step longer than maxGapMs between neighbours. */
export function splitAtGaps<T extends { readonly time: number }>(
  points: readonly T[],
  maxGapMs = MAX_GAP_MS,
): T[][] {
  const segments: T[][] = [];
  let current: T[] = [];
  let previous: T | undefined;
  for (const point of points) {
    if (previous && point.time - previous.time > maxGapMs) {
      segments.push(current);
      current = [];
    }
    current.push(point);
    previous = point;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}
