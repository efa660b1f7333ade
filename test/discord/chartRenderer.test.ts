import { afterAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/discord/chart/chartRenderer.js';
import { renderChartSvg, svgToPng } from '../../src/discord/chart/index.js';
import type { PricePoint } from '../../src/domain/quote.js';

const T = Date.parse('2025-06-02T01:30:00Z');
const points: PricePoint[] = Array.from({ length: 120 }, (_, i) => ({
  time: T + i * 60_000,
  price: 23_289 - i * 2 + Math.sin(i / 5) * 15,
}));
const svg = renderChartSvg({
  title: 'HSI · Hang Seng Index · 2025-06-02',
  points,
  previousClose: 23_289.77,
  decimals: 2,
  timeZone: 'Asia/Hong_Kong',
});

/** A generous timeout: the worker's cold start under tsx takes seconds on a busy machine. */
const renderer = createChartRenderer(30_000);
afterAll(async () => {
  await renderer.close();
});

describe('chart renderer (worker thread)', () => {
  it('GIVEN an SVG THEN the worker returns the same PNG as rendering it here', async () => {
    const png = await renderer.render(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.equals(svgToPng(svg))).toBe(true);
  });

  it('GIVEN a render in flight THEN timers on this thread keep running until it resolves', async () => {
    const order: string[] = [];
    const rendering = renderer.render(svg).then(() => order.push('rendered'));
    setImmediate(() => order.push('event loop turned'));
    await rendering;
    expect(order).toEqual(['event loop turned', 'rendered']);
  });

  it('GIVEN several renders at once THEN each caller gets its own chart', async () => {
    const small = svg.replace('width="800" height="480"', 'width="400" height="240"');
    const [a, b] = await Promise.all([renderer.render(svg), renderer.render(small)]);
    expect(a.readUInt32BE(16)).toBe(800);
    expect(b.readUInt32BE(16)).toBe(400);
  });

  it('GIVEN a document resvg cannot parse THEN the render rejects with one line and the worker stays usable', async () => {
    await expect(renderer.render('<svg')).rejects.toThrow(/^chart render failed: /);
    expect((await renderer.render(svg)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('GIVEN a render slower than the timeout THEN it rejects saying so', async () => {
    const impatient = createChartRenderer(1);
    await expect(impatient.render(svg)).rejects.toThrow('chart render took over 1 ms; worker restarted');
    await impatient.close();
  });

  it('GIVEN close() with a render pending THEN the render rejects; close() twice is fine', async () => {
    const closing = createChartRenderer(30_000);
    const rejected = expect(closing.render(svg)).rejects.toThrow('chart worker stopped');
    await closing.close();
    await closing.close();
    await rejected;
  });
});
