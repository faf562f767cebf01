/**
 * A job one of whose files waits out a `429` (its `retry` event's delay) while another file's bytes arrive: the
 * wait is said (`retrying`, its time left counted down) until that file's own bytes arrive, and the quiet
 * seconds of the wait are no stall. "Stalled" only once the wait is over and still nothing comes.
 */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import type { TransferEvent } from '../progress/events.js';
import type { JobTelemetry } from './job-telemetry.js';

const LIMITED = {
  code: 'RATE_LIMITED' as const,
  message: 'The server rate-limited these requests (429 for bytes=0-899): retry in 61 s',
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
function arrived(path: string, downloaded: number, total: number): TransferEvent {
  return {
    ...countsProgress(total, total),
    activeFiles: [{ path, downloaded, size: 900, bytesPerSecond: 0, etaSeconds: null }],
  };
}

describe('JobTelemetry: a file waiting out a 429', () => {
  it('keeps the wait, counting down, across another file’s bytes, and flags no stall while it lasts', () => {
    const telemetry = planned();
    telemetry.handle(
      { type: 'retry', path: 'weights.bin', attempt: 1, delayMs: 61_000, error: LIMITED },
      1000,
    );
    // config.json arrives after the 429: no news about the weights, whose wait goes on.
    telemetry.handle(arrived('config.json', 100, 100), 2000);
    expect(telemetry.retries.shown(2000)?.message).toBe(
      'The server rate-limited these requests (429 for bytes=0-899): retry in 60 s',
    );
    // Counted down: 40 s later, 20 s are left; no stall for the quiet seconds of the wait.
    expect(telemetry.retries.shown(42_000)?.message).toMatch(/: retry in 20 s$/);
    expect(telemetry.checkIdle(42_000, 30_000)).toBe(false);
    expect(telemetry.stalled).toBe(false);
    // The wait is over and nothing comes: a real stall, once the stall timeout has passed.
    expect(telemetry.checkIdle(63_000, 30_000)).toBe(true);
  });

  it('drops the wait once that file’s own bytes arrive', () => {
    const telemetry = planned();
    telemetry.handle(
      { type: 'retry', path: 'weights.bin', attempt: 1, delayMs: 61_000, error: LIMITED },
      1000,
    );
    telemetry.handle(arrived('weights.bin', 50, 50), 2000);
    expect(telemetry.retries.shown(2000)).toBeNull();
  });
});
