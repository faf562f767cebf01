/**
 * Two download runs on the same place in one process (two jobs of a server): the second leaves the files the
 * first claimed to it (`file-waiting`), links or counts them once they are there, and takes over a file the
 * first gave up (paused), resuming from its temp file (docs/cache-layout.md, "One writer per file"). The same
 * across processes is test/cli/same-repo-twice.test.ts.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { removePartialFiles } from '../../src/transfer/remove-partial-files.js';
import type { DownloadPlan, DownloadRequest } from '../../src/transfer/types.js';
import { eventsOfType, requestFor, testOptions } from './download-fixtures.js';
import { ONE_STREAM, WEIGHTS, WEIGHTS_SIZE, weightsRepo } from './weights-repo.js';

const REPO = { repoId: 'org/shared', repoType: 'model' as const };

const fixture = weightsRepo(REPO.repoId, 'other-runs');
const { dirs, expectContent } = fixture;

/**
 * A second run into `where` (one stream), started once `ready` holds (polled, as the first run gets going): the
 * run and the events it tells.
 */
async function secondRunOnce(ready: () => void, where: Partial<DownloadRequest>) {
  await vi.waitFor(ready, { timeout: 10_000, interval: 20 });
  const events: TransferEvent[] = [];
  const run = downloadModel(requestFor(fixture.hub, REPO, where), testOptions(events, ONE_STREAM));
  return { run, events };
}

function waitingFor(events: TransferEvent[]) {
  return vi.waitFor(() => expect(eventsOfType(events, 'file-waiting')).not.toEqual([]), {
    timeout: 10_000,
    interval: 20,
  });
}

