/**
 * Pull-through while the file downloads: a client's range is answered as soon as those bytes are on disk
 * (long before the file is complete), 50 concurrent range requests are served with flat memory (streamed
 * from disk, never whole-file reads), a client that disconnects cancels nothing, and the upstream serves
 * the file about once.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFolderName } from '../../src/cache/repo-folder.js';
import type { TestRepo } from '../hub/test-hub.js';
import { sha256 } from '../support/transfer/transfer-harness.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const SIZE = 24 * 1024 * 1024;
let mirror: MirrorHarness;
let repo: TestRepo;
let content: Buffer;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({ repoId: 'org/stream', files: [{ path: 'big.bin', size: SIZE }] });
  content = repo.contentOf('big.bin');
  // ~8 connections × 512 KiB/s: the download takes several seconds, ranges must not wait for its end.
  mirror.hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 512 * 1024 } });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
});

const url = () => `${mirror.mirrorUrl}/org/stream/resolve/main/big.bin`;
const blobPath = () =>
  join(
    mirror.cacheDir,
    repoFolderName({ repoId: 'org/stream', repoType: 'model' }),
    'blobs',
    repo.files[0]!.sha256,
  );

async function rangeDigest(
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<{ status: number; sha: string }> {
  const response = await fetch(url(), {
    headers: { range: `bytes=${start}-${end}` },
    ...(signal ? { signal } : {}),
  });
  const hash = createHash('sha256');
  const reader = response.body!.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) hash.update(part.value);
  return { status: response.status, sha: hash.digest('hex') };
}

describe('mirror pull-through while downloading', () => {
  it('answers ranges before the file is complete, 50 at once with flat memory, and survives a disconnect', async () => {
    const first = await rangeDigest(0, 1023);
    expect(first).toEqual({ status: 206, sha: sha256(content.subarray(0, 1024)) });
    // The first client got its bytes while the mirror was still fetching the file.
    await expect(stat(blobPath())).rejects.toThrow();
    // The job shows in the API and cannot be paused while a client waits on it (one reading the whole file;
    // the first one's answer has ended: with no client waiting, a pause would be taken, docs/mirror.md).
    const [job] = mirror.server.jobs.list();
    expect(job?.name).toBe('mirror: org/stream/big.bin');
    const reading = new AbortController();
    const whole = await fetch(url(), { signal: reading.signal });
    await whole.body!.getReader().read();
    const pause = await request(`${mirror.server.url}/api/downloads/${job!.id}/pause`, {
      method: 'POST',
      headers: { connection: 'close' },
    });
    expect(pause.statusCode).toBe(409);
    expect(((await pause.body.json()) as { code: string }).code).toBe('IN_USE');
    reading.abort();

    // One client gives up after the first chunk: nothing upstream is cancelled.
    const quitter = new AbortController();
    const quitting = fetch(url(), { signal: quitter.signal }).then(async (response) => {
      const reader = response.body!.getReader();
      await reader.read();
      quitter.abort();
    });

    let peakRss = 0;
    const baseline = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss - baseline);
    }, 20);
    const ranges = Array.from({ length: 50 }, (_, i) => {
      const start = Math.floor(((i * 7919) % 50) * (SIZE / 50));
      return [start, Math.min(SIZE - 1, start + 4 * 1024 * 1024 - 1)] as const;
    });
    const answers = await Promise.all(ranges.map(([start, end]) => rangeDigest(start, end)));
    clearInterval(sampler);
    await quitting.catch(() => undefined);
    answers.forEach((answer, i) => {
      const [start, end] = ranges[i]!;
      expect(answer).toEqual({ status: 206, sha: sha256(content.subarray(start, end + 1)) });
    });
    // 50 × 4 MiB in flight: whole-range (or whole-file) buffering would add ≥ 200 MiB.
    expect(peakRss).toBeLessThan(160 * 1024 * 1024);

    const full = await rangeDigest(0, SIZE - 1);
    expect(full.sha).toBe(repo.files[0]!.sha256);
    expect((await stat(blobPath())).size).toBe(SIZE);
    const jobs = mirror.server.jobs.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe('completed');
    expect(mirror.hub.bytesServed()).toBeLessThanOrEqual(1.1 * SIZE);
  }, 120_000);
});
