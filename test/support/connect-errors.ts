/**
 * Counts the connections undici failed to open to a port (its `undici:client:connectError` diagnostics
 * channel): how many times a Hub call tried a host that refuses, without timing anything.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface ConnectErrors {
  readonly count: number;
  stop(): void;
}

export function countConnectErrors(port: number): ConnectErrors {
  let count = 0;
  const onError = (message: unknown): void => {
    const params = (message as { connectParams?: { port?: unknown } }).connectParams;
    if (String(params?.port) === String(port)) count += 1;
  };
  subscribe('undici:client:connectError', onError);
  return {
    get count() {
      return count;
    },
    stop: () => unsubscribe('undici:client:connectError', onError),
  };
}
