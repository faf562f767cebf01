import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import {
  COMMIT,
  put,
  SHA1_C,
  SHA256_A,
  SHA256_B,
  watcherScanPerTest,
} from '../../test/support/progress/watcher-scan.js';
import { localTempPrefix, shortHashOfPath } from '../cache/local-dir-layout.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import type { RepoRef } from '../hub/types.js';
import { claimOfTempPrefix } from '../transfer/claims-folder.js';
import { RunClaims } from '../transfer/download-claims.js';
import { EXTERNAL_PAUSE_GRACE_MS } from './external-download-end.js';
import { createExternalWatcher, type ExternalDownload, type WatcherLogger } from './external-watcher.js';

function grow(path: string, bytes: number): void {
  appendFileSync(path, Buffer.alloc(bytes, 7));
}

function captureLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const logger: WatcherLogger = {
    info: (_obj, msg) => lines.push({ level: 'info', msg }),
    warn: (_obj, msg) => lines.push({ level: 'warn', msg }),
    debug: (_obj, msg) => lines.push({ level: 'debug', msg }),
  };
  return { lines, logger };
}

describe('createExternalWatcher', () => {
  const scan = watcherScanPerTest('hubget-ext-');

  const byFolder = (downloads: ExternalDownload[], folder: string) =>
    downloads.find((d) => d.folder === folder);

  it('finds every naming shape, groups per repo / local dir and skips hubget’s own temp files', async () => {
    const legacyRepo = join(scan.hub, 'models--org--legacy');
    put(join(legacyRepo, 'blobs', `${SHA256_A}.incomplete`), 1000);
    const newRepo = join(scan.hub, 'datasets--org--new');
    put(join(newRepo, 'blobs', `${SHA1_C}.0badc0de.incomplete`), 2000);
    put(join(newRepo, 'blobs', `${SHA256_B}.12345678.incomplete`), 3000);
    const ours = join(scan.hub, 'models--org--ours');
    const ownTemp = put(join(ours, 'blobs', `${SHA256_A}.deadbeef.incomplete`), 500);
    put(`${ownTemp}.hubget-ranges`, 10);
    // The left-over of an attempt another one completed (its blob is there, e.g. a run killed before its
    // first resume map): no download.
    const done = join(scan.hub, 'models--org--done');
    put(join(done, 'blobs', SHA256_B), 300);
    put(join(done, 'blobs', `${SHA256_B}.0badc0de.incomplete`), 0);
    put(join(done, 'blobs', `${SHA256_B}.incomplete`), 10);
    put(join(scan.hub, '.cache', 'x', 'weights.incomplete'), 50);
    // huggingface_hub 0.8–0.22 without resume (their default): Python's tempfile directly in the hub cache.
    const rootTemp = put(join(scan.hub, 'tmp8ibc_870'), 70);
    // Its ref and tree listing writes are no downloads.
    put(join(scan.hub, 'models--org--refs', 'refs', 'main.1a2b3c4d.tmp'), 40);
    put(join(scan.hub, 'models--org--refs', 'blobs', 'weights.bin.tmp'), 40);

    const hashed = join(scan.models, 'hashed');
    const download = join(hashed, '.cache', 'huggingface', 'download');
    put(join(download, `${shortHashOfPath('model.safetensors')}.${SHA256_A}.incomplete`), 100);
    put(join(download, 'sub', `${shortHashOfPath('sub/x.bin')}.${SHA1_C}.abcdef01.incomplete`), 200);
    const old = join(scan.models, 'org', 'old');
    put(join(old, '.cache', 'huggingface', 'download', `pytorch_model.bin.${SHA256_B}.incomplete`), 300);
    const plain = join(scan.models, 'plain');
    const odd = put(join(plain, '.cache', 'huggingface', 'download', 'a.some-mirror-etag.incomplete'), 5);
    put(join(plain, '.cache', 'huggingface', 'download', 'config.json.metadata'), 5);
    put(join(plain, '.cache', 'huggingface', 'download', 'b.tmp'), 5);
    put(join(plain, '.cache', 'huggingface', 'download', 'c.partial'), 5);
    const skippedByCallback = join(scan.models, 'skipped');
    put(join(skippedByCallback, '.cache', 'huggingface', 'download', 'b.some-mirror-etag.incomplete'), 5);

    const watcher = createExternalWatcher({
      hubCacheDir: scan.hub,
      modelsDir: scan.models,
      now: () => scan.clock,
      isOwnTempFile: (path) => path.startsWith(skippedByCallback),
    });
    const downloads = await watcher.tick();
    expect(downloads.map((d) => d.folder).sort()).toEqual(
      [legacyRepo, newRepo, join(scan.hub, '.cache'), scan.hub, hashed, old, plain].sort(),
    );
    expect(byFolder(downloads, scan.hub)).toMatchObject({ repoId: null, location: 'cache', downloaded: 70 });
    expect(byFolder(downloads, scan.hub)?.files.map((f) => f.path)).toEqual([rootTemp]);
    expect(byFolder(downloads, legacyRepo)).toMatchObject({
      repoId: 'org/legacy',
      repoType: 'model',
      location: 'cache',
      downloaded: 1000,
      total: null,
      percent: null,
      stalled: false,
    });
    expect(byFolder(downloads, newRepo)).toMatchObject({
      repoId: 'org/new',
      repoType: 'dataset',
      downloaded: 5000,
    });
    expect(byFolder(downloads, newRepo)?.files).toHaveLength(2);
    expect(byFolder(downloads, hashed)).toMatchObject({ repoId: null, location: 'local', downloaded: 300 });
    expect(byFolder(downloads, old)?.downloaded).toBe(300);
    expect(byFolder(downloads, plain)?.files.map((f) => f.path)).toEqual([odd]);
    expect(watcher.list()).toBe(downloads);
    // Stable ids across ticks.
    const again = await watcher.tick();
    expect(byFolder(again, legacyRepo)?.id).toBe(byFolder(downloads, legacyRepo)?.id);
  });

  it('tracks progress against the looked-up total, speed, and files renamed into place', async () => {
    const repoDir = join(scan.hub, 'models--org--model');
    put(join(repoDir, 'refs', 'main'), 0);
    writeFileSync(join(repoDir, 'refs', 'main'), COMMIT);
    put(join(repoDir, 'blobs', SHA1_C), 400); // present before: not counted
    const first = put(join(repoDir, 'blobs', `${SHA256_A}.0badc0de.incomplete`), 1000);
    const lookups: Array<[RepoRef, string | undefined]> = [];
    const { lines, logger } = captureLogger();
    const watcher = createExternalWatcher({
      hubCacheDir: scan.hub,
      now: () => scan.clock,
      logger,
      logIntervalMs: 0,
      lookupTotal: async (repo, revision) => {
        lookups.push([repo, revision]);
        return 10_000;
      },
    });
    const [start] = await watcher.tick();
    expect(lookups).toEqual([[{ repoId: 'org/model', repoType: 'model' }, COMMIT]]);
    expect(start?.bytesPerSecond).toBe(0);
    expect(lines.some((l) => l.msg === `Found partial file: ${first} (1.00 kB)`)).toBe(true);

    scan.clock += 1000;
    grow(first, 2000);
    const [second] = await watcher.tick();
    expect(second).toMatchObject({ downloaded: 3000, total: 10_000, percent: 30 });
    expect(second?.bytesPerSecond).toBe(2000);
    expect(second?.lastActivityAt).toBe(scan.clock);
    expect(lines.at(-1)?.msg).toBe(
      'Download progress: 30% (3.00 kB / 10.00 kB) | 1 files | Last update: 0 s ago',
    );

    // First file done (renamed to its blob name), second one starts: nothing is lost or counted twice.
    scan.clock += 1000;
    renameSync(first, join(repoDir, 'blobs', SHA256_A));
    const next = put(join(repoDir, 'blobs', `${SHA256_B}.11111111.incomplete`), 1000);
    const [third] = await watcher.tick();
    expect(third?.downloaded).toBe(4000);
    expect(third?.files.map((f) => f.path)).toEqual([next]);
    expect(third?.bytesPerSecond).toBe(1500);
  });

  it('counts the files it saw as temp files once done, never hubget’s own done beside them', async () => {
    const dir = join(scan.models, 'both');
    const download = join(dir, '.cache', 'huggingface', 'download');
    const done = (path: string, bytes: number) => {
      put(join(dir, path), bytes);
      put(join(download, `${path}.metadata`), 3);
    };
    const hashed = put(join(download, 'sub', `${shortHashOfPath('sub/a.bin')}.${SHA256_A}.incomplete`), 100);
    const named = put(join(download, `b.bin.${SHA256_B}.incomplete`), 200);
    put(join(download, `${shortHashOfPath('c.bin')}.${SHA1_C}.incomplete`), 50);
    const blobs = join(scan.hub, 'models--org--both', 'blobs');
    const blob = put(join(blobs, `${SHA256_A}.incomplete`), 100);
    put(join(blobs, `${SHA1_C}.incomplete`), 50);
    const watcher = createExternalWatcher({
      hubCacheDir: scan.hub,
      modelsDir: scan.models,
      now: () => scan.clock,
    });
    await watcher.tick();

    // The two shown in the local dir finish; a file no temp file of it was seen for finishes beside them, fetched
    // between two scans by a run of this process (a server job) that ended before the scan. So in the repo folder.
    const ownLocal = claimOfTempPrefix(localTempPrefix(dir, 'own.bin', SHA256_B))!;
    const ownBlob = claimOfTempPrefix(join(blobs, SHA256_B))!;
    for (const { folder, key } of [ownLocal, ownBlob]) {
      mkdirSync(folder, { recursive: true });
      const run = new RunClaims(folder);
      await run.claim([key], (k) => [k], new AbortController().signal);
      await run.release();
    }
    scan.clock += 1000;
    rmSync(hashed);
    done('sub/a.bin', 1000);
    rmSync(named);
    done('b.bin', 2000);
    done('own.bin', 40_000);
    renameSync(blob, join(blobs, SHA256_A));
    put(join(blobs, SHA256_B), 40_000);
    const downloads = await watcher.tick();
    expect(byFolder(downloads, dir)?.downloaded).toBe(50 + 1000 + 2000);
    expect(byFolder(downloads, join(scan.hub, 'models--org--both'))?.downloaded).toBe(50 + 100);
  });

  it('warns once when a download stalls and recovers when the file grows again', async () => {
    const download = join(scan.models, 'm', '.cache', 'huggingface', 'download');
    const file = put(join(download, `${shortHashOfPath('w.bin')}.${SHA256_A}.incomplete`), 10);
    await writeLocalDirMarker(join(scan.models, 'm'), { repoId: 'org/m', repoType: 'model', commit: COMMIT });
    const { lines, logger } = captureLogger();
    const watcher = createExternalWatcher({
      modelsDir: scan.models,
      stallTimeoutMs: 3000,
      now: () => scan.clock,
      logger,
      lookupTotal: async () => 100,
    });
    await watcher.tick();
    scan.clock += 1000;
    grow(file, 10);
    const [active] = await watcher.tick();
    expect(active).toMatchObject({ repoId: 'org/m', stalled: false, downloaded: 20, percent: 20 });
    for (let i = 0; i < 4; i += 1) {
      scan.clock += 1000;
      await watcher.tick();
    }
    const [stalled] = watcher.list();
    expect(stalled?.stalled).toBe(true);
    expect(stalled?.stallReason).toBe('No file activity for 4 s');
    expect(stalled?.bytesPerSecond).toBe(0);
    scan.clock += 1000;
    await watcher.tick();
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.msg)).toEqual([
      'Warning: No file activity for 3 s - download may be stalled',
    ]);
    scan.clock += 1000;
    grow(file, 10);
    const [recovered] = await watcher.tick();
    expect(recovered?.stalled).toBe(false);
    expect(recovered?.stallReason).toBeNull();
  });

  it('counts only written blocks of a sparse (hf_transfer/hf_xet-style) temp file', async () => {
    const path = join(scan.hub, 'models--org--sparse', 'blobs', `${SHA256_A}.incomplete`);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.alloc(65_536, 1), 0, 65_536, 4 * 1024 * 1024);
    closeSync(fd);
    const stats = statSync(path);
    const watcher = createExternalWatcher({ hubCacheDir: scan.hub, now: () => scan.clock });
    const [download] = await watcher.tick();
    expect(download?.files[0]?.size).toBe(4 * 1024 * 1024 + 65_536);
    expect(download?.downloaded).toBe(Math.min(stats.size, stats.blocks * 512));
    expect(download?.downloaded).toBeLessThan(1024 * 1024);
    const apparent = createExternalWatcher({
      hubCacheDir: scan.hub,
      now: () => scan.clock,
      sizeMode: 'apparent',
    });
    expect((await apparent.tick())[0]?.downloaded).toBe(stats.size);
  });

  it('drops a download when its temp files vanish, after the pause grace, and tells subscribers', async () => {
    const temp = put(join(scan.hub, 'models--gpt2', 'blobs', `${SHA1_C}.incomplete`), 10);
    const seen: ExternalDownload[][] = [];
    const watcher = createExternalWatcher({
      hubCacheDir: scan.hub,
      now: () => scan.clock,
      onChange: (d) => seen.push(d),
    });
    expect((await watcher.tick())[0]?.repoId).toBe('gpt2');
    rmSync(temp);
    scan.clock += 1000;
    expect((await watcher.tick())[0]).toMatchObject({ repoId: 'gpt2', files: [] });
    scan.clock += EXTERNAL_PAUSE_GRACE_MS;
    expect(await watcher.tick()).toEqual([]);
    await watcher.tick();
    expect(seen.map((list) => list.length)).toEqual([1, 1, 0]);
  });

  it('logs through a real pino logger, and survives a logger that throws', async () => {
    put(join(scan.hub, 'models--org--p', 'blobs', `${SHA1_C}.incomplete`), 10);
    const lines: Array<{ level: number; msg: string; repoId?: string }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    await createExternalWatcher({ hubCacheDir: scan.hub, now: () => scan.clock, logger }).tick();
    expect(lines.map((l) => l.msg)).toEqual([
      `Found partial file: ${join(scan.hub, 'models--org--p', 'blobs', `${SHA1_C}.incomplete`)} (10 B)`,
      'Download progress: 10 B (total unknown) | 1 files | Last update: 0 s ago',
    ]);
    expect(lines[0]?.repoId).toBe('org/p');
    const throwing: WatcherLogger = {
      info() {
        throw new Error('broken logger');
      },
      warn() {
        throw new Error('broken logger');
      },
    };
    const downloads = await createExternalWatcher({
      hubCacheDir: scan.hub,
      now: () => scan.clock,
      logger: throwing,
    }).tick();
    expect(downloads).toHaveLength(1);
  });

  it('finds local dirs created later, after the discovery interval', async () => {
    const watcher = createExternalWatcher({
      modelsDir: scan.models,
      now: () => scan.clock,
      discoverEveryMs: 5000,
    });
    expect(await watcher.tick()).toEqual([]);
    put(join(scan.models, 'late', '.cache', 'huggingface', 'download', `cfg.json.${SHA1_C}.incomplete`), 3);
    scan.clock += 1000;
    expect(await watcher.tick()).toEqual([]);
    scan.clock += 5000;
    expect((await watcher.tick()).map((d) => d.folder)).toEqual([join(scan.models, 'late')]);
  });

  it('runs on a timer until stopped', async () => {
    put(join(scan.hub, 'models--org--t', 'blobs', `${SHA1_C}.incomplete`), 10);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const watcher = createExternalWatcher({ hubCacheDir: scan.hub, intervalMs: 20 });
      let calls = 0;
      watcher.subscribe(() => {
        calls += 1;
      });
      watcher.start();
      expect(vi.getTimerCount()).toBe(1);
      // vi.waitFor moves the fake clock on between checks: each interval starts a scan.
      await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));
      watcher.stop();
      expect(vi.getTimerCount()).toBe(0);
      await watcher.tick(); // joins a scan still in flight (or runs one more)
      const settled = calls;
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toBe(settled);
    } finally {
      vi.useRealTimers();
    }
  });
});
