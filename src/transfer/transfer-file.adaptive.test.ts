import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  countingBudget,
  expectFileEquals,
  MIB,
  transferHarness,
} from '../../test/support/transfer/transfer-harness.js';
import { transferFile } from './transfer-file.js';

const harness = transferHarness();

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

  it('gives connections back at once on a line capped as a whole, not at the end of their segments', async () => {
    // One 8 MB/s line shared by every body in flight: 8 → 16 adds nothing and is given back, and 4 carry
    // the line as well as 8. Segments of 16 MiB take a lane at 1 MB/s far longer than the whole download,
    // so a lane that only gave its connection back after its segment kept them open for seconds.
    const content = randomBytes(32 * MIB);
    const server = await harness.serve(content, () => ({ type: 'shared-line', lineBytesPerSecond: 8e6 }));
    const { options } = harness.params(server, content, {
      connections: 32,
      stallTimeoutMs: 5000,
      tuning: {
        minSegmentBytes: 1 * MIB,
        maxSegmentBytes: 16 * MIB,
        initialConnections: 8,
        growIntervalMs: 100,
        resumeMapIntervalMs: 200,
      },
    });
    const open: number[] = [];
    const sampler = setInterval(() => open.push(server.concurrent), 50);
    try {
      await transferFile(options);
    } finally {
      clearInterval(sampler);
    }
    await expectFileEquals(options.tempPath, content);
    expect(server.maxConcurrent).toBeLessThanOrEqual(16);
    // The 8 → 16 probe is given back and 4 are tried: the other 12 close within about 100 ms, not as their
    // segments end (their lanes would have kept them open for seconds).
    const firstDrop = open.findIndex((count, index) => open[index - 1] === 16 && count < 16);
    expect(firstDrop).toBeGreaterThan(0);
    expect(open.slice(firstDrop + 2, firstDrop + 6).every((count) => count <= 4)).toBe(true);
  });
});
