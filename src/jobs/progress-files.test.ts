/**
 * Progress files an earlier process left (a kill -9 keeps them): the job's end removes them even when this
 * process never wrote one, and the start removes those of jobs that ended.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeJobRunner } from '../../test/support/jobs/fake-job-runner.js';
import { type Harness, waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import { HubgetError } from '../errors.js';
import { progressFileName } from '../progress/progress-file.js';
import { openSqliteStore } from '../store/sqlite-store.js';

/** What the killed process's last tick wrote: 47 % for a job that runs no more. */
function leaveStaleFile(h: Harness, jobId: string): string {
  const path = join(h.progressDir, progressFileName(jobId));
  writeFileSync(path, JSON.stringify({ downloaded: 475, total: 1010, progress: 47, speed: 9, eta: 60 }));
  return path;
}

/** A new process on the same database; no tick comes within the test, so no writer is ever made. */
function restart(h: Harness) {
  const runner = new FakeJobRunner(h.dir);
  return { runner, service: h.restart({ runner, tickIntervalMs: 600_000, progressFiles: true }) };
}

describe('jobs service: progress files an earlier process left', () => {
  it('a job recovered after a kill -9 that completes before its first tick removes the killed process’s file', async () => {
    // The killed process wrote no file here (its timer would go on writing in this test's process).
    const h = harness({ progressFiles: false });
    const { job } = await h.service.create({ repoId: 'org/f' });
    await waitFor(() => h.runner.active.has('org/f'), 'running');
    const stale = leaveStaleFile(h, job.id);

    const { runner, service } = restart(h);
    await waitFor(() => runner.active.has('org/f'), 'recovered and running');
    await runner.active.get('org/f')!.finish();
    await waitFor(() => service.get(job.id)!.state === 'completed', 'completed');
    await waitFor(() => !existsSync(stale), 'the killed process’s progress file removed');
  });

  it('so does a recovered job that fails, and a paused one cancelled after the restart', async () => {
    const h = harness({ progressFiles: false });
    const failing = (await h.service.create({ repoId: 'org/x' })).job;
    const paused = (await h.service.create({ repoId: 'org/p' })).job;
    await waitFor(() => h.runner.active.size === 2, 'running');
    await h.service.pause(paused.id);
    const staleFailing = leaveStaleFile(h, failing.id);
    const stalePaused = leaveStaleFile(h, paused.id);

    const { runner, service } = restart(h);
    await waitFor(() => runner.active.has('org/x'), 'recovered and running');
    // A paused job keeps its last file (docs/jobs.md, "Progress files").
    expect(existsSync(stalePaused)).toBe(true);
    runner.active.get('org/x')!.fail(new HubgetError('TRANSFER_FAILED', 'gone'));
    await waitFor(() => service.get(failing.id)!.state === 'failed', 'failed');
    await waitFor(() => !existsSync(staleFailing), 'the failed job’s file removed');
    await service.cancel(paused.id);
    expect(existsSync(stalePaused)).toBe(false);
  });

  it('at start, removes the files of jobs that ended, not those of jobs it does not know; remove() takes its job’s', async () => {
    const h = harness({ progressFiles: false });
    const done = (await h.service.create({ repoId: 'org/done' })).job;
    const kept = (await h.service.create({ repoId: 'org/kept' })).job;
    await waitFor(() => h.runner.active.size === 2, 'running');
    await h.runner.active.get('org/done')!.finish();
    await h.runner.active.get('org/kept')!.finish();
    await waitFor(() => h.service.list().every((job) => job.state === 'completed'), 'completed');
    // Killed between the job's end and the file's removal; and another program's file in the shared folder.
    const staleDone = leaveStaleFile(h, done.id);
    const other = leaveStaleFile(h, '5a1d2c3e-0000-4000-8000-000000000000');

    const { service } = restart(h);
    await waitFor(() => !existsSync(staleDone), 'the ended job’s file removed at start');
    expect(existsSync(other)).toBe(true);
    const staleKept = leaveStaleFile(h, kept.id);
    service.remove(kept.id);
    await waitFor(() => !existsSync(staleKept), 'the removed job’s file removed');
  });

  it('a job removed just before a kill: the next start removes its file, by the id the store kept', async () => {
    const h = harness({ progressFiles: false });
    const removed = (await h.service.create({ repoId: 'org/removed' })).job;
    await waitFor(() => h.runner.active.size === 1, 'running');
    await h.runner.active.get('org/removed')!.finish();
    await waitFor(() => h.service.get(removed.id)?.state === 'completed', 'completed');
    const stale = leaveStaleFile(h, removed.id);
    const other = leaveStaleFile(h, '5a1d2c3e-0000-4000-8000-000000000000');
    // The removal's first step, in the store, then the kill: the file was never deleted.
    const store = openSqliteStore(h.dbPath);
    store.deleteJob(removed.id);
    store.close();

    const { service } = restart(h);
    expect(service.get(removed.id)).toBeUndefined();
    await waitFor(() => !existsSync(stale), 'the removed job’s file removed at start');
    // Another server's or program's file in the shared folder stays: its id is none this store issued.
    expect(existsSync(other)).toBe(true);
    const reopened = openSqliteStore(h.dbPath);
    await waitFor(() => reopened.listRemovedJobIds().length === 0, 'the removed id forgotten');
    reopened.close();
  });

  it('remove() forgets the id once its file is deleted', async () => {
    const h = harness({ progressFiles: false });
    const done = (await h.service.create({ repoId: 'org/done' })).job;
    await waitFor(() => h.runner.active.size === 1, 'running');
    await h.runner.active.get('org/done')!.finish();
    await waitFor(() => h.service.get(done.id)?.state === 'completed', 'completed');
    const { service } = restart(h);
    const stale = leaveStaleFile(h, done.id);
    service.remove(done.id);
    await waitFor(() => !existsSync(stale), 'the removed job’s file removed');
    const store = openSqliteStore(h.dbPath);
    await waitFor(() => store.listRemovedJobIds().length === 0, 'the removed id forgotten');
    store.close();
  });
});