describe('two runs on the same place', () => {
  it('local dir: the second waits for the file the first is fetching; its bytes cross the network once', async () => {
    const localDir = await dirs.make();
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS } });
    const firstEvents: TransferEvent[] = [];
    const first = downloadModel(
      requestFor(fixture.hub, REPO, { localDir }),
      testOptions(firstEvents, ONE_STREAM),
    );
    const { run: second, events: secondEvents } = await secondRunOnce(
      () => expect(eventsOfType(firstEvents, 'file-start').length).toBeGreaterThan(0),
      { localDir },
    );
    const [one, two] = await Promise.all([first, second]);
    expect(one.resultPath).toBe(localDir);
    expect(two.resultPath).toBe(localDir);
    expect(eventsOfType(secondEvents, 'file-waiting')).toContainEqual({
      type: 'file-waiting',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      owner: { pid: process.pid, hostname: expect.any(String) },
    });
    expect(eventsOfType(secondEvents, 'file-done')).toContainEqual({
      type: 'file-done',
      path: WEIGHTS,
      size: WEIGHTS_SIZE,
      reused: true,
    });
    expect(eventsOfType(secondEvents, 'file-start').map((event) => event.path)).not.toContain(WEIGHTS);
    // Its plan counts what it waits for (the weights, and config.json if the first run had not put it in
    // place yet) apart from what it fetches itself: nothing, the first run claimed every file.
    const [plan] = eventsOfType(secondEvents, 'plan');
    const waitedFor = eventsOfType(secondEvents, 'file-waiting');
    expect(plan).toMatchObject({
      filesWaiting: waitedFor.length,
      waitingBytes: waitedFor.reduce((sum, event) => sum + event.size, 0),
      // Whose download it waits for, once (the CLI's plan line names it).
      waitingFor: [{ pid: process.pid, hostname: waitedFor[0]?.owner.hostname }],
      bytesToFetch: 0,
    });
    // Its progress shows the waited-for file apart, with the first run's bytes landing.
    const waited = eventsOfType(secondEvents, 'progress').flatMap((event) => event.waitingFiles ?? []);
    expect(waited.map((file) => file.path)).toContain(WEIGHTS);
    expect(Math.max(...waited.map((file) => file.downloaded))).toBeGreaterThan(0);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    await expectContent(localDir);
    expect(await readdir(join(localDir, '.cache', 'huggingface', '.locks'))).toEqual(['hubget.lock']);
  });

  it('cache: a file the first run gave up (paused) is taken over by the waiting run, from where it stopped', async () => {
    const cacheDir = await dirs.make();
    // Only the paused run's first two streams are paced: its first segment (a minimum one, 16 KiB here) and
    // the next (~190 KB, ~2 s); the waiting run's takeover is not.
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS, times: 2 } });
    const pause = new AbortController();
    const first = downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions([], { ...ONE_STREAM, signal: pause.signal }),
    );
    first.catch(() => {});
    const { run: second, events: secondEvents } = await secondRunOnce(
      () => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(100_000),
      { cacheDir },
    );
    await waitingFor(secondEvents);
    // The first run's resume map has grown past what the second's plan read: the takeover must start from it.
    const landed = () =>
      eventsOfType(secondEvents, 'progress').flatMap((event) =>
        (event.waitingFiles ?? []).filter((file) => file.path === WEIGHTS).map((file) => file.downloaded),
      );
    await vi.waitFor(() => expect(new Set(landed()).size).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 20,
    });

    pause.abort();
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' });
    const takeoverFrom = fixture.hub.requests.length;
    const result = await second;
    await expectContent(result.resultPath);
    const [started] = eventsOfType(secondEvents, 'file-start').filter((event) => event.path === WEIGHTS);
    // It starts from the bytes the paused run recorded (where its first request begins), not the plan's count.
    const [takeoverStart] = fixture.hub.requests
      .slice(takeoverFrom)
      .filter((entry) => entry.host === 'cdn' && entry.file === WEIGHTS && entry.range !== undefined)
      .map((entry) => Number(/^bytes=(\d+)-/.exec(entry.range!)?.[1]));
    expect(started?.resumedBytes).toBe(takeoverStart);
    expect(started?.resumedBytes).toBeGreaterThanOrEqual(Math.max(...landed()));
    // So its progress never goes back.
    const downloaded = eventsOfType(secondEvents, 'progress').map((event) => event.downloaded);
    expect(downloaded.every((bytes, index) => index === 0 || bytes >= downloaded[index - 1]!)).toBe(true);
    // Resumed: the takeover asked for the rest only, so about one copy crossed the network.
    const starts = fixture.hub.requests
      .filter((entry) => entry.host === 'cdn' && entry.file === WEIGHTS && entry.range !== undefined)
      .map((entry) => Number(/^bytes=(\d+)-/.exec(entry.range!)?.[1]));
    expect(starts[0]).toBe(0);
    expect(starts.slice(1).every((start) => start > 0)).toBe(true);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBeLessThan(WEIGHTS_SIZE * 1.25);
  });

  it('cancel: the clean-up leaves the temp file of a file another run took over, and that run finishes it', async () => {
    const cacheDir = await dirs.make();
    // Every stream of the file is paced: the takeover is still writing when the cancel cleans up.
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS } });
    const cancel = new AbortController();
    let plan: DownloadPlan | undefined;
    const first = downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions([], { ...ONE_STREAM, signal: cancel.signal, onPlan: (planned) => (plan = planned) }),
    );
    first.catch(() => {});
    const { run: second, events: secondEvents } = await secondRunOnce(
      () => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(50_000),
      { cacheDir },
    );
    await waitingFor(secondEvents);

    // A job's cancel: its run stops, the other run takes the file over, then the cancel's clean-up runs.
    cancel.abort();
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' });
    await vi.waitFor(
      () => expect(eventsOfType(secondEvents, 'file-start').map((event) => event.path)).toContain(WEIGHTS),
      { timeout: 10_000, interval: 20 },
    );
    await removePartialFiles(plan!);

    const result = await second;
    await expectContent(result.resultPath);
  });

  it("the waiting run shows the other run's bytes as they land, and does not call them its resume", async () => {
    const cacheDir = await dirs.make();
    fixture.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000, path: WEIGHTS } });
    const first = downloadModel(requestFor(fixture.hub, REPO, { cacheDir }), testOptions([], ONE_STREAM));
    const { run: second, events: secondEvents } = await secondRunOnce(
      () => expect(fixture.hub.bytesServed(WEIGHTS)).toBeGreaterThan(100_000),
      { cacheDir },
    );
    await Promise.all([first, second]);

    const [plan] = eventsOfType(secondEvents, 'plan');
    expect(plan?.resumedBytes).toBe(0);
    const waitedFrom = secondEvents.findIndex((event) => event.type === 'file-waiting');
    const doneAt = secondEvents.findIndex((event) => event.type === 'file-done' && event.path === WEIGHTS);
    expect(waitedFrom).toBeGreaterThanOrEqual(0);
    const whileWaiting = eventsOfType(secondEvents.slice(waitedFrom, doneAt), 'progress');
    // The first run had ~1/4 of the file on disk; the second saw it grow at least twice more before it was done.
    const seen = new Set(whileWaiting.map((event) => event.downloaded));
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(whileWaiting.some((event) => event.bytesPerSecond > 0)).toBe(true);
    expect(eventsOfType(secondEvents, 'file-start').map((event) => event.path)).not.toContain(WEIGHTS);
    expect(eventsOfType(secondEvents, 'done')[0]).toMatchObject({
      downloadedBytes: 0,
      otherRunBytes: WEIGHTS_SIZE,
    });
    // Its progress carries them too (a run paused before `done` still tells them): none before the file is in place.
    expect(whileWaiting.every((event) => event.otherRunBytes < WEIGHTS_SIZE)).toBe(true);
    expect(eventsOfType(secondEvents, 'progress').at(-1)).toMatchObject({
      fetchedBytes: 0,
      otherRunBytes: WEIGHTS_SIZE,
    });
  });
});
