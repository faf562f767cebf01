/**
 * End to end, bad input and bad networks: a hostile listing, a full disk, corrupt bytes, expiring CDN
 * URLs. Each must end in a clear HubgetError (or a recovered download) and nothing unverified at a
 * final path.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import {
  eventsOfType,
  fileRequests,
  listTree,
  makeTempDir,
  removeDir,
  requestFor,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/faulty', repoType: 'model' as const };
let hub: TestHub;
let repo: TestRepo;
let parent: string;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"x":1}' },
      { path: 'model.safetensors', size: 400_000 },
    ],
  });
  // Everything a test writes lives under `parent`, so "nothing outside the target" is checkable.
  parent = await makeTempDir('faults');
});
afterEach(() => hub.resetFaults());
afterAll(async () => {
  await hub.close();
  await removeDir(parent);
});

async function freshCache(name: string): Promise<string> {
  const dir = join(parent, name, 'cache');
  return dir;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('hostile listing', () => {
  it('refuses the whole download with UNSAFE_PATH and writes nothing anywhere', async () => {
    hub.setFaults({ hostileTree: true });
    const cacheDir = await freshCache('hostile');
    const localDir = join(parent, 'hostile', 'local');
    const events: TransferEvent[] = [];
    for (const request of [requestFor(hub, REPO, { cacheDir }), requestFor(hub, REPO, { localDir })]) {
      const error = await failureOf(downloadModel(request, testOptions(events)));
      expect(isHubgetError(error, 'UNSAFE_PATH')).toBe(true);
      expect(error.message).toMatch(/unsafe entry; nothing was downloaded/);
    }
    expect(eventsOfType(events, 'failed').map((event) => event.error.code)).toEqual([
      'UNSAFE_PATH',
      'UNSAFE_PATH',
    ]);
    expect(eventsOfType(events, 'file-start')).toEqual([]);
    expect(await listTree(parent)).toEqual([]);
    expect(fileRequests(hub)).toEqual([]);
  });

  it('a hostile path filtered out by the patterns is never touched', async () => {
    hub.setFaults({ hostileTree: ['../../escape.json'] });
    const cacheDir = await freshCache('hostile-filtered');
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir, include: ['config.json'] }),
      testOptions(),
    );
    expect(result.plan.files.map((file) => file.path)).toEqual(['config.json']);
  });
});

describe('disk space', () => {
  it('refuses before the first byte with DISK_FULL', async () => {
    const cacheDir = await freshCache('disk');
    const events: TransferEvent[] = [];
    hub.clearRequests();
    const error = await failureOf(
      downloadModel(
        requestFor(hub, REPO, { cacheDir }),
        testOptions(events, { freeBytes: async () => 100_000 }),
      ),
    );
    expect(isHubgetError(error, 'DISK_FULL')).toBe(true);
    // The shared formatter picks the unit (it read "needs 0.00 GB, 0.00 GB free" with a GB-only one).
    expect(error.message).toMatch(/needs 400\.01 kB, 100\.00 kB free at \//);
    expect((error as { details?: Record<string, unknown> }).details).toEqual(
      expect.objectContaining({ requiredBytes: 400_007, freeBytes: 100_000 }),
    );
    expect(hub.requests.filter((entry) => entry.host === 'cdn')).toEqual([]);
    expect(eventsOfType(events, 'file-start')).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'failed', error: { code: 'DISK_FULL', message: error.message } });
  });
});

describe('integrity', () => {
  it('corrupt bytes once → downloaded again → correct', async () => {
    hub.setFaults({ corrupt: { path: 'model.safetensors', times: 1 } });
    const cacheDir = await freshCache('corrupt-once');
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir }),
      testOptions(events, { connectionsPerFile: 1 }),
    );
    // The only time progress goes down: announced with the bytes thrown away and why.
    expect(eventsOfType(events, 'file-discarded')).toEqual([
      {
        type: 'file-discarded',
        path: 'model.safetensors',
        discardedBytes: 400_000,
        error: expect.objectContaining({ code: 'INTEGRITY_MISMATCH' }),
      },
    ]);
    const downloads = eventsOfType(events, 'progress').map((event) => event.downloaded);
    const drops = downloads.filter((value, index) => index > 0 && value < downloads[index - 1]!);
    expect(drops.length).toBeLessThanOrEqual(1);
    const content = await readFile(join(result.resultPath, 'model.safetensors'));
    expect(content.equals(repo.contentOf('model.safetensors'))).toBe(true);
    // Fetched twice: the corrupt copy and the good one.
    expect(result.downloadedBytes).toBe(400_007 + 400_000);
  });

  it('corrupt always → INTEGRITY_MISMATCH, nothing at the final path, no temp left', async () => {
    hub.setFaults({ corrupt: { path: 'model.safetensors' } });
    const cacheDir = await freshCache('corrupt-always');
    const events: TransferEvent[] = [];
    const error = await failureOf(downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions(events)));
    expect(isHubgetError(error, 'INTEGRITY_MISMATCH')).toBe(true);
    expect(eventsOfType(events, 'file-failed')).toEqual([
      {
        type: 'file-failed',
        path: 'model.safetensors',
        error: expect.objectContaining({ code: 'INTEGRITY_MISMATCH' }),
      },
    ]);
    const repoDir = join(cacheDir, 'models--org--faulty');
    const snapshot = join(repoDir, 'snapshots', repo.commit);
    await expect(stat(join(snapshot, 'model.safetensors'))).rejects.toThrow();
    // The good file was still committed; the bad one left no blob and no temp file.
    expect(await readdir(snapshot)).toEqual(['config.json']);
    const sha = repo.files.find((file) => file.path === 'model.safetensors')!.sha256;
    expect((await readdir(join(repoDir, 'blobs'))).filter((name) => name.startsWith(sha))).toEqual([]);
    // The run's last reading, sent before `failed`, counts no byte of the deleted temp file: what is on disk
    // is config.json.
    const progress = eventsOfType(events, 'progress');
    expect(events.at(-1)?.type).toBe('failed');
    expect(events.at(-2)?.type).toBe('progress');
    expect(progress.at(-1)?.downloaded).toBe(repo.files.find((file) => file.path === 'config.json')!.size);
  });
});

describe('content replaced on the CDN mid-file', () => {
  it('starts the file over once, announced, and its progress restarts from zero', async () => {
    const big = await hub.addRepo({ repoId: 'org/replaced', files: [{ path: 'big.bin', size: 4_000_000 }] });
    // One response carries another strong ETag: the file's bytes may mix two versions (CONTENT_CHANGED).
    hub.setFaults({
      newEtag: { path: 'big.bin', times: 1 },
      perStreamBytesPerSecond: { bytesPerSecond: 4_000_000 },
    });
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(
        hub,
        { repoId: 'org/replaced', repoType: 'model' },
        { cacheDir: await freshCache('replaced') },
      ),
      testOptions(events, { connectionsPerFile: 4 }),
    );
    const discarded = eventsOfType(events, 'file-discarded');
    expect(discarded).toEqual([
      expect.objectContaining({
        path: 'big.bin',
        error: expect.objectContaining({ code: 'CONTENT_CHANGED' }),
      }),
    ]);
    // Never more than the file on disk, and down once: by the bytes announced.
    const downloads = eventsOfType(events, 'progress').map((event) => event.downloaded);
    expect(Math.max(...downloads)).toBeLessThanOrEqual(4_000_000);
    expect(
      downloads.filter((value, index) => index > 0 && value < downloads[index - 1]!).length,
    ).toBeLessThanOrEqual(1);
    expect(downloads.at(-1)).toBe(4_000_000);
    expect(result.downloadedBytes).toBe(4_000_000 + discarded[0]!.discardedBytes);
    const content = await readFile(join(result.resultPath, 'big.bin'));
    expect(content.equals(big.contentOf('big.bin'))).toBe(true);
  });
});

describe('CDN URL expiry', () => {
  it('re-resolves the signed URL mid-download and finishes', async () => {
    const cacheDir = await freshCache('expiry');
    hub.clearRequests();
    const events: TransferEvent[] = [];
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000 } });
    let expired = false;
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir }),
      testOptions(events, {
        connectionsPerFile: 2,
        // Small segments: new range requests keep starting after the expiry.
        transfer: { tuning: { minSegmentBytes: 16 * 1024, maxSegmentBytes: 32 * 1024 } },
        onEvent: (event) => {
          events.push(event);
          // Expire every URL minted so far once some bytes of the big file are on disk.
          if (!expired && event.type === 'progress' && event.downloaded > 50_000) {
            expired = true;
            hub.expireCdnUrls();
            hub.resetFaults();
          }
        },
      }),
    );
    expect(expired).toBe(true);
    expect(eventsOfType(events, 'url-refreshed').length).toBeGreaterThan(0);
    const content = await readFile(join(result.resultPath, 'model.safetensors'));
    expect(content.equals(repo.contentOf('model.safetensors'))).toBe(true);
    const resolves = hub.requests.filter(
      (entry) =>
        entry.host === 'hub' && entry.path.includes('/resolve/') && entry.file === 'model.safetensors',
    );
    // One GET on /resolve/ per URL generation (no HEAD): the first one, then the re-resolve after expiry.
    expect(hub.requests.filter((entry) => entry.method === 'HEAD')).toEqual([]);
    expect(resolves.length).toBe(2);
  });
});

describe('stall timeout changed mid-file', () => {
  it('a file in flight reconnects after the timeout as it is now, not as it was when the file started', async () => {
    // One connection that goes quiet after 50 kB for 4 s: reconnecting after 0.3 s means the change was seen.
    hub.setFaults({ stallAfterBytes: { path: 'model.safetensors', bytes: 50_000, stallMs: 4000, times: 1 } });
    const events: TransferEvent[] = [];
    let stallTimeoutMs = 60_000;
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir: await freshCache('stall-live') }),
      testOptions(events, {
        connectionsPerFile: 1,
        // The server's setting: a function, read where the engine reads it.
        stallTimeoutMs: () => stallTimeoutMs,
        onEvent: (event) => {
          events.push(event);
          // The file has started (its transfer was set up with 60 s): the setting changes now.
          if (event.type === 'file-start' && event.path === 'model.safetensors') stallTimeoutMs = 300;
        },
      }),
    );
    const stalls = eventsOfType(events, 'stall');
    expect(stalls).toEqual([expect.objectContaining({ path: 'model.safetensors', reason: 'no-data' })]);
    expect(stalls[0]!.idleMs).toBeGreaterThanOrEqual(300);
    expect(stalls[0]!.idleMs).toBeLessThan(4000);
    const content = await readFile(join(result.resultPath, 'model.safetensors'));
    expect(content.equals(repo.contentOf('model.safetensors'))).toBe(true);
  });
});
