/**
 * A local-dir download of a repo and a download of the same repo into the HF cache at once: whichever took a
 * file first fetches it, the other waits and copies it (verified), so the file crosses the network once; when
 * the run waited for stops without the file, the waiting run fetches it itself
 * (src/transfer/other-layout-runs.ts, docs/cache-layout.md, "The HF cache and a local dir at once").
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { cacheRepoLayout, repoLocksDir } from '../../src/cache/cache-layout.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { eventsOfType, requestFor, testOptions } from './download-fixtures.js';
import { ONE_STREAM, WEIGHTS, WEIGHTS_SIZE, weightsRepo } from './weights-repo.js';

const REPO = { repoId: 'org/both-layouts', repoType: 'model' as const };

const fixture = weightsRepo(REPO.repoId, 'cache-and-local');
const { dirs, expectContent } = fixture;

/** A run into the HF cache `cacheDir`, started and fetching the weights (in an object: awaiting it must not wait for it). */
async function cacheRunFetching(cacheDir: string, signal?: AbortSignal): Promise<{ run: Promise<unknown> }> {
  const events: TransferEvent[] = [];
  const run = downloadModel(
    requestFor(fixture.hub, REPO, { cacheDir }),
    testOptions(events, { ...ONE_STREAM, ...(signal && { signal }) }),
  );
  run.catch(() => {});
  await vi.waitFor(() => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(0), {
    timeout: 10_000,
    interval: 20,
  });
  return { run };
}

describe('a local-dir download while the HF cache fetches the same repo', () => {
  it('waits for the blob and copies it: the weights cross the network once', async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS } });
    const { run: cacheRun } = await cacheRunFetching(cacheDir);
    const events: TransferEvent[] = [];
    const local = await downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions(events, ONE_STREAM),
    );
    await cacheRun;

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    await expectContent(localDir);
    expect(eventsOfType(events, 'file-waiting')).toContainEqual({
      type: 'file-waiting',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      owner: { pid: process.pid, hostname: expect.any(String) },
    });
    const [plan] = eventsOfType(events, 'plan');
    expect(plan).toMatchObject({ waitingBytes: expect.any(Number) });
    expect(plan!.waitingBytes).toBeGreaterThanOrEqual(WEIGHTS_SIZE);
    expect(eventsOfType(events, 'file-done')).toContainEqual({
      type: 'file-done',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      reused: true,
    });
    // Started as a copy (no takeover), counted as copied, not fetched, and the copy was verified.
    expect(eventsOfType(events, 'file-start').find((event) => event.path === WEIGHTS)).toMatchObject({
      copying: true,
    });
    expect(local.copiedBytes).toBeGreaterThanOrEqual(WEIGHTS_SIZE);
    expect(eventsOfType(events, 'file-verified').map((event) => event.path)).toContain(WEIGHTS);
    // The cache run's bytes showed as the waiting file's progress, never as bytes on disk in the local dir.
    const waited = eventsOfType(events, 'progress').flatMap((event) => event.waitingFiles ?? []);
    expect(
      Math.max(...waited.filter((file) => file.path === WEIGHTS).map((file) => file.downloaded)),
    ).toBeGreaterThan(0);
    const downloaded = eventsOfType(events, 'progress').map((event) => event.downloaded);
    expect(downloaded.every((bytes, index) => index === 0 || bytes >= downloaded[index - 1]!)).toBe(true);
  });

  it('fetches the file itself when the cache run stops without it', async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    // Every stream paced (the takeover's too): the run waited for cannot finish before the waiting run starts.
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000, path: WEIGHTS } });
    const pause = new AbortController();
    const { run: cacheRun } = await cacheRunFetching(cacheDir, pause.signal);
    const events: TransferEvent[] = [];
    const local = downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions(events, ONE_STREAM),
    );
    await vi.waitFor(() => expect(eventsOfType(events, 'file-waiting')).not.toEqual([]), {
      timeout: 10_000,
      interval: 20,
    });
    pause.abort();
    await expect(cacheRun).rejects.toMatchObject({ code: 'ABORTED' });
    const result = await local;
    await expectContent(localDir);
    expect(result.downloadedBytes).toBe(WEIGHTS_SIZE);
    expect(eventsOfType(events, 'file-done')).toContainEqual({
      type: 'file-done',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      reused: false,
    });
  });
});

describe('a download into the HF cache while a local-dir download fetches the same repo', () => {
  it("waits for the local dir's file and copies it into the cache: the weights cross the network once", async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    // The repo was downloaded into this cache before (its config only): the claims folder where the runs meet is
    // there. A local-dir download makes nothing in the HF cache.
    await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir, filenames: ['config.json'] }),
      testOptions(),
    );
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS } });
    const localEvents: TransferEvent[] = [];
    const local = downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions(localEvents, ONE_STREAM),
    );
    await vi.waitFor(() => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    const events: TransferEvent[] = [];
    const cached = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );
    await local;

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    await expectContent(cached.resultPath);
    await expectContent(localDir);
    expect(eventsOfType(events, 'file-waiting').map((event) => event.path)).toContain(WEIGHTS);
    expect(eventsOfType(events, 'file-start').find((event) => event.path === WEIGHTS)).toMatchObject({
      copying: true,
    });
    expect(eventsOfType(events, 'file-done')).toContainEqual({
      type: 'file-done',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      reused: true,
    });
    // Another download's bytes, not the HF cache's copies.
    expect(eventsOfType(events, 'done')[0]).toMatchObject({ copiedBytes: 0 });
    expect(eventsOfType(events, 'done')[0]!.otherRunBytes).toBeGreaterThanOrEqual(WEIGHTS_SIZE);
    // The local-dir run's record in the cache's claims folder went with it.
    expect(await readdir(repoLocksDir(cacheRepoLayout(cacheDir, REPO)))).toEqual(['hubget.lock']);
  });

  it('fetches the file itself when the local-dir run stops without it (paused)', async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir, filenames: ['config.json'] }),
      testOptions(),
    );
    // Every stream paced (the takeover's too): the run waited for cannot finish before the waiting run starts.
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000, path: WEIGHTS } });
    const pause = new AbortController();
    const local = downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions([], { ...ONE_STREAM, signal: pause.signal }),
    );
    local.catch(() => {});
    await vi.waitFor(() => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    const events: TransferEvent[] = [];
    const cached = downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );
    await vi.waitFor(() => expect(eventsOfType(events, 'file-waiting')).not.toEqual([]), {
      timeout: 10_000,
      interval: 20,
    });
    pause.abort();
    await expect(local).rejects.toMatchObject({ code: 'ABORTED' });
    const result = await cached;
    await expectContent(result.resultPath);
    expect(result.downloadedBytes).toBe(WEIGHTS_SIZE);
    expect(await readdir(repoLocksDir(cacheRepoLayout(cacheDir, REPO)))).toEqual(['hubget.lock']);
  });
});
