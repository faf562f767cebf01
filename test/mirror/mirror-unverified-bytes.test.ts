/**
 * A file served while its pull runs has not passed its hash check yet (docs/mirror.md, "Pull-through, once"):
 * a response that reaches the file's last byte gets its last chunk only once the pull has verified the file
 * and moved it into place. An upstream that serves a corrupt byte therefore leaves a client that downloads
 * to the file's end (a whole-file GET, a resume's open range) with a response cut short (an error, fewer bytes
 * than Content-Length), never a complete wrong file — also a client of the one attempt the engine discarded
 * when its retry then verifies. Before, each ended normally with the bytes it read. A range that ends before
 * the file does is not held (the check needs the whole file). A healthy pull still gives every byte, ranges
 * in the middle of the file included, and the counters stay right.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorStatsSnapshot } from '../../src/mirror/mirror-stats.js';
import type { TestRepo } from '../hub/test-hub.js';
import { sha256 } from '../support/transfer/transfer-harness.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const SIZE = 4 * 1024 * 1024;
const MIDDLE = { start: SIZE / 4, end: SIZE / 2 + 1024 } as const;
/** From a quarter in to the file's end: it holds the corrupted middle byte and the file's last chunk. */
const TAIL = { start: SIZE / 4, end: SIZE - 1 } as const;
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: 'org/unverified',
    files: ['bad.bin', 'once.bin', 'good.bin'].map((path) => ({ path, size: SIZE, lfs: true })),
  });
}, 60_000);

afterAll(() => mirror?.close());

interface Received {
  status: number;
  bytes: number;
  sha: string;
  /** The body's read failed (the mirror cut the response); undefined when it ended normally. */
  error: unknown;
}

/** GET a file through the mirror (or a range of it) and read its body to the end or to its error. */
async function read(path: string, range?: { start: number; end: number }): Promise<Received> {
  const response = await fetch(`${mirror.mirrorUrl}/org/unverified/resolve/main/${path}`, {
    ...(range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {}),
  });
  const hash = createHash('sha256');
  let bytes = 0;
  let error: unknown;
  try {
    const reader = response.body!.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      hash.update(part.value);
      bytes += part.value.length;
    }
  } catch (caught) {
    error = caught;
  }
  return { status: response.status, bytes, sha: hash.digest('hex'), error };
}

async function counters(): Promise<MirrorStatsSnapshot> {
  return (await (await fetch(`${mirror.server.url}/api/mirror`)).json()) as MirrorStatsSnapshot;
}

describe('bytes served while the pull has not verified them', () => {
  it('cuts a response to the end of a file that fails its hash check, never a complete wrong file', async () => {
    // Every upstream body of bad.bin has its middle byte flipped: both attempts of the pull fail the check.
    mirror.hub.setFaults({
      corrupt: { path: 'bad.bin' },
      perStreamBytesPerSecond: { path: 'bad.bin', bytesPerSecond: 1024 * 1024 },
    });
    const before = await counters();
    const [whole, tail] = await Promise.all([read('bad.bin'), read('bad.bin', TAIL)]);
    expect([whole.status, tail.status]).toEqual([200, 206]);
    expect(whole.error).toBeDefined();
    expect(whole.bytes).toBeLessThan(SIZE);
    expect(tail.error).toBeDefined();
    expect(tail.bytes).toBeLessThan(TAIL.end - TAIL.start + 1);
    await pullsSettled(mirror);
    expect(mirror.server.jobs.list().find((job) => job.name.endsWith('bad.bin'))?.state).toBe('failed');
    const after = await counters();
    // One started the pull, the other joined it; what they got is what was counted as served.
    expect(after.requests.miss - before.requests.miss).toBe(1);
    expect(after.requests.partial + after.requests.hit - before.requests.partial - before.requests.hit).toBe(
      1,
    );
    expect(after.requests.unavailable).toBe(before.requests.unavailable);
    const served = after.bytesServed - before.bytesServed;
    expect(served).toBeGreaterThanOrEqual(whole.bytes + tail.bytes);
    expect(served).toBeLessThan(SIZE + TAIL.end - TAIL.start + 1);
    mirror.hub.setFaults({ corrupt: undefined, perStreamBytesPerSecond: undefined });
  }, 60_000);

  it('cuts a response read from the attempt the engine discarded, though its retry verifies', async () => {
    // Only the first upstream body with the middle byte is corrupt: the engine's second attempt succeeds.
    mirror.hub.setFaults({
      corrupt: { path: 'once.bin', times: 1 },
      perStreamBytesPerSecond: { path: 'once.bin', bytesPerSecond: 1024 * 1024 },
    });
    const whole = await read('once.bin');
    // Cut, or (had it read only the second attempt's bytes) the right file: never the corrupt one whole.
    if (whole.error === undefined) expect(whole.sha).toBe(sha256(repo.contentOf('once.bin')));
    else expect(whole.bytes).toBeLessThan(SIZE);
    await pullsSettled(mirror);
    expect(mirror.server.jobs.list().find((job) => job.name.endsWith('once.bin'))?.state).toBe('completed');
    const again = await read('once.bin');
    expect(again).toMatchObject({ status: 200, bytes: SIZE, error: undefined });
    expect(again.sha).toBe(sha256(repo.contentOf('once.bin')));
    mirror.hub.setFaults({ corrupt: undefined, perStreamBytesPerSecond: undefined });
  }, 60_000);

  it('gives every byte of a healthy pull, a range in the middle of it included, and counts them', async () => {
    mirror.hub.setFaults({ perStreamBytesPerSecond: { path: 'good.bin', bytesPerSecond: 1024 * 1024 } });
    const before = await counters();
    const [whole, middle] = await Promise.all([read('good.bin'), read('good.bin', MIDDLE)]);
    expect(whole).toMatchObject({ status: 200, bytes: SIZE, error: undefined });
    expect(whole.sha).toBe(repo.files.find((file) => file.path === 'good.bin')!.sha256);
    expect(middle).toMatchObject({ status: 206, bytes: MIDDLE.end - MIDDLE.start + 1, error: undefined });
    expect(middle.sha).toBe(sha256(repo.contentOf('good.bin').subarray(MIDDLE.start, MIDDLE.end + 1)));
    await pullsSettled(mirror);
    const after = await counters();
    expect(after.requests.miss - before.requests.miss).toBe(1);
    expect(after.requests.partial + after.requests.hit - before.requests.partial - before.requests.hit).toBe(
      1,
    );
    expect(after.bytesServed - before.bytesServed).toBe(whole.bytes + middle.bytes);
    mirror.hub.setFaults({ perStreamBytesPerSecond: undefined });
  }, 60_000);
});
