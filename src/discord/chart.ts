/**
 * PNG charts for Discord messages: the intraday chart of one alert and a normalised multi-instrument
 * chart. The SVG builders are pure; the PNG functions add rendering with a bundled font.
 */
import { renderNormalisedChartSvg, type MultiChartInput } from './chart/normalisedChart.js';
import { renderChartSvg, type ChartInput } from './chart/priceChart.js';
import { svgToPng } from './chart/render.js';

export type { ChartEvent } from './chart/frame.js';
export type { MultiChartInput, NormalisedSeries } from './chart/normalisedChart.js';
export type { ChartColors, ChartInput, ChartTrigger } from './chart/priceChart.js';
export { renderChartSvg, renderNormalisedChartSvg, svgToPng };

/** The alert chart as a PNG (default 800 x 400). */
export function renderChartPng(input: ChartInput): Buffer {
  return svgToPng(renderChartSvg(input));
}

/** Each series as % change from its first price at or after baseTime, with a zero line and a legend. */
export function renderNormalisedChartPng(input: MultiChartInput): Buffer {
  return svgToPng(renderNormalisedChartSvg(input));
}
