import { MINUTES_PER_DAY, MS_PER_DAY, MS_PER_MINUTE, dayNumber } from './civil.js';

/** Local wall clock at an instant: civil day number and minute of that day. */
export interface WallClock {
  readonly day: number;
  readonly minute: number;
}

const HOUR = 3_600_000;

/** Converts between instants and wall-clock time in one IANA zone, DST included. */
export class Zone {
  private readonly format: Intl.DateTimeFormat;
  /** Offset that holds all through a civil day, or null on a day the offset changes. */
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  wallClock(at: number): WallClock {
    const p = this.fields(at);
    return { day: dayNumber(p.year, p.month, p.day), minute: p.hour * 60 + p.minute };
  }

  /** The instant the wall clock shows `minute` (0…1440) on civil `day`. */
  toEpoch(day: number, minute: number): number {
    const whole = Math.floor(minute / MINUTES_PER_DAY);
    const civil = day + whole;
    const local = civil * MS_PER_DAY + (minute - whole * MINUTES_PER_DAY) * MS_PER_MINUTE;
    const offset = this.dayOffset(civil);
    if (offset !== null) return local - offset;
    // On a DST day the offset at a first guess can differ from the offset at the answer.
    return local - this.offsetAt(local - this.offsetAt(local));
  }

  /** Formatting is slow (µs), so a day whose offset cannot change is resolved with two look-ups. */
  private dayOffset(day: number): number | null {
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      // Every zone is within UTC-12…+14, so these two instants bracket the whole local day.
      const before = this.offsetAt(day * MS_PER_DAY - 14 * HOUR);
      const after = this.offsetAt((day + 1) * MS_PER_DAY + 12 * HOUR);
      offset = before === after ? before : null;
      this.dayOffsets.set(day, offset);
    }
    return offset;
  }

  /** Local time minus UTC, in ms, at an instant. */
  offsetAt(at: number): number {
    const p = this.fields(at);
    const localAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return localAsUtc - (at - (((at % 1000) + 1000) % 1000));
  }

  private fields(at: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.format.formatToParts(at)) {
      if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
    }
    return out;
  }
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
