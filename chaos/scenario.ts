/** What each scenario hands back to the run: whether it passed, its counts, and its part of the summary. */
export interface ScenarioFigures {
  readonly lost: number;
  readonly doubled: number;
  readonly false: number;
  readonly crashes: number;
  /** Stream probes decided too late (0 elsewhere). */
  readonly late?: number;
}

export interface ScenarioReport {
  readonly passed: boolean;
  readonly figures: ScenarioFigures;
  readonly report: Record<string, unknown>;
}
