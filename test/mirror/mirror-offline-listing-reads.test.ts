/**
 * `--mirror-offline` lists the files of this mirror's paused pulls with the cache's (docs/mirror-offline.md) without
 * reading the job list per request: the jobs not over (paused ones here) are indexed by repo + commit from the jobs
 * service's events (src/mirror/live-pulls.ts), the list read once. Before, each info, tree and paths-info answer of a commit with
 * a file the cache lacks read the whole job list, and so did each request for a paused pull's file, even a cached
 * file's answer. A pull that changes (cancelled here) changes the answers at once, still without a read. The test
 * hub stays up and hears nothing from the offline mirror; loopback only.
 */
import { expect, it, vi } from 'vitest';
import { pullJob, readThenPauseAnyway } from './kept-paused-pull.js';
import { type MirrorHarness, pullsSettled } from './mirror-harness.js';
import { pausedPullRestarts } from './paused-pull-hub.js';

const REPO = 'org/offreads';
const suite = pausedPullRestarts(REPO);
let offline: MirrorHarness | undefined;

const api = () => `${offline!.mirrorUrl}/api/models/${REPO}`;
const tree = async () => {
  const response = await fetch(`${api()}/tree/main?recursive=true`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { path: string }[]).map((entry) => entry.path);
};
const pathsInfo = () =>
  fetch(`${api()}/paths-info/main`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paths: ['big.bin', 'other.bin'] }),
  });
const file = (path: string, range?: string) =>
  fetch(`${offline!.mirrorUrl}/${REPO}/resolve/main/${path}`, range ? { headers: { range } } : {});

it("answers a paused pull's commit offline with one read of the job list at most, and follows the pull's changes", async () => {
  const online = await suite.servers.start(false);
  const other = await fetch(`${online.mirrorUrl}/${REPO}/resolve/main/other.bin`);
  expect((await other.arrayBuffer()).byteLength).toBe(64 * 1024);
  await pullsSettled(online);
  await readThenPauseAnyway(online, REPO, 'big.bin', suite.content);
  await suite.servers.stop();
  offline = await suite.servers.start(true);
  const reads = vi.spyOn(offline.server.jobs, 'list');

  for (let round = 0; round < 3; round++) {
    expect(await tree()).toEqual(['big.bin', 'other.bin']);
    expect((await fetch(`${api()}?blobs=true`)).status).toBe(200);
    expect((await pathsInfo()).status).toBe(200);
    const cached = await file('other.bin');
    expect((await cached.arrayBuffer()).byteLength).toBe(64 * 1024);
  }
  // Then the paused pull's own bytes (the mirror watches its pull from the first such request on).
  for (let round = 0; round < 2; round++) {
    const pulled = await file('big.bin', 'bytes=0-1023');
    expect(pulled.status).toBe(206);
    expect(Buffer.from(await pulled.arrayBuffer()).equals(suite.content.subarray(0, 1024))).toBe(true);
  }
  // Fourteen answers, the job list read once (before, 14 times: once in each of them).
  expect(reads).toHaveBeenCalledTimes(1);

  // The operator cancels the pull: its file leaves the answers at once, from the job's event, with no read.
  const job = pullJob(offline, REPO, 'big.bin')!;
  await offline.server.jobs.cancel(job.id);
  reads.mockClear();
  expect(await tree()).toEqual(['other.bin']);
  expect((await file('big.bin', 'bytes=0-1023')).status).toBe(404);
  expect(reads).not.toHaveBeenCalled();
  expect(suite.servers.heardWhileOffline()).toEqual([]);
}, 60_000);
