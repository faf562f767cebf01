import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { errorCode, harness } from '../../test/support/jobs/service-tests.js';
import { HubgetError } from '../errors.js';

describe('jobs service: pause, resume, cancel, retry, remove', () => {
  it('pause aborts the run at once and frees the slot; resume continues from the bytes already fetched', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 1 });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await h.service.create({ repoId: 'org/b' });
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    const signal = h.runner.active.get('org/a')!.options.signal!;
    h.runner.active.get('org/a')!.progress(400);
    const paused = await h.service.pause(job.id);
    expect(signal.aborted).toBe(true);
    expect(paused).toMatchObject({ state: 'paused', downloaded: 400, total: 1010, speed: 0 });
    await waitFor(() => h.runner.active.has('org/b'), 'b takes the slot');

    const resumed = await h.service.resume(job.id);
    expect(resumed.state).toBe('queued');
    expect(resumed.queuePosition).toBe(0);
    await h.runner.active.get('org/b')!.finish();
    await waitFor(() => h.runner.active.has('org/a'), 'a runs again');
    // The fake engine resumes from its map: the first progress of the new run is where it stopped.
    expect(h.service.get(job.id)!.downloaded).toBe(400);
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'a completed');
    expect(await errorCode(h.service.pause(job.id))).toBe('INVALID_STATE');
  });

  it('a job resumed while its paused run still stops starts once that run let go, and shutdown stops the new run', async () => {
    // A mirror resumes a pull whose client asks again right after the pull was paused: the engine lets go of a
    // run only once its connections and writes have ended. Before, the new run started beside the stopping one
    // (two runs writing one temp file), and the old one's end dropped the new one's handle: shutdown left it
    // downloading into a cache it no longer owned.
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    let letGo: () => void = () => undefined;
    h.runner.abortHolds.set('org/a', new Promise<void>((resolve) => (letGo = resolve)));
    const pausing = h.service.pause(job.id);
    expect((await h.service.resume(job.id)).state).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 60));
    // One download started so far (the fake throws on a second at once); the job waits for the first to end.
    expect(h.runner.started).toEqual(['org/a']);
    expect(h.service.get(job.id)!.state).toBe('queued');
    h.runner.abortHolds.delete('org/a');
    letGo();
    await pausing;
    await waitFor(() => h.runner.started.length === 2 && h.runner.active.has('org/a'), 'a runs again');
    expect(h.service.get(job.id)!.state).toBe('running');
    await h.service.shutdown();
    expect(h.runner.active.size).toBe(0);
  });

  it('a job retried while its cancel still cleans up starts once the cancel removed its files, not before', async () => {
    // Before, the retried run started when the cancelled one let go, and the cancel then deleted the temp files
    // (the new run's) and dropped its partial files from the job's numbers.
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    const order: string[] = [];
    const remove = h.runner.removeTempFiles.bind(h.runner);
    h.runner.removeTempFiles = async (prefixes) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push(`removed after ${h.runner.started.length} start(s)`);
      return remove(prefixes);
    };
    const cancelling = h.service.cancel(job.id);
    expect((await h.service.retry(job.id)).state).toBe('queued');
    await cancelling;
    await waitFor(() => h.runner.started.length === 2, 'a runs again');
    expect(order).toEqual(['removed after 1 start(s)']);
    expect(h.service.get(job.id)!.state).toBe('running');
  });

  it('a paused or failed job lists no file as downloading: a partly fetched one is pending, with its bytes', async () => {
    const h = harness();
    const ids = await Promise.all(
      ['org/a', 'org/b'].map(async (repoId) => (await h.service.create({ repoId })).job.id),
    );
    await waitFor(() => h.runner.active.size === 2, 'running');
    for (const repoId of ['org/a', 'org/b']) {
      const run = h.runner.active.get(repoId)!;
      run.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 0 });
      const file = {
        path: 'model.safetensors',
        downloaded: 400,
        size: 1000,
        bytesPerSecond: 0,
        etaSeconds: null,
      };
      run.emit({ ...countsProgress(400, 400, 0, 2), total: 1010, activeFiles: [file] });
    }
    const stateOf = (id: string) => h.service.files(id).find((file) => file.path === 'model.safetensors');
    expect(stateOf(ids[0]!)).toMatchObject({ state: 'downloading', downloaded: 400 });
    await h.service.pause(ids[0]!);
    h.runner.active.get('org/b')!.fail(new HubgetError('TRANSFER_FAILED', 'gone'));
    await waitFor(() => h.service.get(ids[1]!)!.state === 'failed', 'b failed');
    for (const id of ids) expect(stateOf(id)).toMatchObject({ state: 'pending', downloaded: 400 });
  });

  it('pausing a queued job holds it back; cancel removes partial files; retry requeues; remove only when finished', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 1 });
    const a = (await h.service.create({ repoId: 'org/a' })).job;
    const b = (await h.service.create({ repoId: 'org/b' })).job;
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    expect((await h.service.pause(b.id)).state).toBe('paused');

    expect(await errorCode(async () => h.service.remove(a.id))).toBe('INVALID_STATE');
    const cancelled = await h.service.cancel(a.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.finishedAt).not.toBeNull();
    // The prefixes stored when the run started (one per planned file), with no Hub listing.
    const blobs = join(h.dir, 'cache', 'org--a', 'blobs', 'b'.repeat(40));
    expect(h.runner.removedPartials).toEqual([blobs]);
    expect(h.runner.plans).toBe(0);
    // b is paused, so nothing starts.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(h.runner.active.size).toBe(0);

    // Requeued, and started at once: the slot is free.
    expect((await h.service.retry(a.id)).state).toBe('running');
    await waitFor(() => h.runner.active.has('org/a'), 'a runs again after retry');
    expect(await errorCode(h.service.retry(a.id))).toBe('INVALID_STATE');

    expect((await h.service.cancel(b.id)).state).toBe('cancelled');
    h.service.remove(b.id);
    expect(h.service.get(b.id)).toBeUndefined();
    expect(h.events).toContainEqual({ type: 'job-removed', id: b.id });
  });

  it('a failure is stored with its code and announced; retry runs it again to completion', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a', name: 'Model A' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.fail(new HubgetError('DISK_FULL', 'Not enough free disk space: need 2 GB'));
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.get(job.id)!.error).toEqual({
      code: 'DISK_FULL',
      message: 'Not enough free disk space: need 2 GB',
    });
    expect(h.events).toContainEqual({
      type: 'notification',
      level: 'error',
      jobId: job.id,
      title: 'Model A failed',
      message: 'Not enough free disk space: need 2 GB',
      // The run it ends, as the job's view says it.
      finishedAt: h.service.get(job.id)!.finishedAt,
    });
    await h.service.retry(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    expect(h.service.get(job.id)!.error).toBeNull();
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    const notification = h.events.findLast((event) => event.type === 'notification');
    expect(notification).toMatchObject({ level: 'success', title: 'Download complete' });
    expect((notification as { message: string }).message).toMatch(
      /^Model A downloaded \(1\.01 kB in (\d+ ms|\d\.\d s|\d+ s)\)$/,
    );
  });

  it('a run refused after its plan (disk full) keeps the planned files and size beside the reason', async () => {
    const h = harness();
    const message = 'Not enough free disk space: the download needs 1.01 kB, 1.00 kB free at /cache';
    h.runner.afterPlanErrors.set('org/a', new HubgetError('DISK_FULL', message));
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.get(job.id)).toMatchObject({
      downloaded: 0,
      total: 1010,
      filesDone: 0,
      filesTotal: 2,
      error: { code: 'DISK_FULL', message },
    });
    // Stored so: a restarted server shows the same.
    expect(h.restart().get(job.id)).toMatchObject({ downloaded: 0, total: 1010, filesTotal: 2 });
  });

  it('the completion notification says what the job fetched beside what was on disk, as History does', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a', name: 'Model A Q6_K' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    // 700 of its 1010 bytes fetched; the rest were on disk.
    await h.runner.active.get('org/a')!.finish([], 700);
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    const notification = h.events.findLast((event) => event.type === 'notification');
    expect((notification as { message: string }).message).toMatch(
      /^Model A Q6_K downloaded \(1\.01 kB · fetched 700 B in (\d+ ms|\d\.\d s|\d+ s)\)$/,
    );
  });

  it('the completion notification time is what all the runs spent fetching, not only the last run', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a', name: 'Model A' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    // The first run fetched 400 B over 29.7 s of fetching (a bandwidth limit), then was paused.
    const first = h.runner.active.get('org/a')!;
    first.emit({
      type: 'progress',
      downloaded: 400,
      total: 1010,
      bytesPerSecond: 0,
      etaSeconds: null,
      filesDone: 0,
      filesTotal: 2,
      activeFiles: [],
      fetchedBytes: 400,
      otherRunBytes: 0,
      copiedBytes: 0,
      fetchingMs: 29_700,
    });
    await h.service.pause(job.id);
    await h.service.resume(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    // The second run fetches the rest in well under a second.
    await h.runner.active.get('org/a')!.finish([], 610);
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    expect(h.service.get(job.id)!.fetchingMs).toBeGreaterThanOrEqual(29_700);
    const notification = h.events.findLast((event) => event.type === 'notification');
    expect((notification as { message: string }).message).toBe('Model A downloaded (1.01 kB in 30 s)');
  });

  it('never completes a job whose files are missing on disk', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    await h.runner.active.get('org/a')!.finish(['model.safetensors']);
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.get(job.id)!.error).toMatchObject({ code: 'IO_ERROR' });
    expect(h.service.get(job.id)!.error!.message).toContain('model.safetensors');
  });

  it('a job limit is refused once the job will not run again (completed), kept for a retry (failed, cancelled)', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.fail(new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach the Hub'));
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.setJobBandwidthLimit(job.id, 2000).bandwidthLimit).toBe(2000);
    await h.service.retry(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    expect(h.service.get(job.id)!.bandwidthLimit).toBe(2000);
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');

    // As pause, resume, cancel, retry and move are: 409 INVALID_STATE, nothing stored.
    expect(await errorCode(() => h.service.setJobBandwidthLimit(job.id, 5))).toBe('INVALID_STATE');
    expect(h.service.get(job.id)!.bandwidthLimit).toBe(2000);

    const cancelled = (await h.service.create({ repoId: 'org/b' })).job;
    await h.service.cancel(cancelled.id);
    expect(h.service.setJobBandwidthLimit(cancelled.id, 3000).bandwidthLimit).toBe(3000);
  });
});
