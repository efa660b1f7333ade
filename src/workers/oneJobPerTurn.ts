/**
 * Runs queued jobs one per event-loop turn, `afterEach` after each. A worker's port delivers every
 * message that is waiting in one go, so a burst of jobs would otherwise run back to back without a
 * turn between them; what `afterEach` leaves for the next turn (Node runs the finalizers of a
 * collection's native objects in a setImmediate) would wait for the whole burst.
 */
export function oneJobPerTurn<T>(run: (job: T) => void, afterEach: () => void): (job: T) => void {
  const queue: T[] = [];
  let scheduled = false;
  const next = (): void => {
    const job = queue.shift();
    if (job === undefined) {
      scheduled = false;
      return;
    }
    run(job);
    afterEach();
    setImmediate(next);
  };
  return (job) => {
    queue.push(job);
    if (!scheduled) {
      scheduled = true;
      setImmediate(next);
    }
  };
}
