import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../api-types.js';
import { HubgetError, isHubgetError } from '../errors.js';
import { storedTokenFilePath } from '../store/token-file.js';
import { FakeJobRunner } from './testing/fake-job-runner.js';
import { createHarness, type Harness, waitFor } from './testing/service-harness.js';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const created = createHarness(...args);
  harnesses.push(created);
  return created;
}
afterEach(async () => {
  for (const created of harnesses.splice(0)) await created.cleanup();
});

async function errorCode(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return isHubgetError(error) ? error.code : `not a HubgetError: ${String(error)}`;
  }
  return 'no error';
}

const states = (h: Harness) => Object.fromEntries(h.service.list().map((job) => [job.repoId, job.state]));

describe('jobs service: queue', () => {
  it('never runs more than maxParallel; raising starts more at once, lowering lets running jobs finish', async () => {
    const h = harness();
    const { service, runner } = h;
    for (const name of ['a', 'b', 'c', 'd', 'e']) await service.create({ repoId: `org/${name}` });
    await waitFor(() => runner.active.size === 2, 'two running');
    expect(states(h)).toEqual({
      'org/a': 'running',
      'org/b': 'running',
      'org/c': 'queued',
      'org/d': 'queued',
      'org/e': 'queued',
    });
    expect(service.list().map((job) => job.queuePosition)).toEqual([null, null, 0, 1, 2]);

    await runner.active.get('org/a')!.finish();
    await waitFor(() => runner.active.has('org/c'), 'c started after a finished');
    expect(service.get(service.list()[0]!.id)!.state).toBe('completed');
    expect(runner.active.size).toBe(2);

    service.updateSettings({ maxParallel: 3 });
    await waitFor(() => runner.active.has('org/d'), 'd started when the limit rose');
    expect(runner.active.size).toBe(3);

    service.updateSettings({ maxParallel: 1 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runner.active.size).toBe(3);
    await runner.active.get('org/b')!.finish();
    await runner.active.get('org/c')!.finish();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([...runner.active.keys()]).toEqual(['org/d']);
    await runner.active.get('org/d')!.finish();
    await waitFor(() => runner.active.has('org/e'), 'e started once below the limit');
    expect(runner.maxConcurrent).toBe(3);
  });

  it('moves queued jobs and refuses to move others', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 1 });
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd'])
      ids.push((await h.service.create({ repoId: `org/${name}` })).job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    const moved = h.service.move(ids[3]!, 0);
    expect(moved.queuePosition).toBe(0);
    const order = () =>
      h.service
        .list()
        .filter((job) => job.state === 'queued')
        .sort((x, y) => x.queuePosition! - y.queuePosition!)
        .map((job) => job.repoId);
    expect(order()).toEqual(['org/d', 'org/b', 'org/c']);
    h.service.move(ids[1]!, 99);
    expect(order()).toEqual(['org/d', 'org/c', 'org/b']);
    expect(await errorCode(() => h.service.move(ids[0]!, 0))).toBe('INVALID_STATE');
    expect(await errorCode(() => h.service.move('nope', 0))).toBe('JOB_NOT_FOUND');
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.runner.active.has('org/d'), 'the moved job runs next');
  });

  it('joins a duplicate request to the active job, but not a different destination or filter', async () => {
    const h = harness();
    const first = await h.service.create({ repoId: 'org/a', include: ['*.json', '*.md'] });
    const again = await h.service.create({
      repoId: 'org/a',
      repoType: 'model',
      revision: 'main',
      include: ['*.md', '*.json'],
    });
    expect(again).toMatchObject({ joined: true, job: { id: first.job.id } });
    expect((await h.service.create({ repoId: 'org/a' })).joined).toBe(false);
    expect(
      (await h.service.create({ repoId: 'org/a', include: ['*.json', '*.md'], localDir: 'a' })).joined,
    ).toBe(false);
    expect(h.service.list()).toHaveLength(3);
  });

  it('validates requests: repo id, hostile localDir, limits', async () => {
    const h = harness();
    expect(await errorCode(h.service.create({ repoId: 'bad repo id' }))).toBe('INVALID_REPO_ID');
    expect(await errorCode(h.service.create({ repoId: 'org/a', localDir: '../../etc/passwd' }))).toBe(
      'UNSAFE_PATH',
    );
    expect(await errorCode(h.service.create({ repoId: 'org/a', localDir: '/etc' }))).toBe('UNSAFE_PATH');
    expect(await errorCode(h.service.create({ repoId: 'org/a', bandwidthLimit: -1 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await errorCode(h.service.create({} as never))).toBe('INVALID_REPO_ID');
    expect(await errorCode(h.service.create({ repoId: 'org/a', revision: 'has space' }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await errorCode(h.service.create({ repoId: 'org/a', include: [''] }))).toBe('INVALID_ARGUMENT');
    expect(await errorCode(h.service.preview({ repoId: 'org/a', localDir: '../x' }))).toBe('UNSAFE_PATH');
    expect(h.service.list()).toEqual([]);
  });
});

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
    });
    await h.service.retry(job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'running again');
    expect(h.service.get(job.id)!.error).toBeNull();
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
    const notification = h.events.findLast((event) => event.type === 'notification');
    expect(notification).toMatchObject({ level: 'success', title: 'Download complete' });
    expect((notification as { message: string }).message).toMatch(
      /^Model A downloaded \(1\.01 kB in \d+ s\)$/,
    );
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
});

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
    run.emit({ type: 'stall', path: 'model.safetensors', rangeStart: 0, idleMs: 35_000, reason: 'no-data' });
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

  it('flags a stall by its own clock when the engine goes quiet', async () => {
    const h = harness();
    h.service.updateSettings({ stallTimeoutMs: 1000 });
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    await waitFor(() => h.service.get(job.id)!.stalled, 'stalled', 3000);
    expect(h.service.get(job.id)!.stallReason).toMatch(/^No data for \d+ s$/);
    h.runner.active.get('org/a')!.progress(10);
    expect(h.service.get(job.id)!.stalled).toBe(false);
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

describe('jobs service: settings and token', () => {
  it('validates updates and changes nothing on a bad one', async () => {
    const h = harness();
    const before = h.service.getSettings();
    expect(before).toMatchObject({
      maxParallel: 2,
      bandwidthLimit: 0,
      endpoint: 'http://127.0.0.1:9',
      hfTokenSet: false,
    });
    for (const bad of [
      { maxParallel: 0 },
      { maxParallel: 17 },
      { maxParallel: 1.5 },
      { bandwidthLimit: -1 },
      { endpoint: 'ftp://x' },
      { endpoint: 'not a url' },
      { stallTimeoutMs: -1 },
      { progressDir: 'relative' },
      { maxParallel: 3, endpoint: 'file:///etc' },
      { hfToken: 'has space' },
    ]) {
      expect(await errorCode(() => h.service.updateSettings(bad as never))).toBe('INVALID_ARGUMENT');
    }
    expect(h.service.getSettings()).toEqual(before);
    const after = h.service.updateSettings({ maxParallel: 4, endpoint: 'https://hf-mirror.example/' });
    expect(after).toMatchObject({ maxParallel: 4, endpoint: 'https://hf-mirror.example' });
    expect(h.events.at(-1)).toEqual({ type: 'settings', settings: after });
  });

  it('keeps the token in a 0600 file, sends it to the runner, and never shows it', async () => {
    const h = harness();
    const secret = 'hf_SuperSecretToken123';
    expect(h.service.updateSettings({ hfToken: secret }).hfTokenSet).toBe(true);
    expect(statSync(storedTokenFilePath(h.dataDir)).mode & 0o777).toBe(0o600);
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    expect(h.runner.active.get('org/a')!.request.hub.token).toBe(secret);
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');

    const visible = JSON.stringify([
      h.service.list(),
      h.service.getSettings(),
      h.events,
      h.service.files(job.id),
    ]);
    expect(visible).not.toContain(secret);
    // Nor in the database.
    for (const name of readdirSync(h.dataDir).filter((file) => file.startsWith('hubget.db'))) {
      expect(readFileSync(join(h.dataDir, name)).includes(secret)).toBe(false);
    }
    // Survives a restart, and can be cleared.
    const again = h.restart();
    expect(again.getSettings().hfTokenSet).toBe(true);
    expect(again.updateSettings({ hfToken: null }).hfTokenSet).toBe(false);
    expect(existsSync(storedTokenFilePath(h.dataDir))).toBe(false);
  });

  it('persists settings across restarts', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 5, bandwidthLimit: 123, defaultDestination: 'local' });
    await h.service.shutdown();
    expect(h.restart().getSettings()).toMatchObject({
      maxParallel: 5,
      bandwidthLimit: 123,
      defaultDestination: 'local',
    });
  });
});

