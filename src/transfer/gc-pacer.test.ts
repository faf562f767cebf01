import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import {
  DEFAULT_FULL_GC_INTERVAL_BYTES,
  DEFAULT_GC_INTERVAL_BYTES,
  DEFAULT_GC_INTERVAL_FILES,
  noteFileFinished,
  noteReceivedBytes,
  setFullGcIntervalBytes,
  setGcIntervalBytes,
  setGcIntervalFiles,
} from './gc-pacer.js';

afterEach(() => {
  setGcIntervalBytes(DEFAULT_GC_INTERVAL_BYTES);
  setFullGcIntervalBytes(DEFAULT_FULL_GC_INTERVAL_BYTES);
  setGcIntervalFiles(DEFAULT_GC_INTERVAL_FILES);
});

async function gcsDuring(kindWanted: number, action: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === kindWanted) count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  action();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return count;
}

const minorGcsDuring = (action: () => void) => gcsDuring(constants.NODE_PERFORMANCE_GC_MINOR, action);
const fullGcsDuring = (action: () => void) => gcsDuring(constants.NODE_PERFORMANCE_GC_MAJOR, action);

it('runs a minor GC once the interval of written bytes is reached, not before', async () => {
  setFullGcIntervalBytes(0);
  setGcIntervalBytes(1024 * 1024);
  expect(await minorGcsDuring(() => noteReceivedBytes(512 * 1024))).toBe(0);
  expect(await minorGcsDuring(() => noteReceivedBytes(512 * 1024))).toBeGreaterThanOrEqual(1);
  // Several intervals in one turn coalesce into one scheduled collection.
  const coalesced = await minorGcsDuring(() => {
    for (let i = 0; i < 8; i++) noteReceivedBytes(1024 * 1024);
  });
  expect(coalesced).toBeGreaterThanOrEqual(1);
  expect(coalesced).toBeLessThan(8);
});

it('runs a full collection once the interval of finished files is reached, not before', async () => {
  setGcIntervalBytes(0);
  setGcIntervalFiles(4);
  const finish = (files: number) => () => {
    for (let file = 0; file < files; file++) noteFileFinished();
  };
  expect(await fullGcsDuring(finish(3))).toBe(0);
  expect(await fullGcsDuring(finish(1))).toBe(1);
  // Many intervals in one turn: one scheduled collection.
  expect(await fullGcsDuring(finish(40))).toBe(1);
  setGcIntervalFiles(0);
  expect(await fullGcsDuring(finish(40))).toBe(0);
});

it('runs a full collection instead of a scavenge once the interval of bytes for it is reached', async () => {
  setGcIntervalBytes(256 * 1024);
  setFullGcIntervalBytes(1024 * 1024);
  expect(await fullGcsDuring(() => noteReceivedBytes(768 * 1024))).toBe(0);
  expect(await fullGcsDuring(() => noteReceivedBytes(256 * 1024))).toBe(1);
  // The count starts over after it, and many intervals in one turn still make one collection.
  expect(await fullGcsDuring(() => noteReceivedBytes(512 * 1024))).toBe(0);
  expect(await fullGcsDuring(() => noteReceivedBytes(64 * 1024 * 1024))).toBe(1);
  setFullGcIntervalBytes(0);
  expect(await fullGcsDuring(() => noteReceivedBytes(64 * 1024 * 1024))).toBe(0);
});
