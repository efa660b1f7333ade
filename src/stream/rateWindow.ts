/** Price updates counted per second over the last minute: a flood must not grow a list per price. */
export function createRateWindow() {
  const seconds = new Map<number, number>();
  const prune = (now: number) => {
    for (const second of seconds.keys()) if (second <= Math.floor(now / 1000) - 60) seconds.delete(second);
  };
  return {
    add(now: number, count: number) {
      const second = Math.floor(now / 1000);
      seconds.set(second, (seconds.get(second) ?? 0) + count);
      prune(now);
    },
    perMinute(now: number) {
      prune(now);
      return [...seconds.values()].reduce((sum, n) => sum + n, 0);
    },
  };
}
