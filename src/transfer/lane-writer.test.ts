import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSynchronousWrites } from '../system/sync-fs-switch.js';
import { BATCH_MAX_BYTES } from './batch-buffers.js';
import { LaneWriter, TailStolen } from './lane-writer.js';
import type { Segment } from './segment-scheduler.js';
import { StallWatchdog } from './stall-watchdog.js';
import type { ByteRateLimiter } from './types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-lane-'));
});
afterEach(async () => {
  setSynchronousWrites(true);
  await rm(dir, { recursive: true, force: true });
});

async function writerFor(
  segment: Segment,
  rateLimiters: ByteRateLimiter[] = [],
  signal = new AbortController().signal,
) {
  const handle = await open(join(dir, 'file'), 'w+');
  const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000 });
  const written: Array<[number, number]> = [];
  let received = 0;
  const aborted: Error[] = [];
  let resumed = 0;
  const writer = new LaneWriter(
    {
      handle,
      rateLimiters,
      watchdog,
      signal,
      written: (start, end) => written.push([start, end]),
      received: (bytes) => {
        received += bytes;
      },
    },
    segment,
    { rangeStart: segment.start, remainingBytes: () => segment.end - segment.position, abort: () => {} },
    () => {},
  );
  writer.start(
    { kind: 'partial', etag: null, url: 'http://x/', status: 206 },
    { pause: () => {}, resume: () => resumed++, abort: (reason) => aborted.push(reason) },
  );
  return {
    writer,
    written,
    aborted,
    received: () => received,
    resumed: () => resumed,
    close: async () => {
      watchdog.stop();
      await handle.close();
    },
  };
}

const segmentOf = (start: number, end: number): Segment => ({
  id: 1,
  start,
  end,
  requestEnd: end,
  position: start,
  cancelled: false,
});

