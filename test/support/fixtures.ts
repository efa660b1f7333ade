import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));

/** A fixture's text, e.g. fixtureText('yahoo/not-found.json'). */
export function fixtureText(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

/** The recorded HSI chart response shifted so that its last bar is 10 s before `now`. */
export function liveHsiChart(now: number): any {
  const body = fixtureJson('yahoo/hsi-2025-06-02.json') as any;
  const result = body.chart.result[0];
  const last = result.timestamp.at(-1) as number;
  const shift = Math.floor(now / 1000) - 10 - last;
  result.timestamp = result.timestamp.map((t: number) => t + shift);
  result.meta.regularMarketTime = last + shift;
  return body;
}