describe('jobs service: persistence and recovery', () => {
  it('after a crash, running jobs resume first, queued stay queued, paused stay paused, finished stay', async () => {
    const h = harness();
    const { service, runner } = h;
    const ids: Record<string, string> = {};
    for (const name of ['done', 'a', 'b', 'c', 'p'])
      ids[name] = (await service.create({ repoId: `org/${name}` })).job.id;
    await waitFor(() => runner.active.size === 2, 'two running');
    await runner.active.get('org/done')!.finish();
    await waitFor(() => runner.active.has('org/b'), 'b running');
    runner.active.get('org/a')!.progress(600);
    await service.pause(ids.p!);
    await waitFor(() => service.history(ids.a!).length > 0, 'progress persisted by a tick');

    // kill -9: the first service is simply abandoned; a new one opens the same database.
    const runner2 = new FakeJobRunner(h.dir);
    runner2.fetchedBefore.set('org/a', 600);
    const revived = h.restart({ runner: runner2 });
    const byRepo = (repo: string) => revived.list().find((job: JobView) => job.repoId === `org/${repo}`)!;
    await waitFor(() => runner2.active.size === 2, 'interrupted jobs running again');
    expect([...runner2.active.keys()].sort()).toEqual(['org/a', 'org/b']);
    expect(byRepo('done').state).toBe('completed');
    expect(byRepo('c')).toMatchObject({ state: 'queued', queuePosition: 0 });
    expect(byRepo('p').state).toBe('paused');
    expect(byRepo('a')).toMatchObject({ downloaded: 600, total: 1010 });
    expect(revived.list()).toHaveLength(5);
  });

  it('shutdown pauses running jobs as resumable; the next start resumes them', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await h.service.create({ repoId: 'org/q' });
    await h.service.create({ repoId: 'org/r' });
    await waitFor(() => h.runner.active.size === 2, 'running');
    const signal = h.runner.active.get('org/a')!.options.signal!;
    h.runner.active.get('org/a')!.progress(50);
    await h.service.shutdown();
    expect(signal.aborted).toBe(true);
    expect(h.runner.active.size).toBe(0);
    expect(await errorCode(h.service.create({ repoId: 'org/x' }))).toBe('INVALID_STATE');

    const revived = h.restart();
    await waitFor(() => h.runner.active.size === 2, 'resumed after restart');
    expect([...h.runner.active.keys()].sort()).toEqual(['org/a', 'org/q']);
    expect(revived.get(job.id)).toMatchObject({ state: 'running', downloaded: 50 });
    expect(revived.list().find((other) => other.repoId === 'org/r')!.state).toBe('queued');
  });
});

