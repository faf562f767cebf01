/**
 * Waiting a bounded time for an answer: `promise`'s value, or `fallback` when it has not settled within `ms`.
 * The timer is cleared either way; a rejection within `ms` rejects. The promise itself is not cancelled: a
 * caller that must stop the work aborts it after this returns.
 */
export async function valueWithin<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(resolve, ms, fallback);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
