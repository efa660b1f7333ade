/**
 * PNG charts for Discord messages: the intraday chart of one alert and a normalised multi-instrument
 * chart. The SVG builders are pure; the PNG functions add rendering with the bundled fonts, on the
 * chart worker thread (chartRenderer.ts) so the event loop never waits on a render.
 */
import { closeChartRenderer, renderSvgOffThread } from './chartRenderer.js';
import { renderNormalisedChartSvg, type MultiChartInput } from './normalisedChart.js';
import { renderPathChartSvg } from './pathChart.js';
import { renderChartSvg, type ChartInput } from './priceChart.js';
import { svgToPng } from './render.js';

export type { ChartEvent } from './frame.js';
export type { MultiChartInput, NormalisedSeries } from './normalisedChart.js';
export type { PathChartInput, PathSeries } from './pathChart.js';
export type { BandPoint } from './indicators.js';
export type { ChartColors, ChartInput, ChartTrigger } from './priceChart.js';
export { closeChartRenderer, renderChartSvg, renderNormalisedChartSvg, renderPathChartSvg, svgToPng };

/** The alert chart as a PNG (default 800 x 400), rendered here and now: for tools and benchmarks. */
export function renderChartPng(input: ChartInput): Buffer {
  return svgToPng(renderChartSvg(input));
}

/** The alert chart as a PNG, rendered on the chart worker. */
export function renderChartPngOffThread(input: ChartInput): Promise<Buffer> {
  return renderSvgOffThread(renderChartSvg(input));
}

/**
 * Each series as % change from its first price at or after baseTime, with a zero line and a legend,
 * as a PNG rendered on the chart worker.
 */
export function renderNormalisedChartPngOffThread(input: MultiChartInput): Promise<Buffer> {
  return renderSvgOffThread(renderNormalisedChartSvg(input));
}
