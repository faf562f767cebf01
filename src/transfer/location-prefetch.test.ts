import { describe, expect, it } from 'vitest';
import { LocationPrefetch } from './location-prefetch.js';

/** A resolver whose calls stay pending until the test settles them. */
function manualResolver() {
  const calls: { item: number; resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const resolve = (item: number) =>
    new Promise<string>((done, fail) => calls.push({ item, resolve: done, reject: fail }));
  return { calls, resolve };
}

const tick = () => new Promise((done) => setImmediate(done));

describe('LocationPrefetch', () => {
  it('resolves ahead within the concurrency and look-ahead bounds, and hands each result out once', async () => {
    const { calls, resolve } = manualResolver();
    const items = [0, 1, 2, 3, 4, 5];
    const prefetch = new LocationPrefetch(items, resolve, {
      concurrency: 2,
      lookAhead: 3,
      signal: new AbortController().signal,
    });
    expect(calls.map((call) => call.item)).toEqual([0, 1]);
    calls[0]!.resolve('url-0');
    await tick();
    // Item 2 is within the look-ahead of 3 files; item 3 is not until a transfer starts.
    expect(calls.map((call) => call.item)).toEqual([0, 1, 2]);
    expect(prefetch.inFlight).toBe(2);
    await expect(prefetch.take(0)).resolves.toBe('url-0');
    calls[1]!.resolve('url-1');
    await tick();
    expect(calls.map((call) => call.item)).toEqual([0, 1, 2, 3]);
    // A second take of the same item resolves afresh (the transfer's retry after a failure).
    const again = prefetch.take(0);
    expect(calls.at(-1)!.item).toBe(0);
    calls.at(-1)!.resolve('url-0b');
    await expect(again).resolves.toBe('url-0b');
  });

  it('resolves an item taken before its prefetch directly, and never prefetches it afterwards', async () => {
    const { calls, resolve } = manualResolver();
    const prefetch = new LocationPrefetch([0, 1, 2], resolve, {
      concurrency: 1,
      lookAhead: 3,
      signal: new AbortController().signal,
    });
    const taken = prefetch.take(1);
    expect(calls.map((call) => call.item)).toEqual([0, 1]);
    calls[1]!.resolve('url-1');
    await expect(taken).resolves.toBe('url-1');
    calls[0]!.resolve('url-0');
    await tick();
    expect(calls.map((call) => call.item)).toEqual([0, 1, 2]);
  });

  it('passes a failed prefetch to the taker and stops prefetching once aborted', async () => {
    const { calls, resolve } = manualResolver();
    const controller = new AbortController();
    const prefetch = new LocationPrefetch([0, 1, 2], resolve, {
      concurrency: 1,
      lookAhead: 3,
      signal: controller.signal,
    });
    calls[0]!.reject(new Error('503'));
    await tick();
    await expect(prefetch.take(0)).rejects.toThrow('503');
    controller.abort();
    calls[1]!.resolve('url-1');
    await tick();
    expect(calls.map((call) => call.item)).toEqual([0, 1]);
  });
});
