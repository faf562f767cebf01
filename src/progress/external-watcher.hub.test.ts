/**
 * The watcher against a real third-party writer: `@huggingface/hub`'s downloadFileToCacheDir fetching a
 * throttled file from the local test hub into a hub cache (it writes `blobs/<etag>.incomplete`, docs/hub-disk-layout.md
 * §3.8); and, beside it, a small file it fetches whole between two scans and one a hubget run of this process (a
 * server job) fetches into the same repo folder (external-finished-files.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFileToCacheDir } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubConfigOf } from '../../test/download/download-fixtures.js';
import { startTestHub, type TestHub, type TestRepo } from '../../test/hub/test-hub.js';
import { downloadModel } from '../transfer/download-model.js';
import { EXTERNAL_PAUSE_GRACE_MS } from './external-download-end.js';
import { createExternalWatcher, type ExternalDownload } from './external-watcher.js';

let hub: TestHub;
let repo: TestRepo;
let cacheDir: string;

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/watched', files: [{ path: 'model.safetensors', size: 240_000 }] });
  cacheDir = await mkdtemp(join(tmpdir(), 'hubget-ext-hub-'));
});
afterAll(async () => {
  await hub?.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('external watcher with @huggingface/hub as the other program', () => {
  it('sees the download grow, knows its total, and drops it when done', async () => {
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 120_000 } });
    const seen: ExternalDownload[] = [];
    // The watcher's clock, moved past the pause grace once the download is done.
    let skippedMs = 0;
    const watcher = createExternalWatcher({
      hubCacheDir: cacheDir,
      intervalMs: 100,
      now: () => Date.now() + skippedMs,
      lookupTotal: async (ref) => (ref.repoId === 'org/watched' ? 240_000 : null),
      onChange: (downloads) => seen.push(...downloads),
    });
    watcher.start();
    try {
      const done = downloadFileToCacheDir({
        repo: 'org/watched',
        path: 'model.safetensors',
        revision: repo.commit,
        cacheDir,
        hubUrl: hub.url,
        accessToken: hub.token,
      });
      await done;
      // Ended once a scan finds no temp file and no file finished since the one before, nothing for the grace
      // (from the scan that found its file in place).
      await vi.waitFor(() => expect(watcher.list()[0]?.filesDone).toBe(1), { timeout: 10_000, interval: 50 });
      skippedMs = EXTERNAL_PAUSE_GRACE_MS;
      await vi.waitFor(() => expect(watcher.list()).toEqual([]), { timeout: 10_000, interval: 50 });
    } finally {
      watcher.stop();
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen.map((d) => d.id)).size).toBe(1);
    expect(seen[0]).toMatchObject({ repoId: 'org/watched', location: 'cache' });
    // The total arrives from the (async) lookup one tick after first sight.
    expect(seen.at(-1)?.total).toBe(240_000);
    expect(seen[0]?.files[0]?.path).toMatch(/blobs\/[0-9a-f]{64}\.incomplete$/);
    const amounts = seen.map((d) => d.downloaded);
    expect(Math.max(...amounts)).toBeGreaterThan(Math.min(...amounts));
    expect(seen.some((d) => d.bytesPerSecond > 0)).toBe(true);
    expect(seen.some((d) => d.percent !== null && d.percent > 0 && d.percent < 100)).toBe(true);
    expect(watcher.list()).toEqual([]);
  });

  it('counts a small file it fetched whole between two scans, never the file a hubget run fetched beside it', async () => {
    const mixed = await hub.addRepo({
      repoId: 'org/mixed',
      files: [
        { path: 'big.bin', size: 200_000 },
        { path: 'config.json', size: 3_000 },
        { path: 'tokenizer.json', size: 50_000 },
      ],
    });
    const cache = await mkdtemp(join(tmpdir(), 'hubget-ext-hub-mixed-'));
    // The big file stalls after its first bytes, so its temp file stays; the download is cut off at the end.
    hub.resetFaults();
    hub.setFaults({ stallAfterBytes: { path: 'big.bin', bytes: 20_000, stallMs: 120_000 } });
    const cutOff = new AbortController();
    const fetchCutOff: typeof fetch = (input, init) => fetch(input, { ...init, signal: cutOff.signal });
    const other = (path: string, signal?: typeof fetch) =>
      downloadFileToCacheDir({
        repo: 'org/mixed',
        path,
        revision: mixed.commit,
        cacheDir: cache,
        hubUrl: hub.url,
        accessToken: hub.token,
        ...(signal && { fetch: signal }),
      });
    const big = other('big.bin', fetchCutOff).catch(() => undefined);
    const watcher = createExternalWatcher({ hubCacheDir: cache, intervalMs: 60_000 });
    try {
      const repoDir = join(cache, 'models--org--mixed');
      await vi.waitFor(
        async () => expect((await watcher.tick())[0]?.downloaded).toBeGreaterThanOrEqual(20_000),
        { timeout: 10_000, interval: 50 },
      );
      const [before] = watcher.list();
      expect(before).toMatchObject({ folder: repoDir, filesDone: 0 });

      await other('config.json');
      const own = await downloadModel({
        repo: { repoId: 'org/mixed', repoType: 'model' },
        revision: mixed.commit,
        filenames: ['tokenizer.json'],
        cacheDir: cache,
        hub: hubConfigOf(hub),
      });
      expect(own.downloadedBytes).toBe(50_000);
      const [after] = await watcher.tick();
      const inTempFiles = after?.files.reduce((sum, file) => sum + file.size, 0) ?? 0;
      expect(after).toMatchObject({ folder: repoDir, filesDone: 1 });
      expect((after?.downloaded ?? 0) - inTempFiles).toBe(3_000);
    } finally {
      cutOff.abort();
      await big;
      hub.resetFaults();
      await rm(cache, { recursive: true, force: true });
    }
  });
});