describe('jobs service: preview', () => {
  it('reports totals and free space, and turns gated / not-found-without-token into needsToken', async () => {
    const h = harness();
    const preview = await h.service.preview({ repoId: 'org/a' });
    expect(preview).toMatchObject({ totalBytes: 1010, bytesToFetch: 1010, gated: false, needsToken: false });
    expect(preview.freeBytes).toBeGreaterThan(0);
    expect(preview.files).toHaveLength(2);

    h.runner.planErrors.set('org/gated', new HubgetError('GATED_REPO', 'Access to org/gated is restricted'));
    expect(await h.service.preview({ repoId: 'org/gated' })).toMatchObject({
      gated: true,
      needsToken: true,
      message: 'Access to org/gated is restricted',
    });
    h.runner.planErrors.set(
      'org/private',
      new HubgetError('REPO_NOT_FOUND', 'Repository org/private not found'),
    );
    expect(await h.service.preview({ repoId: 'org/private' })).toMatchObject({
      gated: false,
      needsToken: true,
    });
    h.service.updateSettings({ hfToken: 'hf_x' });
    expect(await errorCode(h.service.preview({ repoId: 'org/private' }))).toBe('REPO_NOT_FOUND');
    h.runner.planErrors.set(
      'org/down',
      new HubgetError('NETWORK_UNREACHABLE', 'The endpoint could not be reached'),
    );
    expect(await errorCode(h.service.preview({ repoId: 'org/down' }))).toBe('NETWORK_UNREACHABLE');
  });
});
