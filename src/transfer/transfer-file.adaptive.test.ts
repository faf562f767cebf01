import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectFileEquals, MIB, transferHarness } from '../../test/support/transfer/transfer-harness.js';
import { createConnectionBudget } from './connection-budget.js';
import { transferFile } from './transfer-file.js';
import type { ConnectionBudget } from './types.js';

const harness = transferHarness();

/** A budget that remembers the most slots held at once (the connections the file had open). */
function countingBudget(limit: number): { budget: ConnectionBudget; peak: () => number } {
  const shared = createConnectionBudget(limit);
  let held = 0;
  let peak = 0;
  const budget: ConnectionBudget = {
    get available() {
      return shared.available;
    },
    setLimit: (next) => shared.setLimit(next),
    acquire: async (signal) => {
      const release = await shared.acquire(signal);
      held++;
      peak = Math.max(peak, held);
      let released = false;
      return () => {
        if (!released) held--;
        released = true;
        release();
      };
    },
  };
  return { budget, peak: () => peak };
}

describe('transferFile: adaptive connections', () => {
  it('judges a step only once its new connections deliver bytes (a CDN slow to start each connection)', async () => {
    // Every connection paced at 1 MB/s; every request after the first eight sends its first byte 250 ms
    // after its headers. Counting a connection as open from its request, the 8 → 16 step was measured
    // before the new eight delivered anything: no gain, step given back, the file stayed at 8–16.
    const content = randomBytes(32 * MIB);
    const server = await harness.serve(content, (info) => ({
      type: 'throttle',
      bytesPerSecond: 1_000_000,
      ...(info.index >= 8 && { firstByteAfterMs: 250 }),
    }));
    const { budget, peak } = countingBudget(32);
    const { options } = harness.params(server, content, {
      connections: 32,
      connectionBudget: budget,
      stallTimeoutMs: 5000,
      tuning: {
        minSegmentBytes: 1 * MIB,
        maxSegmentBytes: 1 * MIB,
        initialConnections: 8,
        growIntervalMs: 100,
        resumeMapIntervalMs: 200,
      },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(peak()).toBe(32);
  });
});
