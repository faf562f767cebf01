import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runningClock } from '../../test/support/transfer/running-clock.js';
import {
  countingBudget,
  expectFileEquals,
  MIB,
  transferHarness,
} from '../../test/support/transfer/transfer-harness.js';
import {
  atDefaultCap,
  type ConnectionsReason,
  type FileConnections,
} from '../progress/connections-reason.js';
import { transferFile } from './transfer-file.js';

const harness = transferHarness();

describe('transferFile: adaptive connections', () => {
  it('judges a step only once its new connections deliver bytes (a CDN slow to start each connection)', async () => {
    // Every connection paced at 1 MB/s; every request after the first eight sends its first byte 250 ms
    // after its headers. Counting a connection as open from its request, the 8 → 16 step was measured
    // before the new eight delivered anything: no gain, step given back, the file stayed at 8–16.
    // The loop is reported idle: this test is about when a step is judged, not about a busy client (a CI run
    // with a second suite beside it read the loop saturated, stepped down and peaked at 16).
    // The server's pace and the controller's rates run on one clock that stops while this process does not
    // run (running-clock.ts): on the real clock a starved process (a CI run with other test files beside it)
    // read 100 ms stalls inside 200 ms windows as rates far off the pace, the doubling as a knee, and peaked
    // at 16 (with stalls of up to 100 ms injected every 300 ms, 3 of 12 runs; up to 250 ms, 5 of 10; 0 of 16
    // each on this clock).
    const clock = runningClock();
    const content = randomBytes(32 * MIB);
    const server = await harness.start({
      content,
      now: clock.now,
      fault: (info) => ({
        type: 'throttle',
        bytesPerSecond: 1_000_000,
        ...(info.index >= 8 && { firstByteAfterMs: 250 }),
      }),
    });
    const { budget, peak } = countingBudget(32);
    const { options } = harness.params(server, content, {
      connections: 32,
      connectionBudget: budget,
      stallTimeoutMs: 5000,
      loopBusyMs: () => 0,
      now: clock.now,
      tuning: {
        minSegmentBytes: 1 * MIB,
        maxSegmentBytes: 1 * MIB,
        initialConnections: 8,
        growIntervalMs: 100,
        resumeMapIntervalMs: 200,
      },
    });
    try {
      await transferFile(options);
    } finally {
      clock.stop();
    }
    await expectFileEquals(options.tempPath, content);
    expect(peak()).toBe(32);
  });

  // Retried: its verdicts come from rates measured over 100 ms intervals while this process's own server paces
  // every connection; with two full suites on two cores (a CI run of the 2026-12-06 stop) one doubling read no
  // gain and the verdict was `link`. It passes alone, 4 of 4.
  it('says it is at the cap once every doubling paid, and names the cap as set or the default', {
    retry: 2,
  }, async () => {
    // Every connection paced at 1 MB/s: 8 → 16 doubles the rate and reaches the cap (16); a knee on one bad
    // measurement is judged again there as the doubling it is. The loop is reported idle (no CPU verdict).
    const content = randomBytes(24 * MIB);
    const server = await harness.serve(content, () => ({ type: 'throttle', bytesPerSecond: 1_000_000 }));
    const reasons = async (defaultConnections: boolean): Promise<ConnectionsReason[]> => {
      const { options } = harness.params(server, content, {
        connections: 16,
        stallTimeoutMs: 5000,
        loopBusyMs: () => 0,
        tuning: { minSegmentBytes: 256 * 1024, maxSegmentBytes: 256 * 1024, initialConnections: 8 },
      });
      let reading: (() => FileConnections) | undefined;
      const seen: ConnectionsReason[] = [];
      const sampler = setInterval(() => reading && seen.push(reading().reason), 50);
      try {
        await transferFile({
          ...options,
          // As download-file.ts reads it when no cap was set.
          watchConnections: (read) => (reading = defaultConnections ? atDefaultCap(read) : read),
        });
      } finally {
        clearInterval(sampler);
      }
      if (reading) seen.push(reading().reason);
      return seen;
    };
    const set = await reasons(false);
    expect(set.at(-1), set.join(',')).toBe('ceiling');
    expect(set).not.toContain('cpu');
    expect(set[0]).toBe('measuring');
    expect((await reasons(true)).at(-1)).toBe('default-ceiling');
  });

  // Retried: the verdicts come from a 4 s transfer's rates on a shared 2-core machine; once in a full-suite CI run (the
  // 2026-12-06 stop) 2 of its second half's readings were at ≤ 4 connections; it passes alone, 3 of 3.
  it('steps down to 4 connections on a line capped as a whole: 16 add nothing, 4 carry as much as 8', {
    retry: 2,
  }, async () => {
    // One 8 MB/s line shared by every body in flight (64 KiB slices): 8 → 16 adds nothing and is given
    // back; 4 then carry the line as well as 8 did, and stay (a later probe to 8 is given back again).
    // The loop reads idle: this test is about the line's verdict (a loaded machine read it saturated, and the
    // saturation rule, tested below, took over).
    const { maxConcurrent, secondHalf, reasons } = await overSharedLine(32 * MIB, () => 0);
    expect(maxConcurrent).toBeLessThanOrEqual(16);
    expect(secondHalf.filter((count) => count <= 4).length).toBeGreaterThan(secondHalf.length * 0.6);
    // Why: measuring until the step up is judged, then the line (never the cap, nor the CPU), and the last
    // ranges as the file ends.
    expect(reasons[0]).toBe('measuring');
    expect(reasons).toContain('link');
    const verdicts = reasons.filter((reason) => reason !== 'fully-split');
    expect([...new Set(verdicts)].sort()).toEqual(['link', 'measuring']);
  });

  // Retried: its readings are a 2 s transfer's rates over 200 ms intervals; once, beside a helper's tests on the
  // 2-core machine, it failed and then passed (the 2026-12-06 night round).
  it('steps down to 2 connections while its event loop is saturated, when 2 carry as much', {
    retry: 2,
  }, async () => {
    // The same 8 MB/s line, but the event loop reports itself busy all the time (a slow machine, other work in
    // the process; injected, as a real busy loop would starve this test's server too): the baseline at 8 is
    // measured saturated, so the file goes straight down to 2, which carry the line as well, and stay there
    // for the hold (a later probe to 4 adds nothing and is given back). Unsaturated, it probes 16 first and
    // never goes below 4 (above).
    // Measured over 200 ms intervals: at 2 connections every gap between two segments idles half the line,
    // and on a loaded machine (this process's server shares its event loop) one 100 ms interval with a late
    // request read below the keep share now and then, the step down was given back and 8 probed 16.
    const { maxConcurrent, open, reasons } = await overSharedLine(16 * MIB, () => Date.now(), 200);
    expect(maxConcurrent).toBeLessThanOrEqual(8);
    expect(reasons.at(-1)).toBe('cpu');
    // At least 0.5 s (10 samples) on 1–2 connections (1: one of them between two segments).
    const onTwo = open.filter((count) => count >= 1 && count <= 2).length;
    expect(onTwo, open.join(',')).toBeGreaterThanOrEqual(10);
  });
});

