/**
 * A job's `downloaded`/`percent` never go down, in any event or GET: across pause/resume (the engine's
 * resume maps may hold less than was shown, and its plan event counts only finished files), a restart, a
 * retry and a stall. The exception is bytes that really left the disk: an integrity failure that discards
 * them (the job then says why), and the engine's own reading going down (a temp file thrown away).
 */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshSnapshot } from '../../test/support/jobs/fresh-telemetry.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { expectNeverDown, harness, viewsOf } from '../../test/support/jobs/service-tests.js';
import { stallEvent } from '../../test/support/progress/retry-events.js';
import { HubgetError } from '../errors.js';
import type { JobServiceEvent } from './index.js';
import { JobTelemetry } from './job-telemetry.js';

describe('jobs service: progress never goes back', () => {
  it('across pause and resume, when the resume map holds less than was shown', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(400);
    await h.service.pause(job.id);
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 400, percent: 39.6 });
    // The engine had 400 bytes on the way to disk; its map recorded 350 of them.
    h.runner.fetchedBefore.set('org/a', 350);
    await h.service.resume(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    expect(h.service.get(job.id)!.downloaded).toBe(400);
    h.runner.active.get('org/a')!.progress(380);
    expect(h.service.get(job.id)!.downloaded).toBe(400);
    h.runner.active.get('org/a')!.progress(700);
    expect(h.service.get(job.id)!.downloaded).toBe(700);
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    const views = viewsOf(h.events, job.id);
    expect(views.length).toBeGreaterThan(4);
    expectNeverDown(views);
  });

  it('across a restart (crash) and a retry after a failure', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(500);
    await waitFor(() => h.service.history(job.id).some((sample) => sample.downloaded === 500), 'persisted');
    h.runner.fetchedBefore.set('org/a', 300);
    h.runner.active.delete('org/a');
    // A second service on the same database: the job was `running`, so it resumes at once.
    const second = h.restart();
    const events: JobServiceEvent[] = [];
    second.subscribe((event) => events.push(event));
    expect(second.get(job.id)!.downloaded).toBe(500);
    await waitFor(() => h.runner.active.has('org/a'), 'resumed after the restart');
    await waitFor(() => events.some((event) => event.type === 'job' && event.job.total > 0), 'plan');
    expect(second.get(job.id)!.downloaded).toBe(500);
    h.runner.active.get('org/a')!.fail(new HubgetError('NETWORK_UNREACHABLE', 'cable pulled'));
    await waitFor(() => second.get(job.id)!.state === 'failed', 'failed');
    expect(second.get(job.id)!.downloaded).toBe(500);
    await second.retry(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running after retry');
    h.runner.active.get('org/a')!.emit({ ...stallEvent('model.safetensors'), idleMs: 31_000 });
    // The engine's reading grows, still below what was shown: no step back.
    h.runner.active.get('org/a')!.progress(350);
    expect(second.get(job.id)!.downloaded).toBe(500);
    const views = viewsOf(events, job.id);
    expect(views.length).toBeGreaterThan(3);
    expectNeverDown(views);
  });

  it('goes back only when an integrity failure discards bytes, and says why', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    run.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 0 });
    run.progress(900);
    run.emit({
      type: 'file-discarded',
      path: 'model.safetensors',
      discardedBytes: 900,
      error: { code: 'INTEGRITY_MISMATCH', message: 'model.safetensors: sha256 mismatch' },
    });
    expect(h.service.get(job.id)!.downloaded).toBe(0);
    expect(h.service.files(job.id).find((file) => file.path === 'model.safetensors')!.downloaded).toBe(0);
    run.progress(50);
    expect(h.service.get(job.id)!.downloaded).toBe(50);
    const notice = h.events.find((event) => event.type === 'notification' && event.jobId === job.id);
    expect(notice).toMatchObject({ level: 'info' });
    expect(notice?.type === 'notification' && notice.message).toMatch(
      /model\.safetensors failed its integrity check: 900 B discarded, fetching it again/,
    );
  });

  it('shows no ETA after discarded bytes until the engine measures again, never 0 s with bytes to go', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    run.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 0 });
    // Every byte on disk, being verified: the engine's ETA is 0.
    run.progress(1010, 300_000);
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 1010, eta: 0 });
    run.emit({
      type: 'file-discarded',
      path: 'model.safetensors',
      discardedBytes: 1000,
      error: { code: 'INTEGRITY_MISMATCH', message: 'model.safetensors: sha256 mismatch' },
    });
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 10, eta: null });
    run.progress(110, 100);
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 110, eta: 9 });
  });

  it('comes down to the engine’s reading when that falls (a temp file thrown away), not below the floor otherwise', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(600);
    await h.service.pause(job.id);
    // Resumed: the plan and the first reading say 550, below the 600 shown (bytes in flight): a floor.
    h.runner.fetchedBefore.set('org/a', 550);
    await h.service.resume(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    const run = h.runner.active.get('org/a')!;
    expect(h.service.get(job.id)!.downloaded).toBe(600);
    run.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 540 });
    // model.safetensors failed for good and its temp file was deleted: 10 bytes (config.json) remain.
    run.emit({
      type: 'file-failed',
      path: 'model.safetensors',
      error: { code: 'INTEGRITY_MISMATCH', message: 'x' },
    });
    run.progress(10);
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 10, percent: 0.9 });
    expect(h.service.files(job.id).find((file) => file.path === 'model.safetensors')).toMatchObject({
      state: 'failed',
      downloaded: 0,
    });
  });

  it('follows the engine’s files done down too: a folder deleted under the run took a finished file', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    run.emit({ ...countsProgress(600, 600, 0, 2), total: 1010, filesDone: 1 });
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 600, filesDone: 1 });
    // The engine's last reading after DOWNLOAD_DELETED: nothing left on disk (src/transfer/deleted-files.ts).
    run.emit({ ...countsProgress(0, 600, 0, 2), total: 1010, filesDone: 0 });
    run.fail(new HubgetError('DOWNLOAD_DELETED', 'The download’s folder x was deleted while it ran'));
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 0, filesDone: 0, fetchedBytes: 600 });
    expect(h.service.get(job.id)!.error).toMatchObject({ code: 'DOWNLOAD_DELETED' });
  });

  it('keeps no floor from a failed file: a retry of a job stored at 100 % starts from the disk', () => {
    // As a failed job was stored before its figure followed the disk: every byte counted, the file failed.
    const commit = 'c'.repeat(40);
    const telemetry = new JobTelemetry({
      ...freshSnapshot(),
      downloaded: 1004,
      total: 1004,
      commit,
      files: [
        { path: 'README.md', size: 4, downloaded: 4, state: 'verified' },
        { path: 'data.bin', size: 1000, downloaded: 1000, state: 'failed' },
      ],
    });
    telemetry.beginRun(0);
    const files = [
      { path: 'README.md', size: 4, present: true },
      { path: 'data.bin', size: 1000, present: false },
    ];
    const plan = {
      repoId: 'org/a',
      commit,
      totalBytes: 1004,
      presentBytes: 4,
      filesTotal: 2,
      filesPresent: 1,
    };
    telemetry.handle({ type: 'plan', ...plan, files }, 0);
    expect(telemetry.downloaded).toBe(4);
    expect(telemetry.files.get('data.bin')).toMatchObject({ state: 'pending', downloaded: 0 });
    telemetry.handle({ ...countsProgress(104, 100), total: 1004 }, 1);
    expect(telemetry.downloaded).toBe(104);
  });
});
