/**
 * A pull paused anyway (`force=true`) keeps its job, temp file and resume map across a restart of the server over
 * the same data dir and cache (docs/mirror.md, "Pull-through, once"). During the upstream's remembered `429` wait the
 * new server answers from them as the old one did: a range the paused pull has on disk is served from its temp file
 * (`206`), a range it lacks gets the `429`, and the job stays paused (no request upstream). Before, the new server
 * knew no pull in flight for the file and answered every request the `429`. A paused pull with every byte on disk,
 * not yet verified, gives the whole file to a request without a `Range`: the mirror checks the temp file's hash
 * itself while the body streams (and moves the file into place when it is the one listed); a temp file that is not
 * the listed file cuts that body before its held-back last chunk, and the next such request gets the `429` before any
 * byte. Before, that answer was cut before its held-back last chunk even for the right file. The test hub paces each
 * connection; loopback only.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import type { TestHub } from '../hub/test-hub.js';
import {
  expectCutAfterBytesOnDisk,
  KeptTemp,
  pullJob,
  pullJobs,
  readThenPauseAnyway,
  until,
} from './kept-paused-pull.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';
import { BIG, MIRROR_TOKEN, PACED, startPausedPullHub, upstreamFileRequests } from './paused-pull-hub.js';
import { expectWaitLeft } from './wait-left.js';

let hub: TestHub;
let dir: string | undefined;
let mirror: MirrorHarness | undefined;
let content: Buffer;
/** Bytes from the file's start the first server's client read, all on disk when its pull was paused. */
let onDisk = 0;

beforeAll(async () => {
  ({ hub, content } = await startPausedPullHub('org/kept'));
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
  // A mirror started over a folder leaves it in place.
  if (dir) await rm(dir, { recursive: true, force: true });
});

const fileUrl = (path: string) => `${mirror!.mirrorUrl}/org/kept/resolve/main/${path}`;
const bigJob = (): JobView | undefined => pullJob(mirror!, 'org/kept', 'big.bin');
let kept: KeptTemp | undefined;
/** The pulls of other.bin not over yet (a wait's: startWait). */
const otherPulls = (): JobView[] =>
  pullJobs(mirror!, 'org/kept', 'other.bin').filter(
    (job) => job.state !== 'completed' && job.state !== 'cancelled' && job.state !== 'failed',
  );

/** Starts a server over the test's folder (the first one makes it). */
async function start(): Promise<void> {
  mirror = await startMirror({ hub, token: MIRROR_TOKEN, ...(dir === undefined ? {} : { dir }) });
  dir = mirror.dir;
}

/**
 * Stops the server, writes `bytes` over big.bin's pull's temp file (and, with `wholeMap`, makes its resume map list
 * every byte, as a pull paused after its last byte and before its check leaves it), then starts a server again.
 */
async function restartWithTemp(bytes: Buffer, wholeMap: boolean): Promise<void> {
  // The pull of other.bin a wait began with (startWait) goes: kept, the next server would run it again, and a request
  // for other.bin would join it while it waits out its 429 instead of getting that 429 (or get the 429 at once, had
  // its run's first attempt been refused before the request: which of the two, only the load decided). Every such
  // pull: the one of the wait before this one's is there too, cancelled (before, only that first one was looked at,
  // so from the second restart on the last wait's pull was kept and run again).
  for (const other of otherPulls()) await mirror!.server.jobs.cancel(other.id);
  await mirror!.server.close();
  const repoDir = join(mirror!.cacheDir, 'models--org--kept');
  kept ??= new KeptTemp(join(repoDir, 'blobs'), BIG);
  await kept.write(bytes, wholeMap, join(repoDir, 'snapshots'), 'big.bin');
  await start();
}

/** The upstream rate-limits the pull of other.bin: the wait of the mirror's own file requests starts. */
async function startWait(): Promise<void> {
  // A pull of other.bin of its own: one kept from an earlier wait (restartWithTemp) would be joined instead.
  expect(otherPulls()).toEqual([]);
  hub.setFaults({
    ...PACED,
    status: { status: 429, on: 'resolve', retryAfterSeconds: 30, path: 'org/kept/other.bin' },
  });
  const other = await fetch(fileUrl('other.bin'), { signal: AbortSignal.timeout(20_000) });
  await other.arrayBuffer();
  expect(other.status).toBe(429);
}

it('a pull paused anyway, then the server restarted: its job stays paused with the bytes on disk', async () => {
  await start();
  // A client reads big.bin; once it has 64 KiB, the operator pauses its pull anyway: the client is cut.
  onDisk = await readThenPauseAnyway(mirror!, 'org/kept', 'big.bin', content);

  await mirror!.server.close();
  await start();
  expect(bigJob()?.state).toBe('paused');
}, 60_000);