/**
 * `bytes` over one 8 MB/s line shared by every body in flight, from 8 connections (up to 32), 256 KiB
 * segments; `loopBusyMs` as transferFile takes it, the controller sampled every `growIntervalMs`. Returns the most connections the server saw at once and
 * those open over the download and in its second half, and the file's connections reasons (sampled every
 * 50 ms, and once at the end).
 */
async function overSharedLine(
  bytes: number,
  loopBusyMs?: () => number,
  growIntervalMs = 100,
): Promise<{ maxConcurrent: number; open: number[]; secondHalf: number[]; reasons: ConnectionsReason[] }> {
  const content = randomBytes(bytes);
  // The line's pace and the controller's rates on one clock that stops while this process does not run, as above:
  // with busy-waits of up to 150 ms every 300 ms in the process, 'steps down to 4' failed 5 of 8 tries on the real
  // clock and 3 of 9 on this one (its retries stay).
  const clock = runningClock();
  const server = await harness.start({
    content,
    now: clock.now,
    fault: () => ({ type: 'shared-line', lineBytesPerSecond: 8e6 }),
  });
  const { options } = harness.params(server, content, {
    connections: 32,
    stallTimeoutMs: 5000,
    now: clock.now,
    tuning: {
      minSegmentBytes: 256 * 1024,
      maxSegmentBytes: 256 * 1024,
      initialConnections: 8,
      growIntervalMs,
      resumeMapIntervalMs: 200,
    },
  });
  const open: number[] = [];
  const reasons: ConnectionsReason[] = [];
  let reading: (() => FileConnections) | undefined;
  const sampler = setInterval(() => {
    open.push(server.concurrent);
    if (reading) reasons.push(reading().reason);
  }, 50);
  try {
    await transferFile({
      ...options,
      ...(loopBusyMs && { loopBusyMs }),
      watchConnections: (read) => (reading = read),
    });
  } finally {
    clearInterval(sampler);
    clock.stop();
  }
  if (reading) reasons.push(reading().reason);
  await expectFileEquals(options.tempPath, content);
  const secondHalf = open.slice(Math.floor(open.length / 2));
  return { maxConcurrent: server.maxConcurrent, open, secondHalf, reasons };
}