describe('LaneWriter', () => {
  it('ignores the empty chunk undici hands over when a paused parser resumes', async () => {
    const lane = await writerFor(segmentOf(0, 10));
    expect(lane.writer.data(Buffer.alloc(0))).toBe(true);
    expect(lane.aborted).toEqual([]);
    lane.writer.data(Buffer.from('0123456789'));
    await lane.writer.finish();
    expect(lane.written).toEqual([[0, 10]]);
    await lane.close();
    expect(await readFile(join(dir, 'file'), 'utf8')).toBe('0123456789');
  });

  it('on the thread pool: writes batches in order at their offsets, pausing only when the next batch is full mid-write', async () => {
    setSynchronousWrites(false);
    const size = 3 * BATCH_MAX_BYTES;
    const content = Buffer.alloc(size, 7);
    const lane = await writerFor(segmentOf(1000, 1000 + size));
    const answers: boolean[] = [];
    for (let offset = 0; offset < size; offset += 64 * 1024) {
      answers.push(lane.writer.data(content.subarray(offset, offset + 64 * 1024)));
    }
    await lane.writer.finish();
    expect(lane.received()).toBe(size);
    // Contiguous, in order, all bytes.
    let next = 1000;
    for (const [start, end] of lane.written) {
      expect(start).toBe(next);
      next = end;
    }
    expect(next).toBe(1000 + size);
    // The second full batch arrived while the first was still being written: the socket was paused.
    expect(answers.includes(false)).toBe(true);
    expect(lane.resumed()).toBeGreaterThan(0);
    await lane.close();
  });

  it('with synchronous writes: writes each full batch at once, in order, and never pauses the socket', async () => {
    const size = 3 * BATCH_MAX_BYTES;
    const lane = await writerFor(segmentOf(1000, 1000 + size));
    const answers: boolean[] = [];
    for (let offset = 0; offset < size; offset += 64 * 1024)
      answers.push(lane.writer.data(Buffer.alloc(64 * 1024, 7)));
    // Written before finish(): every full batch went to disk inside data().
    expect(lane.written.map(([start, end]) => end - start)).toEqual([
      BATCH_MAX_BYTES,
      BATCH_MAX_BYTES,
      BATCH_MAX_BYTES,
    ]);
    expect(lane.written[0]?.[0]).toBe(1000);
    await lane.writer.finish();
    expect(answers.every(Boolean)).toBe(true);
    await lane.close();
  });

  it('under a limit a chunk is within, writes the partial batch once it is old, while its payment is owed', async () => {
    // 1 MB/s: the limit's bucket (200 kB) holds a 64 KiB chunk, which is written at once and paid for after, so a
    // request's end does not wait for its last payment; no next chunk comes meanwhile (the socket waits).
    let paid: (held: boolean) => void = () => {};
    const slow: ByteRateLimiter = {
      bytesPerSecond: 1_000_000,
      take: () => new Promise<boolean>((resolve) => (paid = resolve)),
      setRate: () => {},
      onRateChange: () => () => {},
    };
    const lane = await writerFor(segmentOf(0, 100_000), [slow]);
    expect(lane.writer.data(Buffer.alloc(65_536, 7))).toBe(false);
    expect(lane.written).toEqual([]);
    // On disk (and recorded) after BATCH_MAX_AGE_MS, while the payment is still owed.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(lane.written).toEqual([[0, 65_536]]);
    paid(true);
    await lane.writer.finish();
    await lane.close();
  });

  it('under a limit lower than a chunk, writes it a paid piece at a time, each within BATCH_MAX_AGE_MS of its payment', async () => {
    // 2 kB/s: a 64 KiB chunk paid for whole was on disk at once, then 32 s of silence (progress and speed jumped,
    // the job read "No data" and stalled). Now nothing is written before it is paid, and each piece soon after.
    const asked: number[] = [];
    const owed: Array<(held: boolean) => void> = [];
    let free = false;
    const slow: ByteRateLimiter = {
      bytesPerSecond: 2000,
      take: (bytes) => {
        asked.push(bytes);
        return free ? Promise.resolve(false) : new Promise<boolean>((resolve) => owed.push(resolve));
      },
      setRate: () => {},
      onRateChange: () => () => {},
    };
    const lane = await writerFor(segmentOf(0, 100_000), [slow]);
    expect(lane.writer.data(Buffer.alloc(3000, 7))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(lane.written).toEqual([]);
    // The limit's bucket: 400 B (200 ms of it).
    expect(asked).toEqual([400]);
    owed.shift()!(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(lane.written).toEqual([[0, 400]]);
    expect(asked).toEqual([400, 400]);
    free = true;
    owed.shift()!(true);
    await lane.writer.finish();
    expect(asked).toEqual([400, 400, 400, 400, 400, 400, 400, 200]);
    expect(lane.written.at(-1)?.[1]).toBe(3000);
    await lane.close();
  });

  it('under a low limit, hands back what a stopped file had not paid for', async () => {
    const controller = new AbortController();
    const never: ByteRateLimiter = {
      bytesPerSecond: 2000,
      take: (_bytes, signal) =>
        new Promise<boolean>((_resolve, reject) => {
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      setRate: () => {},
      onRateChange: () => () => {},
    };
    const lane = await writerFor(segmentOf(0, 100_000), [never], controller.signal);
    lane.writer.data(Buffer.alloc(5000, 1));
    controller.abort(new Error('paused'));
    await expect(lane.writer.finish()).rejects.toThrow('paused');
    expect(lane.writer.written).toBe(0);
    await lane.close();
  });

  it('stops the request when the rest of the segment was stolen', async () => {
    const segment = segmentOf(0, 100);
    const lane = await writerFor(segment);
    lane.writer.data(Buffer.alloc(40));
    segment.end = 50; // another lane stole [50, 100)
    expect(lane.writer.data(Buffer.alloc(40))).toBe(false);
    expect(lane.aborted[0]).toBeInstanceOf(TailStolen);
    await lane.writer.finish();
    expect(lane.written.at(-1)?.[1]).toBe(50);
    await lane.close();
  });
});
