/**
 * A job one of whose files waits out a `429` (its `retry` event's delay) while another file's bytes arrive: the
 * wait is said per file (`waits`, its time left counted down) from the moment it begins, until that file's own
 * bytes arrive, and the quiet seconds of the wait are no stall. "Stalled" only once the wait is over and still
 * nothing comes. A file waits only while none of its connections is open (src/progress/file-waiting.ts).
 */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { droppedRetry, retryEvent, serverErrorRetry } from '../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../progress/events.js';
import type { JobTelemetry } from './job-telemetry.js';

const LIMITED = {
  code: 'RATE_LIMITED' as const,
  message: 'The server rate-limited these requests (429 for bytes=0-899): retry in 61 s',
  status: 429,
  retryAfterMs: 61_000,
};

/** A planned run of config.json (100 B) and weights.bin (900 B), from 0 ms. */
function planned(): JobTelemetry {
  const telemetry = freshTelemetry();
  telemetry.beginRun(0);
  const files = [
    { path: 'config.json', size: 100, present: false },
    { path: 'weights.bin', size: 900, present: false },
  ];
  const plan = { repoId: 'org/a', commit: 'c'.repeat(40), totalBytes: 1000, presentBytes: 0 };
  telemetry.handle({ type: 'plan', ...plan, filesTotal: 2, filesPresent: 0, files }, 0);
  return telemetry;
}

/** Bytes of one file arriving (the job's count and that file's). */
function arrived(path: string, downloaded: number, total: number, connections?: number): TransferEvent {
  const file = { path, downloaded, size: 900, bytesPerSecond: 0, etaSeconds: null };
  return {
    ...countsProgress(total, total),
    activeFiles: [connections === undefined ? file : { ...file, connections }],
  };
}

const limitedRetry = retryEvent('weights.bin', LIMITED, { delayMs: 61_000, limit: { forMs: 300_000 } });

describe('JobTelemetry: a file waiting out a 429', () => {
  it('says the file’s wait at once, while another file’s bytes arrive, counting down; no stall while it lasts', () => {
    const telemetry = planned();
    telemetry.handle(limitedRetry, 1000);
    // At once: before any quiet second of the job.
    expect(telemetry.retries.waits(1000)).toEqual([
      {
        path: 'weights.bin',
        status: 429,
        code: 'RATE_LIMITED',
        message: 'The server rate-limited these requests (429 for bytes=0-899)',
        leftMs: 61_000,
        askedLeftMs: 61_000,
        attempt: 1,
        limit: { forMs: 300_000 },
        lastTry: false,
      },
    ]);
    // config.json arrives after the 429: no news about the weights, whose wait goes on.
    telemetry.handle(arrived('config.json', 100, 100), 2000);
    expect(telemetry.retries.waits(2000).map((wait) => [wait.path, wait.leftMs])).toEqual([
      ['weights.bin', 60_000],
    ]);
    // Counted down: 40 s later, 20 s are left; no stall for the quiet seconds of the wait.
    expect(telemetry.retries.waits(42_000)[0]?.leftMs).toBe(20_000);
    expect(telemetry.checkIdle(42_000, 30_000)).toBe(false);
    expect(telemetry.stalled).toBe(false);
    // The message says no wait of its own ("retry in 61 s", frozen): `waits` says it.
    expect(telemetry.retries.shown(42_000)?.message).toBe(
      'The server rate-limited these requests (429 for bytes=0-899)',
    );
    // The wait is over and nothing comes: no wait said, and a real stall once the stall timeout has passed.
    expect(telemetry.retries.waits(62_000)).toEqual([]);
    expect(telemetry.checkIdle(63_000, 30_000)).toBe(true);
  });

  it('says a wait the engine marks as the last try’s, and no wait for a failure without an answer', () => {
    const telemetry = planned();
    telemetry.handle({ ...limitedRetry, lastTry: true }, 0);
    telemetry.handle(droppedRetry('config.json', 4000), 0);
    expect(telemetry.retries.waits(1000)).toEqual([
      expect.objectContaining({ path: 'weights.bin', lastTry: true }),
    ]);
  });

  it('says what the Hub answered and the wait it asked for, apart from the wait the retry policy gives', () => {
    const telemetry = planned();
    // A 429 asking 400 s, clamped to the policy's 300 s; a 503 asking nothing, its backoff 8 s.
    telemetry.handle(
      retryEvent('weights.bin', { ...LIMITED, retryAfterMs: 400_000 }, { delayMs: 300_000 }),
      1000,
    );
    telemetry.handle(serverErrorRetry('config.json', { status: 503, delayMs: 8000 }), 1000);
    expect(telemetry.retries.waits(2000)).toEqual([
      expect.objectContaining({
        path: 'weights.bin',
        code: 'RATE_LIMITED',
        message: 'The server rate-limited these requests (429 for bytes=0-899)',
        leftMs: 299_000,
        askedLeftMs: 399_000,
      }),
      expect.objectContaining({
        path: 'config.json',
        code: 'HUB_HTTP_ERROR',
        message: 'Server answered 503 for bytes=0-9',
        leftMs: 7000,
        askedLeftMs: null,
      }),
    ]);
  });

  it('drops the wait once it is over and that file’s own bytes arrive', () => {
    const telemetry = planned();
    telemetry.handle(limitedRetry, 1000);
    telemetry.handle(arrived('weights.bin', 50, 50, 1), 62_500);
    expect(telemetry.retries.shown(62_500)).toBeNull();
    expect(telemetry.retries.waits(62_500)).toEqual([]);
  });

  it('says no wait for a file while another of its connections is open, and its wait once none is', () => {
    const telemetry = planned();
    // One of the weights' four connections is told to wait; three are open, and their bytes come.
    telemetry.handle({ ...limitedRetry, connectionsOpen: 3 }, 1000);
    expect(telemetry.retries.waits(1000)).toEqual([]);
    telemetry.handle(arrived('weights.bin', 50, 50, 3), 2000);
    expect(telemetry.retries.waits(2000)).toEqual([]);
    // They have nothing left to fetch and close; the wait runs on: the file waits, quiet by design.
    telemetry.handle(arrived('weights.bin', 60, 60, 0), 3000);
    expect(telemetry.retries.waits(3000).map((wait) => [wait.path, wait.leftMs])).toEqual([
      ['weights.bin', 59_000],
    ]);
    expect(telemetry.checkIdle(40_000, 30_000)).toBe(false);
  });

  it('reads as fetching, not retrying, while another connection of the file is open, and retrying once none is', () => {
    const telemetry = planned();
    // One of the weights' four connections is told to wait 61 s; the other three bring bytes.
    telemetry.handle({ ...limitedRetry, connectionsOpen: 3 }, 1000);
    expect(telemetry.retries.shown(1000)).toBeNull();
    telemetry.handle(arrived('weights.bin', 50, 50, 3), 2000);
    expect(telemetry.retries.shown(2000)).toBeNull();
    // They close (nothing left for them): the file retries, the one connection's wait still running.
    telemetry.handle(arrived('weights.bin', 60, 60, 0), 3000);
    expect(telemetry.retries.shown(3000)?.message).toBe(
      'The server rate-limited these requests (429 for bytes=0-899)',
    );
  });
});
