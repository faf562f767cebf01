/**
 * The watcher against a real third-party writer: `@huggingface/hub`'s downloadFileToCacheDir fetching a
 * throttled file from the local test hub into a hub cache (it writes `blobs/<etag>.incomplete`, docs/hub-disk-layout.md
 * §3.8).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFileToCacheDir } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../../test/hub/test-hub.js';
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
    const watcher = createExternalWatcher({
      hubCacheDir: cacheDir,
      intervalMs: 100,
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
      await new Promise((resolve) => setTimeout(resolve, 250));
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
});
