/**
 * The first-come first-served line of callers waiting for a connection slot, shared by the connection budget
 * (connection-budget.ts) and its rate-bound view (rate-bound-budget.ts): an aborted caller leaves the line.
 */
import { abortedError } from './rate-limiter.js';

export interface SlotWaiter {
  resolve: (release: (() => void) | Promise<() => void>) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Joins `line`; on abort the waiter leaves it, is rejected, then `afterAbort` runs. */
export function waitInLine(
  line: SlotWaiter[],
  signal: AbortSignal | undefined,
  afterAbort?: () => void,
): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const waiter: SlotWaiter = { resolve, reject, signal, onAbort: undefined };
    if (signal) {
      waiter.onAbort = () => {
        const index = line.indexOf(waiter);
        if (index >= 0) line.splice(index, 1);
        reject(abortedError(signal));
        afterAbort?.();
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    line.push(waiter);
  });
}

/** The first waiter, out of `line` and no longer listening for its abort; undefined when none waits. */
export function nextInLine(line: SlotWaiter[]): SlotWaiter | undefined {
  const waiter = line.shift();
  if (waiter?.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  return waiter;
}
