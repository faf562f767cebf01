/**
 * A pull paused anyway (`force=true`), then the server restarted over the same data dir while the upstream is
 * unreachable (docs/mirror-offline.md): the new server answers from what the paused pull has on disk, as it does
 * for a pull it runs, without resuming its job. A range within those bytes is served; one starting past them gets
 * the 503 that says how much the mirror has; a response to the file's end is cut where they end. A temp file with
 * every byte gives the whole file only once the mirror hashed it and found the listed file (then it is moved into
 * place); the hash runs while the body streams, and only the last chunk waits for it. Before, the new server
 * answered every request for the file with "not in the mirror cache". The test hub paces each connection and is
 * closed before the restart; loopback only.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MirrorService } from '../../src/mirror/index.js';
import type { ExpectedContent } from '../../src/transfer/types.js';
import type { TestHub } from '../hub/test-hub.js';
import {
  expectCutAfterBytesOnDisk,
  KeptTemp,
  pullJob,
  readThenPauseAnyway,
  servedCounts,
  until,
} from './kept-paused-pull.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';
import { BIG, MIRROR_TOKEN, startPausedPullHub } from './paused-pull-hub.js';

/** The last chunk of a body read from a pull (blob-stream.ts): what waits for the hash. */
const LAST_CHUNK = 256 * 1024;

let hub: TestHub;
let dir: string | undefined;
let mirror: MirrorHarness | undefined;
let content: Buffer;
let kept: KeptTemp;
/** Bytes from the file's start the first server's client read, all on disk when its pull was paused. */
let onDisk = 0;
/** The harness's server runs (the last tests ask a service over its folder instead). */
let serverUp = false;

beforeAll(async () => {
  ({ hub, content } = await startPausedPullHub('org/off'));
}, 60_000);

afterAll(async () => {
  if (serverUp) await mirror?.close();
  await hub?.close();
  // A mirror started over a folder leaves it in place.
  if (dir) await rm(dir, { recursive: true, force: true });
});

const fileUrl = () => `${mirror!.mirrorUrl}/org/off/resolve/main/big.bin`;
const get = (range?: string) =>
  fetch(fileUrl(), { ...(range ? { headers: { range } } : {}), signal: AbortSignal.timeout(20_000) });

async function start(): Promise<void> {
  mirror = await startMirror({ hub, token: MIRROR_TOKEN, ...(dir === undefined ? {} : { dir }) });
  dir = mirror.dir;
  serverUp = true;
}

async function stop(): Promise<void> {
  if (serverUp) await mirror!.server.close();
  serverUp = false;
}

/** Stops the server, writes `bytes` as the paused pull's temp file (resume map listing every byte), starts again. */
async function restartWithTemp(bytes: Buffer): Promise<void> {
  await stop();
  const repoDir = join(mirror!.cacheDir, 'models--org--off');
  await kept.write(bytes, true, join(repoDir, 'snapshots'), 'big.bin');
  await start();
}

it('serves the bytes a paused pull has on disk while the upstream is unreachable, before and after a restart', async () => {
  await start();
  kept = new KeptTemp(join(mirror!.cacheDir, 'models--org--off', 'blobs'), BIG);
  onDisk = await readThenPauseAnyway(mirror!, 'org/off', 'big.bin', content);
  await hub.close();
  // The same server first, once it found the upstream gone (a passed-through call that cannot reach it): the paused
  // pull's bytes are read without joining it, which would resume its job.
  const refs = await fetch(`${mirror!.mirrorUrl}/api/models/org/off/refs`);
  await refs.arrayBuffer();
  const before = await get('bytes=1000-60999');
  expect(before.status, String(before.headers.get('x-error-message'))).toBe(206);
  expect(Buffer.from(await before.arrayBuffer()).equals(content.subarray(1000, 61_000))).toBe(true);
  expect(pullJob(mirror!, 'org/off', 'big.bin')?.state).toBe('paused');
  await stop();
  await start();
  expect(pullJob(mirror!, 'org/off', 'big.bin')?.state).toBe('paused');
  const counted = await servedCounts(mirror!);

  // A range within the bytes on disk: served whole (it was the 503 "not in the mirror cache"), counted a hit (its
  // bytes wait on nothing upstream: docs/mirror.md, counters), in /api/mirror's kept counts and in /metrics.
  const range = await get('bytes=1000-60999');
  expect(range.status, String(range.headers.get('x-error-message'))).toBe(206);
  expect(Buffer.from(await range.arrayBuffer()).equals(content.subarray(1000, 61_000))).toBe(true);
  expect(await servedCounts(mirror!)).toEqual({
    hit: counted.hit + 1,
    partial: counted.partial,
    bytesFromCache: counted.bytesFromCache + 60_000,
    metricHits: 1,
    metricFromCache: 60_000,
  });

  // The whole file: the bytes on disk, then the body is cut (never a normal end).
  const served = await expectCutAfterBytesOnDisk(await get(), content, onDisk);

  // Its resume, past the bytes on disk: the 503 that says how much the mirror has.
  const resume = await get(`bytes=${served.length}-`);
  await resume.arrayBuffer();
  expect(resume.status).toBe(503);
  expect(resume.headers.get('x-error-message')).toMatch(
    /^big\.bin of org\/off is only partly in the mirror \(.* of 8\.39 MB, not the bytes from \d+ on\) and the upstream Hub is unreachable/,
  );
  expect(pullJob(mirror!, 'org/off', 'big.bin')?.state).toBe('paused');
}, 60_000);

