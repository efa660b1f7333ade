import type { HttpReply } from './http.js';
import { matchTemplate } from './templates.js';
import type { InjectedFailure } from './types.js';

interface PlannedFailure {
  readonly method: string;
  readonly route: string | RegExp;
  readonly reply: InjectedFailure;
  remaining: number;
}

const OUTAGE: HttpReply = { status: 503, body: { message: '503: Service Unavailable', code: 0 } };

function routeMatches(route: string | RegExp, path: string): boolean {
  if (route instanceof RegExp) return route.test(path);
  return route === '*' || matchTemplate(route, path) !== undefined;
}

/** Programmed failures served before the real handler: first matching plan wins, in the order added. */
export class FailurePlan {
  private readonly planned: PlannedFailure[] = [];
  private down = false;

  /** `method` '*' matches any; `route` is a path below /api/v10, a template, '*' or a RegExp. */
  add(method: string, route: string | RegExp, reply: InjectedFailure, times: number): void {
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`fakeDiscord: times must be >= 1, got ${times}`);
    this.planned.push({ method: method.toUpperCase(), route, reply, remaining: times });
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  take(method: string, path: string): InjectedFailure | undefined {
    if (this.down) return OUTAGE;
    const index = this.planned.findIndex(
      (plan) => (plan.method === '*' || plan.method === method) && routeMatches(plan.route, path),
    );
    const plan = this.planned[index];
    if (!plan) return undefined;
    plan.remaining -= 1;
    if (plan.remaining === 0) this.planned.splice(index, 1);
    return plan.reply;
  }
}
