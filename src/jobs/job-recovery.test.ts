import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeJobRunner } from '../../test/support/jobs/fake-job-runner.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { errorCode, harness } from '../../test/support/jobs/service-tests.js';
import type { JobView } from '../api-types.js';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { HubgetError } from '../errors.js';
import type { TransferEvent } from '../progress/events.js';

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

  it('after a kill -9, counts what the killed run fetched after its last stored count, from the resume maps', async () => {
    const h = harness();
    const ids: Record<string, string> = {};
    for (const name of ['own', 'other'])
      ids[name] = (await h.service.create({ repoId: `org/${name}` })).job.id;
    await waitFor(() => h.runner.active.size === 2, 'two running');
    for (const repoId of ['org/own', 'org/other']) {
      const download = h.runner.active.get(repoId)!;
      download.emit({ type: 'file-start', path: 'model.safetensors', size: 1000, resumedBytes: 0 });
      download.emit({
        ...progressOf(400),
        activeFiles: [
          { path: 'model.safetensors', downloaded: 400, size: 1000, bytesPerSecond: 0, etaSeconds: null },
        ],
      });
    }
    const stored = () => ['own', 'other'].map((name) => h.service.history(ids[name]!).length > 0);
    await waitFor(() => stored().every(Boolean), 'the counts stored by a tick');
    const lastActivityAt = Date.parse(h.service.get(ids.own!)!.lastActivityAt!);

    // kill -9: bytes arrived after that tick (up to 700 of the file in its resume map, written half a second
    // after it: not "now", which on a loaded machine fell outside the killed run's window and counted nothing).
    // org/other's map was written a minute later: by another program (a CLI run) that took the file over while
    // the server was down.
    await leaveTempFile(join(h.dir, 'cache', 'org--own'), 700, new Date(lastActivityAt + 500));
    await leaveTempFile(join(h.dir, 'cache', 'org--other'), 700, new Date(lastActivityAt + 60_000));
    const runner2 = new FakeJobRunner(h.dir);
    const revived = h.restart({ runner: runner2 });
    await waitFor(() => runner2.active.size === 2, 'interrupted jobs running again');
    // A pause stores the run's counts once what the restart added is known.
    await revived.pause(ids.own!);
    await revived.pause(ids.other!);
    expect(revived.get(ids.own!)!.fetchedBytes).toBe(700);
    expect(revived.get(ids.other!)!.fetchedBytes).toBe(400);
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

/** A progress event of the fake runner's two-file plan: `fetched` bytes fetched and on disk. */
function progressOf(fetched: number): Extract<TransferEvent, { type: 'progress' }> {
  return {
    type: 'progress',
    downloaded: fetched,
    total: 1010,
    bytesPerSecond: 0,
    etaSeconds: null,
    filesDone: 0,
    filesTotal: 2,
    activeFiles: [],
    fetchedBytes: fetched,
    otherRunBytes: 0,
    copiedBytes: 0,
    fetchingMs: 0,
  };
}

/** A temp file of model.safetensors (1000 B) with its resume map: `bytes` of it on disk, the map written `at`. */
async function leaveTempFile(repoDir: string, bytes: number, at: Date): Promise<void> {
  const temp = join(repoDir, 'blobs', `${'b'.repeat(40)}.0badc0de.incomplete`);
  await mkdir(dirname(temp), { recursive: true });
  await writeFile(temp, Buffer.alloc(1000));
  const map = { version: 1, size: 1000, algorithm: 'git-sha1', hash: 'b'.repeat(40), etag: null };
  await writeFile(
    `${temp}${RESUME_MAP_SUFFIX}`,
    JSON.stringify({ ...map, ranges: [[0, bytes]], updatedAt: at }),
  );
}

describe('jobs service: preview', () => {
  it('reports totals and free space, and turns gated / not-found-without-token into needsToken', async () => {
    const h = harness();
    const preview = await h.service.preview({ repoId: 'org/a' });
    expect(preview).toMatchObject({ totalBytes: 1010, bytesToFetch: 1010, gated: false, needsToken: false });
    expect(preview.freeBytes).toBeGreaterThan(0);
    expect(preview.files).toHaveLength(2);

    // The service's own messages, for the UI (the engine's speak of --token and HF_TOKEN).
    h.runner.planErrors.set('org/gated', new HubgetError('GATED_REPO', 'Access to org/gated is restricted'));
    expect(await h.service.preview({ repoId: 'org/gated' })).toMatchObject({
      gated: true,
      needsToken: true,
      message: `org/gated is gated: request access at ${h.service.getSettings().endpoint}/org/gated and then set a Hugging Face token in Settings`,
    });
    h.runner.planErrors.set(
      'org/private',
      new HubgetError('REPO_NOT_FOUND', 'Repository org/private not found'),
    );
    expect(await h.service.preview({ repoId: 'org/private' })).toMatchObject({
      commit: '',
      gated: false,
      needsToken: true,
      message: expect.stringMatching(/^org\/private was not found on .+ or is private or gated: /),
    });
    h.service.updateSettings({ hfToken: 'hf_x' });
    expect(await errorCode(h.service.preview({ repoId: 'org/private' }))).toBe('REPO_NOT_FOUND');
    expect((await h.service.preview({ repoId: 'org/gated' })).message).toMatch(
      /^org\/gated is gated and the token has no access to it yet: request access at /,
    );
    h.runner.planErrors.set(
      'org/down',
      new HubgetError('NETWORK_UNREACHABLE', 'The endpoint could not be reached'),
    );
    expect(await errorCode(h.service.preview({ repoId: 'org/down' }))).toBe('NETWORK_UNREACHABLE');
  });

  it('says in its message that a download does not fit in the free space, as the engine would refuse it', async () => {
    let freeBytes = 1000;
    const h = harness({ diskStats: async (path) => ({ path, freeBytes, totalBytes: 4000 }) });
    // The fake plan writes 1010 bytes: 10 more than are free.
    const preview = await h.service.preview({ repoId: 'org/a' });
    expect(preview).toMatchObject({ bytesToWrite: 1010, freeBytes: 1000, needsToken: false });
    expect(preview.message).toBe(
      `Not enough free disk space: the download needs 1.01 kB, 1.00 kB free at ${preview.destination}`,
    );
    freeBytes = 1010;
    expect((await h.service.preview({ repoId: 'org/a' })).message).toBeNull();
  });

  it('does not call a file system without blocks (/proc) full, as the engine does not (usableFreeBytes)', async () => {
    const h = harness({ diskStats: async (path) => ({ path, freeBytes: 0, totalBytes: 0 }) });
    expect((await h.service.preview({ repoId: 'org/a' })).message).toBeNull();
  });
});
