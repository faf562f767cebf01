/**
 * A pull paused anyway (`force=true`) stays in flight, so a client asking for its file again joins and resumes it
 * (docs/mirror.md, "Pull-through, once"); but while the upstream's remembered `429` wait for the mirror's own file
 * requests lasts (src/hub/rate-limit-windows.ts), resuming it would ask the upstream again: a client asking for
 * bytes the pull does not have gets the remembered `429` instead, as for a new pull, and the job stays paused. Bytes
 * the pull already has on disk need no upstream: a range of them is served from its temp file (`206`), and an answer
 * that goes on past them sends them and is cut where they end (the client resumes with a `Range`, and then gets the
 * `429`), the job still paused. A paused pull is not counted among the files being pulled now (`activePulls`), and a
 * request answered from its bytes on disk counts as a `hit`, its bytes as served from the cache. Before, the request
 * resumed the job, which asked the upstream, and the paused pull counted as being pulled; later, a range already on
 * disk got the `429` too; and such a range counted as `partial`, none of its bytes from the cache. The test hub paces each connection; loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView, MirrorStatusView } from '../../src/api-types.js';
import type { TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';
import { BIG, MIRROR_TOKEN, startPausedPullHub } from './paused-pull-hub.js';
import { expectWaitLeft } from './wait-left.js';

let hub: TestHub;
let mirror: MirrorHarness;
let content: Buffer;

beforeAll(async () => {
  ({ hub, content } = await startPausedPullHub('org/paused'));
  mirror = await startMirror({ hub, token: MIRROR_TOKEN });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

const fileUrl = (path: string) => `${mirror.mirrorUrl}/org/paused/resolve/main/${path}`;
const apiUrl = (path: string) => mirror.mirrorUrl.replace(/\/hf$/, `/api${path}`);
const bigJob = (): JobView | undefined =>
  mirror.server.jobs.list().find((view) => view.name === 'mirror: org/paused/big.bin');

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function activePulls(): Promise<number> {
  return ((await (await fetch(apiUrl('/mirror'))).json()) as { activePulls: number }).activePulls;
}

async function counts(): Promise<
  Pick<Required<MirrorStatusView>, 'requests' | 'bytesServed' | 'bytesFromCache'>
> {
  const { requests, bytesServed, bytesFromCache } = (await (
    await fetch(apiUrl('/mirror'))
  ).json()) as Required<MirrorStatusView>;
  return { requests, bytesServed, bytesFromCache };
}

/** Reads `reader` until at least `bytes` came, then calls `then` and reads on until the body ends or is cut. */
async function readPast(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  bytes: number,
  then: () => Promise<void>,
): Promise<{ bytes: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let received = 0;
  while (received < bytes) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the body ended after ${received} bytes`);
    chunks.push(Buffer.from(value));
    received += value.length;
  }
  await then();
  const rest = await readUntilCut(reader);
  return { bytes: Buffer.concat([...chunks, rest.bytes]), cut: rest.cut };
}

it('answers the remembered 429 for a force-paused pull during the wait, without resuming it', async () => {
  // A client reads big.bin; once it has 64 KiB, the operator pauses its pull anyway: the client is cut, the job
  // stays paused. Every byte the client got was on disk: the pull's temp file holds at least that prefix.
  const reading = await fetch(fileUrl('big.bin'));
  expect(reading.status).toBe(200);
  const read = await readPast(reading.body!.getReader(), 64 * 1024, async () => {
    const paused = await fetch(apiUrl(`/downloads/${bigJob()!.id}/pause?force=true`), { method: 'POST' });
    expect(paused.status).toBe(200);
  });
  expect(read.cut).toBe(true);
  const onDisk = read.bytes.length;
  expect(read.bytes.equals(content.subarray(0, onDisk))).toBe(true);
  await until(() => bigJob()?.state === 'paused');
  // Paused, it is not being pulled (it was counted before).
  expect(await activePulls()).toBe(0);

  // The upstream rate-limits the pull of another file: the wait of the mirror's own file requests starts.
  hub.setFaults({
    status: { status: 429, on: 'resolve', retryAfterSeconds: 30, path: 'org/paused/other.bin' },
  });
  const other = await fetch(fileUrl('other.bin'), { signal: AbortSignal.timeout(20_000) });
  await other.arrayBuffer();
  expect(other.status).toBe(429);

  // Asking for bytes big.bin's pull does not have does not resume it: the upstream is not asked, the client gets
  // the 429 (its last KiB: the pull's connections had each fetched far less than their share of 8 MiB).
  hub.clearRequests();
  const again = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${BIG - 1024}-` },
    signal: AbortSignal.timeout(20_000),
  });
  await again.arrayBuffer();
  expectWaitLeft(again);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(bigJob()?.state).toBe('paused');
  expect(hub.requests).toEqual([]);
}, 60_000);

