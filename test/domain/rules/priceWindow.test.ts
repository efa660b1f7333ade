import { describe, expect, it } from 'vitest';
import { PriceWindow } from '../../../src/domain/rules/priceWindow.js';

const SECOND = 1_000;

/** What the window must answer after each push: the first of the pushed points not older than `windowMs`. */
function naiveFirst(points: readonly (readonly [number, number])[], windowMs: number) {
  const last = points.at(-1);
  if (last === undefined) return null;
  return points.find(([time]) => time >= last[0] - windowMs) ?? null;
}

describe('PriceWindow', () => {
  it('GIVEN irregular prints wrapping the ring and outgrowing it THEN the first point is always the oldest one inside the window', () => {
    // Windows that wrap a small ring (60 s, a few prints) and ones that force it to grow (600 s, ~200 prints).
    for (const windowMs of [60 * SECOND, 600 * SECOND]) {
      const window = new PriceWindow(windowMs);
      const points: [number, number][] = [];
      let time = 0;
      for (let i = 0; i < 2_000; i++) {
        time += ((i * 7919) % 5) * SECOND + 1;
        const point: [number, number] = [time, 100 + ((i * 31) % 17)];
        points.push(point);
        window.push(point[0], point[1]);
        const expected = naiveFirst(points, windowMs);
        expect([window.firstTime(), window.firstPrice()]).toEqual(expected);
      }
    }
  });

  it('GIVEN a cleared window THEN it is empty and fills again from the next push', () => {
    const window = new PriceWindow(60 * SECOND);
    for (let i = 0; i < 100; i++) window.push(i * SECOND, 100 + i);
    window.clear();
    expect(window.firstPrice()).toBeNull();
    expect(window.firstTime()).toBeNull();
    window.push(200 * SECOND, 7);
    window.push(201 * SECOND, 8);
    expect([window.firstTime(), window.firstPrice()]).toEqual([200 * SECOND, 7]);
  });
});
