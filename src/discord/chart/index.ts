/**
 * PNG charts for Discord messages: the intraday chart of one alert and a normalised multi-instrument
 * chart. The SVG builders are pure; the PNG functions add rendering with a bundled font.
 */
import { renderNormalisedChartSvg, type MultiChartInput } from './normalisedChart.js';
import { renderChartSvg, type ChartInput } from './priceChart.js';
import { svgToPng } from './render.js';

export type { ChartEvent } from './frame.js';
export type { MultiChartInput, NormalisedSeries } from './normalisedChart.js';
export type { ChartColors, ChartInput, ChartTrigger } from './priceChart.js';
export { renderChartSvg, renderNormalisedChartSvg, svgToPng };

/** The alert chart as a PNG (default 800 x 400). */
export function renderChartPng(input: ChartInput): Buffer {
  return svgToPng(renderChartSvg(input));
}

/** Each series as % change from its first price at or after baseTime, with a zero line and a legend. */
export function renderNormalisedChartPng(input: MultiChartInput): Buffer {
  return svgToPng(renderNormalisedChartSvg(input));
}
