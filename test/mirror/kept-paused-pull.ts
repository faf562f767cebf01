/**
 * A mirror pull paused anyway (`force=true`) and kept across restarts of the server (its job, temp file and resume
 * map: docs/mirror.md, "Pull-through, once"), for the tests of what a new server answers from it
 * (mirror-paused-rate-limit-restart.test.ts, mirror-offline-paused-pull.test.ts). Loopback only.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JobView, MirrorStatusView } from '../../src/api-types.js';
import { RESUME_MAP_SUFFIX } from '../../src/cache/cache-layout.js';
import type { TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, readUntilCut } from './mirror-harness.js';

/** The download job of the mirror's pull of `path` of `repoId` (the first made, when there were several). */
export function pullJob(mirror: MirrorHarness, repoId: string, path: string): JobView | undefined {
  return pullJobs(mirror, repoId, path)[0];
}

/** Every download job of the mirror's pulls of `path` of `repoId`, oldest first (one cancelled, then another). */
export function pullJobs(mirror: MirrorHarness, repoId: string, path: string): JobView[] {
  return mirror.server.jobs.list().filter((view) => view.name === `mirror: ${repoId}/${path}`);
}

/**
 * A whole-file answer served from a kept pull's bytes: a 200 whose body is the file's first bytes, at least the
 * `onDisk` the pull held and never all of `content`, then cut (never a normal end). Returns the bytes served.
 */
export async function expectCutAfterBytesOnDisk(
  response: Response,
  content: Buffer,
  onDisk: number,
): Promise<Buffer> {
  expect(response.status).toBe(200);
  const got = await readUntilCut(response.body!.getReader());
  expect(got.cut).toBe(true);
  expect(got.bytes.length).toBeGreaterThanOrEqual(onDisk);
  expect(got.bytes.length).toBeLessThan(content.length);
  expect(got.bytes.equals(content.subarray(0, got.bytes.length))).toBe(true);
  return got.bytes;
}

export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * A client reads `path` of `repoId` through the mirror; once it has 64 KiB, the operator pauses its pull anyway and
 * the client is cut. Returns the bytes the client got (a prefix of `content`, all on disk), once the job is paused.
 */
