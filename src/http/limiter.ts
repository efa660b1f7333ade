/** Runs a task when a slot is free; at most the limiter's `max` tasks run at once. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A first-come-first-served cap on tasks in flight, e.g. one provider's open requests. */
export function createLimiter(max: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < max) running += 1;
    // A finishing task hands its slot straight to the next waiter, so `running` stays as it is.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** No cap: for sources that make no requests of their own. */
export const unlimited: Limiter = (task) => task();
