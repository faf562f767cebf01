import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_GC_INTERVAL_BYTES, noteReceivedBytes, setGcIntervalBytes } from './gc-pacer.js';

afterEach(() => setGcIntervalBytes(DEFAULT_GC_INTERVAL_BYTES));

async function minorGcsDuring(action: () => void): Promise<number> {
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  action();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return minor;
}

it('runs a minor GC once the interval of written bytes is reached, not before', async () => {
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
