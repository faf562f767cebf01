/**
 * When a paced collection runs: right after the socket callback that crossed the interval (process.nextTick),
 * not after the event loop's poll phase. Its own file: the pacer takes `globalThis.gc` once per module
 * instance, and here that is a spy.
 */
import { afterAll, expect, it, vi } from 'vitest';

const spy = vi.fn();
const realGc = (globalThis as { gc?: unknown }).gc;
(globalThis as { gc?: unknown }).gc = spy;
const {
  noteFileFinished,
  noteReceivedBytes,
  setFullGcIntervalBytes,
  setGcIntervalBytes,
  setGcIntervalFiles,
} = await import('./gc-pacer.js');

afterAll(() => {
  (globalThis as { gc?: unknown }).gc = realGc;
});

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

it('collects as soon as the current callback returns, before anything the event loop runs next', async () => {
  setGcIntervalBytes(1024);
  setFullGcIntervalBytes(4096);
  setGcIntervalFiles(2);
  noteReceivedBytes(1024);
  expect(spy).not.toHaveBeenCalled();
  await nextTick();
  expect(spy.mock.calls).toEqual([[{ type: 'minor' }]]);
  noteReceivedBytes(3072);
  await nextTick();
  // A bare call is the full collection (on Node 20 `{ type: 'major' }` would scavenge).
  expect(spy.mock.calls.at(-1)).toEqual([]);
  noteFileFinished();
  noteFileFinished();
  await nextTick();
  expect(spy).toHaveBeenCalledTimes(3);
  expect(spy.mock.calls.at(-1)).toEqual([]);
});
