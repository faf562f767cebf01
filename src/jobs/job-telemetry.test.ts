/** What a running job shows: totals, speed, stalls, samples, progress files, the marker, limits, the tick. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { errorCode, harness } from '../../test/support/jobs/service-tests.js';
import { retryEvent, stallEvent, stallRetry } from '../../test/support/progress/retry-events.js';
import type { JobView } from '../api-types.js';
import type { TransferEvent } from '../progress/events.js';

describe('jobs service: telemetry', () => {
  it('shows exact totals from the plan, stalls and recovers, samples speed, writes then removes the progress file', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    expect(h.service.get(job.id)).toMatchObject({ total: 1010, filesTotal: 2, commit: 'c'.repeat(40) });
    expect(h.service.files(job.id).map((file) => [file.path, file.state])).toEqual([
      ['config.json', 'pending'],
      ['model.safetensors', 'pending'],
    ]);
    run.progress(100, 200);
    run.progress(300, 250);
    // Speed and ETA are the engine's (computed once, in the transfer room).
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 300, percent: 29.7, speed: 250, eta: 3 });
    run.emit(stallEvent('model.safetensors'));
    expect(h.service.get(job.id)).toMatchObject({
      stalled: true,
      stallReason: 'No data for 35 s — reconnecting',
    });
    run.progress(500);
    expect(h.service.get(job.id)).toMatchObject({ stalled: false, stallReason: null });

    const progressFile = join(h.progressDir, `download_${job.id}.json`);
    await waitFor(() => existsSync(progressFile), 'progress file');
    await waitFor(() => h.service.history(job.id).length >= 2, 'speed samples');
    expect(h.service.history(job.id).at(-1)!.downloaded).toBe(500);
    const jobEvents = h.events.filter((event) => event.type === 'job' && event.job.id === job.id).length;
    expect(jobEvents).toBeGreaterThanOrEqual(3);

    await run.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    expect(h.service.get(job.id)).toMatchObject({ downloaded: 1010, percent: 100, filesDone: 2, eta: null });
    expect(h.service.files(job.id).every((file) => file.state === 'verified')).toBe(true);
    await waitFor(() => !existsSync(progressFile), 'progress file removed');
  });

  it('says the last retry since bytes last arrived, until bytes arrive again', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    run.progress(100, 100);
    expect(h.service.get(job.id)!.retrying).toBeNull();
    const error = { code: 'TRANSFER_FAILED' as const, message: 'Network error (ECONNREFUSED)' };
    const unreachable = { code: 'ECONNREFUSED', host: '127.0.0.1:9' };
    const limit = { forMs: 300_000 };
    // delayMs 0: a wait that is over once bytes arrive (a wait still running is kept: the rate-limit tests below).
    run.emit(retryEvent('model.safetensors', error, { attempt: 3, delayMs: 0, unreachable, limit }));
    // With the limit the engine retries under, which the web UI says ("for up to 5 min without progress").
    expect(h.service.get(job.id)!.retrying).toEqual({
      attempt: 3,
      message: 'Network error (ECONNREFUSED)',
      unreachable,
      limit,
    });
    run.progress(200);
    expect(h.service.get(job.id)!.retrying).toBeNull();
    // A stalled connection's reconnect: the stall says it, not a retry line.
    run.emit(stallRetry('model.safetensors', 0));
    expect(h.service.get(job.id)!.retrying).toBeNull();
  });

  it('says a Hub call retried before the plan too, counting the quiet seconds from the run’s start, until the plan', () => {
    const telemetry = freshTelemetry();
    telemetry.beginRun(0);
    // A listing that is only slow is not "no data".
    expect(telemetry.noDataSeconds(8000)).toBe(0);
    const error = {
      code: 'NETWORK_UNREACHABLE' as const,
      message: 'Cannot reach 127.0.0.1:9: connect ECONNREFUSED',
    };
    expect(telemetry.handle(retryEvent('', error, { attempt: 2, delayMs: 2000 }), 3000)).toBe(true);
    expect(telemetry.retries.shown(3000)).toEqual({
      attempt: 2,
      message: error.message,
      unreachable: null,
      limit: null,
    });
    expect(telemetry.noDataSeconds(8000)).toBe(8);
    const files = [{ path: 'a.bin', size: 1000, present: false }];
    const plan = { repoId: 'org/a', commit: 'c'.repeat(40), totalBytes: 1000, presentBytes: 0 };
    telemetry.handle({ type: 'plan', ...plan, filesTotal: 1, filesPresent: 0, files }, 9000);
    expect(telemetry.retries.shown(9000)).toBeNull();
  });

  it('counts no quiet seconds, and flags no stall, while the job waits for its first connection slot', () => {
    const telemetry = freshTelemetry();
    telemetry.beginRun(0);
    const files = [{ path: 'a.bin', size: 1000, present: false }];
    const plan = { repoId: 'org/a', commit: 'c'.repeat(40), totalBytes: 1000, presentBytes: 0 };
    telemetry.handle({ type: 'plan', ...plan, filesTotal: 1, filesPresent: 0, files }, 0);
    // Other jobs hold every slot of the server's budget: none open, the budget says why.
    const waiting = { ...countsProgress(0, 0), connections: 0, connectionsReason: 'budget' as const };
    for (let ms = 1000; ms <= 40_000; ms += 1000) telemetry.handle(waiting, ms);
    expect(telemetry.noDataSeconds(40_500)).toBe(0);
    expect(telemetry.checkIdle(40_500, 30_000)).toBe(false);
    // A slot came: from then on quiet seconds count, from the end of the wait.
    const open = { ...countsProgress(0, 0), connections: 1, connectionsReason: 'budget' as const };
    telemetry.handle(open, 41_000);
    expect(telemetry.noDataSeconds(44_000)).toBe(4);
    expect(telemetry.checkIdle(71_000, 30_000)).toBe(true);
  });

  it('counts no quiet second and flags no stall before the plan, also with a total known before it', () => {
    const telemetry = freshTelemetry();
    // A resumed job has its last plan's total (a queued one may carry the size its Hub check told).
    telemetry.total = 1000;
    telemetry.beginRun(0);
    expect(telemetry.noDataSeconds(40_000)).toBe(0);
    expect(telemetry.checkIdle(40_000, 30_000)).toBe(false);
    const files = [{ path: 'a.bin', size: 1000, present: false }];
    const plan = { repoId: 'org/a', commit: 'c'.repeat(40), totalBytes: 1000, presentBytes: 0 };
    telemetry.handle({ type: 'plan', ...plan, filesTotal: 1, filesPresent: 0, files }, 40_000);
    expect(telemetry.noDataSeconds(48_000)).toBe(48);
    expect(telemetry.checkIdle(48_000, 30_000)).toBe(true);
  });

  it('shows the connections open and why while running, none once the run ended', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    const progress = { ...countsProgress(100, 100, 0, 2), total: 1010 };
    run.emit({ ...progress, connections: 2, connectionsReason: 'cpu' });
    expect(h.service.get(job.id)).toMatchObject({ connections: 2, connectionsReason: 'cpu' });
    // A later event with none open (the files are being verified) has no reason.
    run.emit({ ...progress, connections: 0 });
    expect(h.service.get(job.id)).toMatchObject({ connections: 0, connectionsReason: null });
    run.emit({ ...progress, connections: 32, connectionsReason: 'default-ceiling' });
    await run.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    expect(h.service.get(job.id)).toMatchObject({ connections: 0, connectionsReason: null });
  });

  it('flags a stall by its own clock when the engine goes quiet', async () => {
    let clock = 1_000_000;
    const h = harness({ now: () => clock });
    h.service.updateSettings({ stallTimeoutMs: 5000 });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    clock += 5_000;
    await waitFor(() => h.service.get(job.id)!.stalled, 'stalled', 3000);
    expect(h.service.get(job.id)!.stallReason).toMatch(/^No data for \d+ s$/);
    h.runner.active.get('org/a')!.progress(10);
    expect(h.service.get(job.id)!.stalled).toBe(false);
  });

  it('waits, without a stall, for files another download is fetching, and says whose', async () => {
    let clock = 1_000_000;
    const h = harness({ now: () => clock });
    h.service.updateSettings({ stallTimeoutMs: 5000 });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    const owner = { pid: 4242, hostname: 'build-2' };
    run.emit({ type: 'file-waiting', path: 'config.json', size: 10, owner });
    run.emit({ type: 'file-waiting', path: 'model.safetensors', size: 1000, owner });
    run.progress(0);
    expect(h.events).toContainEqual(
      expect.objectContaining({
        type: 'notification',
        level: 'info',
        jobId: job.id,
        message: 'Waiting for another download of 2 files, 1.01 kB (pid 4242 on build-2)',
      }),
    );
    // Quiet for longer than the stall timeout: waiting, not stalled, and not "no data" either.
    clock += 6_000;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.service.get(job.id)).toMatchObject({ stalled: false, noDataSeconds: 0 });
    // The other download stopped: this run took the file over, and its own transfer is watched again.
    run.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 0 });
    clock += 6_000;
    await waitFor(() => h.service.get(job.id)!.stalled, 'stalled', 3000);
  });

  it('counts the seconds without data from the first quiet second, long before the stall timeout', async () => {
    let clock = 1_000_000;
    const h = harness({ now: () => clock });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    expect(h.service.get(job.id)).toMatchObject({ total: 1010, noDataSeconds: 0 });
    clock += 7_400;
    // Counted from the run's start, and not a stall yet (30 s).
    expect(h.service.get(job.id)).toMatchObject({ noDataSeconds: 7, stalled: false });
    run.progress(100, 200);
    expect(h.service.get(job.id)!.noDataSeconds).toBe(0);
    clock += 3_000;
    run.progress(100, 0);
    expect(h.service.get(job.id)!.noDataSeconds).toBe(3);
    // Every byte on disk (verifying): nothing is missing, so no wait for data.
    run.progress(1010, 0);
    clock += 5_000;
    expect(h.service.get(job.id)!.noDataSeconds).toBe(0);
    h.service.pause(job.id);
    expect(h.service.get(job.id)!.noDataSeconds).toBe(0);
  });

  it('writes the hubget.json marker into a local dir after success', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a', localDir: 'my-a', revision: 'v1' });
    expect(job.localDir).toBe(join(h.modelsDir, 'my-a'));
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    const marker = JSON.parse(
      readFileSync(join(h.modelsDir, 'my-a', '.cache', 'huggingface', 'hubget.json'), 'utf8'),
    );
    expect(marker).toEqual({ repoId: 'org/a', repoType: 'model', revision: 'v1', commit: 'c'.repeat(40) });
    expect(h.service.get(job.id)!.resultPath).toBe(join(h.modelsDir, 'my-a'));
  });

  it('applies the global and per-job limits live, as two limiters of every run', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a', bandwidthLimit: 1000 });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const [global, perJob] = h.runner.active.get('org/a')!.options.rateLimiters!;
    expect([global!.bytesPerSecond, perJob!.bytesPerSecond]).toEqual([0, 1000]);
    h.service.updateSettings({ bandwidthLimit: 5_000_000 });
    h.service.setJobBandwidthLimit(job.id, 2000);
    expect([global!.bytesPerSecond, perJob!.bytesPerSecond]).toEqual([5_000_000, 2000]);
    expect(h.service.get(job.id)!.bandwidthLimit).toBe(2000);
    expect(await errorCode(() => h.service.setJobBandwidthLimit(job.id, -5))).toBe('INVALID_ARGUMENT');
  });
});

describe('jobs service: the tick', () => {
  it('re-publishes running jobs, own and external, with no engine event (the one re-send timer)', async () => {
    let external: JobView[] = [];
    const h = harness({ createExternalSource: () => ({ list: () => external, stop() {} }) });
    h.service.updateSettings({ maxParallel: 1 });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    external = [{ ...h.service.get(job.id)!, id: 'external-1', kind: 'external' }];
    const count = (id: string) =>
      h.events.filter((event) => event.type === 'job' && event.job.id === id).length;
    const before = count(job.id);
    await waitFor(() => count(job.id) >= before + 3 && count('external-1') >= 3, 'three ticks');
    const queued = (await h.service.create({ repoId: 'org/queued' })).job;
    await waitFor(() => count(job.id) >= before + 6, 'three more ticks');
    // Only running jobs are re-sent: the queued one was published once, when created.
    expect(h.service.get(queued.id)!.state).toBe('queued');
    expect(count(queued.id)).toBe(1);
    // Another program's download that ended is removed from the clients' lists, once.
    const removed = () =>
      h.events.filter((event) => event.type === 'job-removed' && event.id === 'external-1').length;
    expect(removed()).toBe(0);
    external = [];
    await waitFor(() => removed() === 1, 'external download removed');
    const published = count('external-1');
    await waitFor(() => count(job.id) >= before + 9, 'three more ticks');
    expect([removed(), count('external-1')]).toEqual([1, published]);
  });
});

describe('JobTelemetry: bytes fetched over the network', () => {
  const fresh = freshTelemetry;
  const plan = (presentBytes: number, totalBytes = 1000): TransferEvent => ({
    type: 'plan',
    repoId: 'org/a',
    commit: 'c'.repeat(40),
    totalBytes,
    presentBytes,
    filesTotal: 1,
    filesPresent: presentBytes === totalBytes ? 1 : 0,
    files: [{ path: 'a.bin', size: totalBytes, present: presentBytes === totalBytes }],
  });
  const progress = countsProgress;
  const done = (downloadedBytes: number): TransferEvent => ({
    type: 'done',
    resultPath: '/r',
    downloadedBytes,
    totalBytes: 1000,
    elapsedMs: 1,
    fetchingMs: 1,
  });

  it('counts from the plan, the first reading included, and adds up the runs', () => {
    const telemetry = fresh();
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(progress(300, 300), 1);
    expect(telemetry.fetchedTotal()).toBe(300);
    telemetry.endRun();
    telemetry.beginRun(2);
    telemetry.handle(plan(300), 2);
    telemetry.handle(progress(1000, 700), 3);
    telemetry.handle(done(700), 3);
    expect(telemetry.fetchedTotal()).toBe(1000);
  });

  it('is 0 for a download that found everything on disk', () => {
    const telemetry = fresh();
    telemetry.beginRun(0);
    telemetry.handle(plan(1000), 0);
    telemetry.handle(progress(1000, 0), 1);
    telemetry.handle(done(0), 1);
    expect(telemetry.fetchedTotal()).toBe(0);
  });

  it('takes the engine’s own count once done (bytes copied from the HF cache are not fetched)', () => {
    const telemetry = fresh(50);
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(progress(1000, 400), 1);
    telemetry.handle(done(400), 1);
    expect(telemetry.fetchedTotal()).toBe(450);
  });

  it('stays unknown for a job stored before it was recorded', () => {
    const telemetry = fresh(null);
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(progress(300, 300), 1);
    expect(telemetry.fetchedTotal()).toBeNull();
  });

  it('does not count bytes another download landed for a file this run waits for, even paused before done', () => {
    const telemetry = fresh();
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(
      { type: 'file-waiting', path: 'a.bin', size: 1000, owner: { pid: 7, hostname: 'h' } },
      0,
    );
    // The other download lands 600 bytes of the file; this run fetched none of them.
    telemetry.handle(progress(600, 0), 1);
    expect(telemetry.downloaded).toBe(600);
    expect(telemetry.fetchedTotal()).toBe(0);
    expect(telemetry.fetchedBytes).toBe(0);
    // Paused: no `done` event ever corrects the count.
    telemetry.endRun();
    expect(telemetry.fetchedTotal()).toBe(0);
    // The next run takes the file over and fetches the remaining 400 itself.
    telemetry.beginRun(2);
    telemetry.handle(plan(600), 2);
    telemetry.handle(progress(1000, 400), 3);
    expect(telemetry.fetchedTotal()).toBe(400);
    expect(telemetry.fetchedBytes).toBe(400);
  });

  it('adds up the time each run was fetching, a paused run’s last reading included; unknown stays unknown', () => {
    const telemetry = fresh(0, 0, 2000);
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(progress(300, 300, 0, 1, 1500), 1);
    // Paused after its last reading: no `done`.
    telemetry.endRun();
    expect(telemetry.counts().fetchingMs).toBe(3500);
    telemetry.beginRun(2);
    telemetry.handle(plan(300), 2);
    telemetry.handle(progress(1000, 700, 0, 1, 900), 3);
    telemetry.handle({ ...done(700), fetchingMs: 1000 } as TransferEvent, 3);
    expect(telemetry.counts().fetchingMs).toBe(4500);

    const old = fresh(0, 0, null);
    old.beginRun(0);
    old.handle(progress(300, 300, 0, 1, 1500), 1);
    expect(old.counts().fetchingMs).toBeNull();
  });
});

describe('jobs service: bytes fetched', () => {
  it('shows what a job fetched and keeps it across a restart', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    expect(job.fetchedBytes).toBe(0);
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(600, 100);
    expect(h.service.get(job.id)!.fetchedBytes).toBe(600);
    h.service.pause(job.id);
    await h.service.shutdown();
    const again = h.restart();
    expect(again.get(job.id)!.fetchedBytes).toBe(600);
  });
});