export async function readThenPauseAnyway(
  mirror: MirrorHarness,
  repoId: string,
  path: string,
  content: Buffer,
): Promise<number> {
  const reading = await fetch(`${mirror.mirrorUrl}/${repoId}/resolve/main/${path}`);
  expect(reading.status).toBe(200);
  const reader = reading.body!.getReader();
  const chunks: Buffer[] = [];
  let received = 0;
  while (received < 64 * 1024) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the body ended after ${received} bytes`);
    chunks.push(Buffer.from(value));
    received += value.length;
  }
  const api = mirror.mirrorUrl.replace(/\/hf$/, '/api');
  const job = pullJob(mirror, repoId, path)!;
  const paused = await fetch(`${api}/downloads/${job.id}/pause?force=true`, { method: 'POST' });
  expect(paused.status).toBe(200);
  const rest = await readUntilCut(reader);
  expect(rest.cut).toBe(true);
  const got = Buffer.concat([...chunks, rest.bytes]);
  expect(got.equals(content.subarray(0, got.length))).toBe(true);
  await until(() => pullJob(mirror, repoId, path)?.state === 'paused');
  return got.length;
}

/**
 * A client asks for `path` of `repoId` while the test hub holds every request for it (its `hold` fault, left set:
 * the caller clears it); the operator pauses its pull anyway before a byte arrived. The client's answer is cut (or
 * refused), and the job stays paused with nothing downloaded.
 */
export async function pauseBeforeFirstByte(
  mirror: MirrorHarness,
  hub: TestHub,
  repoId: string,
  path: string,
): Promise<void> {
  hub.setFaults({ hold: { path: `${repoId}/${path}` } });
  const asking = fetch(`${mirror.mirrorUrl}/${repoId}/resolve/main/${path}`).then(
    (response) => response.arrayBuffer(),
    () => undefined,
  );
  await until(() => pullJob(mirror, repoId, path)?.state === 'running');
  const api = mirror.mirrorUrl.replace(/\/hf$/, '/api');
  const job = pullJob(mirror, repoId, path)!;
  const paused = await fetch(`${api}/downloads/${job.id}/pause?force=true`, { method: 'POST' });
  expect(paused.status).toBe(200);
  await asking.catch(() => undefined);
  await until(() => pullJob(mirror, repoId, path)?.state === 'paused');
  expect(pullJob(mirror, repoId, path)?.downloaded).toBe(0);
}

/**
 * The paused pull's temp file of one blob, rewritten while the server is down: its name and its resume map as first
 * found, so a file an earlier server moved into place (verified: PullThrough.verifyPaused) can be made a paused
 * pull's temp file again.
 */
export class KeptTemp {
  #name: string | undefined;
  #map: { ranges: [number, number][] } | undefined;

  constructor(
    private readonly blobsDir: string,
    private readonly size: number,
  ) {}

  /**
   * Writes `bytes` as the temp file, with its resume map listing every byte (`wholeMap`: a pull paused after its
   * last byte and before its check) or what it listed when first found; removes the blob moved into place, if any,
   * and its snapshot link `path` in each commit's folder of `snapshotsDir`.
   */
  async write(bytes: Buffer, wholeMap: boolean, snapshotsDir: string, path: string): Promise<void> {
    if (this.#name === undefined) {
      this.#name = (await readdir(this.blobsDir)).find((name) => name.endsWith('.incomplete'));
      expect(this.#name).toBeDefined();
      const map = await readFile(this.#mapPath(), 'utf8');
      this.#map = JSON.parse(map) as { ranges: [number, number][] };
    }
    for (const name of await readdir(this.blobsDir))
      if (!name.includes('.incomplete')) await rm(join(this.blobsDir, name), { force: true });
    for (const commit of await readdir(snapshotsDir).catch(() => []))
      await rm(join(snapshotsDir, commit, path), { force: true });
    await writeFile(join(this.blobsDir, this.#name!), bytes);
    await writeFile(
      this.#mapPath(),
      JSON.stringify({ ...this.#map, ...(wholeMap ? { ranges: [[0, this.size]] } : {}) }),
    );
  }

  /** Whether the blob is in place (a file of `blobs/` that is no temp file), and the temp file gone. */
  async placed(): Promise<boolean> {
    const names = await readdir(this.blobsDir);
    return names.some((name) => !name.includes('.incomplete')) && !names.includes(this.#name!);
  }

  /** Whether the blob comes in place (placed) within a few seconds: a move that follows a check's verdict. */
  async placedSoon(): Promise<boolean> {
    for (let tries = 0; tries < 250; tries++) {
      if (await this.placed()) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  #mapPath(): string {
    return join(this.blobsDir, `${this.#name!}${RESUME_MAP_SUFFIX}`);
  }
}

/** What the mirror counted (docs/mirror.md, counters): `/api/mirror`'s kept counts, and `/metrics` since its start. */
export async function servedCounts(mirror: MirrorHarness) {
  const status = (await (await fetch(`${mirror.server.url}/api/mirror`)).json()) as MirrorStatusView;
  const metrics = await (await fetch(`${mirror.server.url}/metrics`)).text();
  const metric = (pattern: string) => Number(new RegExp(`^${pattern} (\\d+)$`, 'm').exec(metrics)?.[1]);
  return {
    hit: status.requests?.hit ?? 0,
    partial: status.requests?.partial ?? 0,
    bytesFromCache: status.bytesFromCache ?? 0,
    metricHits: metric('hubget_mirror_requests_total\\{result="hit"\\}'),
    metricFromCache: metric('hubget_mirror_served_from_cache_bytes_total'),
  };
}
