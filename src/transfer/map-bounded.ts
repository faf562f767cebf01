/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, results in input order: the files of
 * one download (download-model.ts), and per-file filesystem checks over large listings (10 000 concurrent
 * chains of stat calls only queue up in libuv's four-thread pool anyway, and their promises and closures
 * held ~50 MB of heap at once).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Files checked against the disk at once (the plan's checks, the final size check). */
export const DISK_CHECKS_IN_FLIGHT = 64;
