/**
 * A body streaming from a pull over several connections, one of which the upstream answers `503` with a long
 * Retry-After while the others deliver: the pull does not wait as a whole (its job's `waits` does not list the file:
 * docs/job-events.md), the engine gives the waiting connection's bytes to the others, and the client's body comes
 * whole, in one piece (docs/mirror-offline.md). Before, the mirror cut the body at that one connection's answer, as
 * if the whole pull waited. Once every connection is answered so, none delivering, the body is cut as before. The
 * test hub holds one range request of the pull while others are in flight and answers it with the `503` on the test's
 * word (its `hold` and `status` faults): no timing. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mirrorPullName } from '../../src/mirror-pull.js';
import type { TestRepo } from '../hub/test-hub.js';
import { until } from './kept-paused-pull.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';

const REPO = 'org/lanes';
const PATH = 'lanes.bin';
const SIZE = 24 * 1024 * 1024;
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror({ token: 'hf_test' });
  repo = await mirror.hub.addRepo({
    repoId: REPO,
    files: [
      { path: PATH, size: SIZE },
      { path: 'all.bin', size: SIZE },
    ],
  });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
});

/** The CDN's range requests of `path`, as the test hub logged them. */
const rangeRequests = (path = PATH) =>
  mirror.hub.requests.filter((entry) => entry.host === 'cdn' && entry.file === path);

/** Range requests of `path` being answered now: their body is under way, not all of it sent. */
function delivering(path = PATH): number {
  return rangeRequests(path).filter((entry) => {
    const range = /bytes=(\d+)-(\d+)/.exec(entry.range ?? '');
    if (entry.status !== 206 || !range) return false;
    return entry.bytesSent < Number(range[2]) - Number(range[1]) + 1;
  }).length;
}

/**
 * Reads the first bytes of `path` through the mirror (its pull paced, so its connections take seconds over their
 * ranges), then holds the next range request the pull makes (a connection opening, or one going on to more bytes)
 * until the test answers it, with another connection of the pull delivering meanwhile. Returns the body's reader
 * and its first bytes.
 */
async function readWithOneRangeHeld(path: string) {
  mirror.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 1024 * 1024, path } });
  const response = await fetch(`${mirror.mirrorUrl}/${REPO}/resolve/main/${path}`);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  await until(() => delivering(path) >= 2);
  mirror.hub.setFaults({ hold: { path, times: 1 } });
  await until(() => rangeRequests(path).some((entry) => entry.status === 0));
  await until(() => delivering(path) >= 1);
  return { reader, first: Buffer.from(first.value!) };
}

/** The held range request is answered 503 with a Retry-After longer than a client waits for a byte, and `times` more. */
function answerHeld503(path: string, times?: number): void {
  mirror.hub.setFaults({
    status: {
      status: 503,
      on: 'cdn',
      path,
      retryAfterSeconds: 60,
      ...(times === undefined ? {} : { times }),
    },
    hold: undefined,
  });
}

it('streams a body whole while one connection of its pull waits out a 503 and the others deliver', async () => {
  const { reader, first } = await readWithOneRangeHeld(PATH);
  // That one request only: the other connections deliver, and take its bytes.
  answerHeld503(PATH, 1);

  const rest = await readUntilCut(reader);
  expect(rangeRequests().some((entry) => entry.status === 503)).toBe(true);
  expect(rest.cut).toBe(false);
  expect(Buffer.concat([first, rest.bytes]).equals(repo.contentOf(PATH))).toBe(true);
}, 60_000);

it('cuts a body once every connection of its pull waits out a 503, none delivering', async () => {
  const { reader, first } = await readWithOneRangeHeld('all.bin');
  // Every range request from now on: the held one, then each connection that ends its range and asks for more (the
  // held one's bytes are left), until none delivers.
  answerHeld503('all.bin');

  const rest = await readUntilCut(reader);
  expect(rest.cut).toBe(true);
  expect(delivering('all.bin')).toBe(0);
  const job = mirror.server.jobs.list().find((view) => view.name === mirrorPullName(REPO, 'all.bin'))!;
  expect(mirror.server.jobs.get(job.id)?.waits).toEqual([
    expect.objectContaining({ path: 'all.bin', status: 503, code: 'HUB_HTTP_ERROR' }),
  ]);
  const got = Buffer.concat([first, rest.bytes]);
  expect(got.length).toBeLessThan(SIZE);
  expect(got.equals(repo.contentOf('all.bin').subarray(0, got.length))).toBe(true);
  // Asked again from its cut, the client is told the pull's wait, with what is left of it: no body to stall on.
  const again = await fetch(`${mirror.mirrorUrl}/${REPO}/resolve/main/all.bin`, {
    headers: { range: `bytes=${got.length}-` },
  });
  await again.body?.cancel();
  expect(again.status).toBe(503);
  expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(10);
  await mirror.server.jobs.cancel(job.id);
}, 60_000);