it('serves the bytes the paused pull has on disk during the wait, cutting where they end, without resuming it', async () => {
  hub.clearRequests();
  const before = await counts();
  // A range within what the first client got: on disk, served whole.
  const range = await fetch(fileUrl('big.bin'), {
    headers: { range: 'bytes=1000-60999' },
    signal: AbortSignal.timeout(20_000),
  });
  expect(range.status).toBe(206);
  expect(range.headers.get('content-range')).toBe(`bytes 1000-60999/${BIG}`);
  expect(Buffer.from(await range.arrayBuffer()).equals(content.subarray(1000, 61_000))).toBe(true);
  // Counted a hit, its bytes served from the cache: read from disk, no fetch joined or waited on (it was `partial`).
  const after = await counts();
  expect(after.requests).toEqual({ ...before.requests, hit: before.requests.hit + 1 });
  expect(after.bytesServed - before.bytesServed).toBe(60_000);
  expect(after.bytesFromCache - before.bytesFromCache).toBe(60_000);

  // The whole file: the bytes on disk from its start, then the body is cut (never a normal end).
  const whole = await fetch(fileUrl('big.bin'), { signal: AbortSignal.timeout(20_000) });
  expect(whole.status).toBe(200);
  const got = await readUntilCut(whole.body!.getReader());
  expect(got.cut).toBe(true);
  expect(got.bytes.length).toBeGreaterThanOrEqual(64 * 1024);
  expect(got.bytes.length).toBeLessThan(BIG);
  expect(got.bytes.equals(content.subarray(0, got.bytes.length))).toBe(true);

  // Resuming from the cut needs the upstream: the 429.
  const resumed = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${got.bytes.length}-` },
    signal: AbortSignal.timeout(20_000),
  });
  await resumed.arrayBuffer();
  expect(resumed.status).toBe(429);

  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(bigJob()?.state).toBe('paused');
  expect(hub.requests).toEqual([]);
}, 60_000);

it("serves those bytes when the mirror's own API calls wait too: the file's commit from the cache", async () => {
  // The mirror's revision call is rate-limited (a tag it never resolved), so `main` too is resolved from the cache
  // (its stored ref and the commit's kept listing) once the 10 s it reuses main's answer are over.
  hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30 } });
  const tag = await fetch(fileUrl('big.bin').replace('/main/', '/v9/'), {
    signal: AbortSignal.timeout(20_000),
  });
  await tag.arrayBuffer();
  expect(tag.status).toBe(429);
  await new Promise((resolve) => setTimeout(resolve, 10_500));
  hub.clearRequests();
  const range = await fetch(fileUrl('big.bin'), {
    headers: { range: 'bytes=1000-60999' },
    signal: AbortSignal.timeout(20_000),
  });
  expect(range.status).toBe(206);
  expect(Buffer.from(await range.arrayBuffer()).equals(content.subarray(1000, 61_000))).toBe(true);
  const missing = await fetch(fileUrl('big.bin'), {
    headers: { range: `bytes=${BIG - 1024}-` },
    signal: AbortSignal.timeout(20_000),
  });
  await missing.arrayBuffer();
  expect(missing.status).toBe(429);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(bigJob()?.state).toBe('paused');
  expect(hub.requests).toEqual([]);
}, 60_000);
