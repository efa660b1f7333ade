import { renderPathChartSvg } from '../discord/chart/index.js';
import { averagePaths, type AveragePath } from './averagePath.js';
import type { StudyRow } from './eventStudy.js';

/** The study's picture: each instrument's mean path across the events with its interquartile band. */
export function studyChartSvg(rows: readonly StudyRow[]): {
  readonly svg: string;
  readonly paths: AveragePath[];
} {
  const paths = averagePaths(rows);
  const events = new Set(rows.map((r) => r.event)).size;
  const svg = renderPathChartSvg({
    title: `Average reaction · ${events} event${events === 1 ? '' : 's'}`,
    series: paths.map((p) => ({
      label: p.symbol,
      points: p.points.map((q) => ({ minutes: q.minutes, mean: q.mean, low: q.q1, high: q.q3 })),
    })),
    note: 'mean; band: quartiles across events · % vs T0 (or next open)',
  });
  return { svg, paths };
}