it('cuts the whole file before its last chunk when the temp file is not the listed file, then refuses it', async () => {
  const corrupt = Buffer.from(content);
  corrupt[BIG - 10] = (corrupt[BIG - 10]! + 1) % 256;
  await restartWithTemp(corrupt);
  const first = await get();
  expect(first.status).toBe(200);
  const got = await readUntilCut(first.body!.getReader());
  expect(got.cut).toBe(true);
  expect(got.bytes.length).toBeLessThan(BIG);
  expect(got.bytes.equals(content.subarray(0, got.bytes.length))).toBe(true);
  // The verdict is kept: the resume to the file's end is refused before any byte, as a file the cache lacks.
  const resume = await get(`bytes=${got.bytes.length}-`);
  await resume.arrayBuffer();
  expect(resume.status).toBe(503);
  expect(resume.headers.get('x-error-message')).toBe(
    'big.bin of org/off is not in the mirror cache and the upstream Hub is unreachable',
  );
  // A range that ends before the file does is not held: served from the bytes on disk.
  const head = await get('bytes=0-65535');
  expect(head.status).toBe(206);
  expect(Buffer.from(await head.arrayBuffer()).equals(content.subarray(0, 65_536))).toBe(true);
  expect(await kept.placed()).toBe(false);
}, 60_000);

it('gives the whole file of a paused pull with every byte on disk once verified, and moves it into place', async () => {
  await restartWithTemp(content);
  const whole = await get();
  expect(whole.status).toBe(200);
  const got = await readUntilCut(whole.body!.getReader());
  expect({ cut: got.cut, length: got.bytes.length }).toEqual({ cut: false, length: BIG });
  expect(got.bytes.equals(content)).toBe(true);
  expect(await kept.placedSoon()).toBe(true);
  // From the cache now: whole again; its job completed (found on disk), never resumed.
  const again = await get();
  expect(Buffer.from(await again.arrayBuffer()).equals(content)).toBe(true);
  await until(() => pullJob(mirror!, 'org/off', 'big.bin')?.state !== 'paused');
  expect(pullJob(mirror!, 'org/off', 'big.bin')?.state).toBe('completed');
}, 60_000);

/**
 * A service over the mirror's cache and data after a restart without its upstream, whose paused pull's whole temp
 * file is checked by `check` (instead of its hash): the requests' order against the check is what the test sees.
 */
async function serviceWithCheck(
  check: (path: string, expected: ExpectedContent) => Promise<boolean>,
): Promise<MirrorService> {
  await stop();
  const repoDir = join(mirror!.cacheDir, 'models--org--off');
  await kept.write(content, true, join(repoDir, 'snapshots'), 'big.bin');
  return serviceOver(mirror!, {
    fetcher: { fetch: () => new Promise<void>(() => undefined), paused: () => true },
    contentCheck: check,
  });
}

/** A check the test settles: `calls` counts its calls. */
function heldCheck() {
  let settle: (matches: boolean) => void = () => undefined;
  const verdict = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const held = { calls: 0, settle: (matches: boolean) => settle(matches) };
  const check = () => {
    held.calls++;
    return verdict;
  };
  return { held, check };
}

/** Reads `body` until `bytes` have come; resolves with them, and `rest` with how the body then ends. */
async function readUpTo(body: Readable, bytes: number) {
  const chunks: Buffer[] = [];
  let received = 0;
  const ended = new Promise<'end' | 'cut'>((resolve) => {
    body.once('end', () => resolve('end'));
    body.once('error', () => resolve('cut'));
  });
  await new Promise<void>((resolve) => {
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= bytes) resolve();
    });
    ended.then(() => resolve());
  });
  return { got: () => Buffer.concat(chunks), ended };
}

it('sends the status and every byte but the last chunk before the hash of the whole temp file is known', async () => {
  const { held, check } = heldCheck();
  const service = await serviceWithCheck(check);
  const reply = await askService(service, '/org/off/resolve/main/big.bin');
  // The status is out and the check runs, undecided.
  expect(reply.status).toBe(200);
  expect(held.calls).toBe(1);
  const body = reply.body as Readable;
  const read = await readUpTo(body, BIG - LAST_CHUNK);
  expect(read.got().length).toBe(BIG - LAST_CHUNK);
  // A second request meanwhile shares the one check, its status out too.
  const second = await askService(service, '/org/off/resolve/main/big.bin');
  expect(second.status).toBe(200);
  (second.body as Readable).destroy();
  expect(held.calls).toBe(1);
  held.settle(true);
  expect(await read.ended).toBe('end');
  expect(read.got().equals(content)).toBe(true);
}, 60_000);

it('cuts that body before its last chunk when the check says the temp file is not the file', async () => {
  const { held, check } = heldCheck();
  const service = await serviceWithCheck(check);
  const reply = await askService(service, '/org/off/resolve/main/big.bin');
  expect(reply.status).toBe(200);
  const read = await readUpTo(reply.body as Readable, BIG - LAST_CHUNK);
  held.settle(false);
  expect(await read.ended).toBe('cut');
  expect(read.got().length).toBe(BIG - LAST_CHUNK);
  // Known now: refused before any byte.
  const again = await askService(service, '/org/off/resolve/main/big.bin');
  expect(again.status).toBe(503);
  expect(held.calls).toBe(1);
}, 60_000);