it('serves the bytes the paused pull has on disk during a wait after the restart, without resuming it', async () => {
  await startWait();
  hub.clearRequests();
  // A range within what the first client got: on disk, served whole (it was the 429).
  const range = await fetch(fileUrl('big.bin'), {
    headers: { range: 'bytes=1000-60999' },
    signal: AbortSignal.timeout(20_000),
  });
  expect(range.status).toBe(206);
  expect(range.headers.get('content-range')).toBe(`bytes 1000-60999/${BIG}`);
  expect(Buffer.from(await range.arrayBuffer()).equals(content.subarray(1000, 61_000))).toBe(true);

  // The whole file: the bytes on disk from its start, then the body is cut (never a normal end).
  const whole = await fetch(fileUrl('big.bin'), { signal: AbortSignal.timeout(20_000) });
  await expectCutAfterBytesOnDisk(whole, content, onDisk);

  // Bytes the pull lacks need the upstream: the 429, and the job is not resumed.
  const missing = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${BIG - 1024}-` },
    signal: AbortSignal.timeout(20_000),
  });
  await missing.arrayBuffer();
  expectWaitLeft(missing);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(bigJob()?.state).toBe('paused');
  // No file request upstream (the revision may be asked again: it is another bucket).
  expect(upstreamFileRequests(hub)).toEqual([]);
}, 60_000);

it('cuts the whole file before its last chunk when that temp file is not the listed file, then refuses it', async () => {
  const corrupt = Buffer.from(content);
  corrupt[BIG - 10] = (corrupt[BIG - 10]! + 1) % 256;
  await restartWithTemp(corrupt, true);
  await startWait();
  // The status goes out while the temp file is hashed; its hash fails: the body is cut before its last chunk.
  const first = await fetch(fileUrl('big.bin'), { signal: AbortSignal.timeout(20_000) });
  expect(first.status).toBe(200);
  const got = await readUntilCut(first.body!.getReader());
  expect(got.cut).toBe(true);
  expect(got.bytes.length).toBeLessThan(BIG);
  expect(got.bytes.equals(content.subarray(0, got.bytes.length))).toBe(true);
  // The verdict is kept: the next request for the file's end (the client's resume) gets the 429 before any byte.
  const whole = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${got.bytes.length}-` },
    signal: AbortSignal.timeout(20_000),
  });
  await whole.arrayBuffer();
  expectWaitLeft(whole);
  expect(await kept!.placed()).toBe(false);
  // A range that ends before the file does is not held: served from the bytes on disk, as any paused pull's.
  const head = await fetch(fileUrl('big.bin'), {
    headers: { range: 'bytes=0-65535' },
    signal: AbortSignal.timeout(20_000),
  });
  expect(head.status).toBe(206);
  expect(Buffer.from(await head.arrayBuffer()).equals(content.subarray(0, 65_536))).toBe(true);
  expect(bigJob()?.state).toBe('paused');
}, 60_000);

it('gives the whole file from a paused pull that has every byte on disk, unverified, during a wait', async () => {
  // The pull's temp file made whole while the server is down (as a pull paused after its last byte and before its
  // check leaves it), its resume map listing every byte.
  await restartWithTemp(content, true);
  expect(bigJob()?.state).toBe('paused');
  await startWait();
  hub.clearRequests();

  // The whole file, no Range: every byte, correct, and a normal end (it was cut before its last chunk).
  const whole = await fetch(fileUrl('big.bin'), { signal: AbortSignal.timeout(20_000) });
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-length')).toBe(String(BIG));
  const got = await readUntilCut(whole.body!.getReader());
  expect({ cut: got.cut, length: got.bytes.length }).toEqual({ cut: false, length: BIG });
  expect(got.bytes.equals(content)).toBe(true);
  // A resume's open range to the end too.
  const tail = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${BIG - 1024}-` },
    signal: AbortSignal.timeout(20_000),
  });
  expect(tail.status).toBe(206);
  expect(Buffer.from(await tail.arrayBuffer()).equals(content.subarray(BIG - 1024))).toBe(true);
  // Verified, the temp file was moved into place: the file is the cache's, and its job completed (found on disk),
  // never resumed: no file request upstream.
  // The job completes once the move is done (PullThrough.verifyPaused): waited on, not a fixed number of looks.
  await until(() => bigJob()?.state !== 'paused');
  expect(bigJob()?.state).toBe('completed');
  expect(await kept!.placed()).toBe(true);
  expect(upstreamFileRequests(hub)).toEqual([]);
}, 60_000);
