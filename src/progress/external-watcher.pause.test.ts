/**
 * Another program's download through a pause (external-download-end.ts): scans that find none of its temp files
 * and no file of it finished — huggingface_hub between two files, a slow listing, a retry's backoff — do not end
 * it for the pause grace, and its counts go on when its files come back; it ends after the grace, at once when
 * it was stalled already, and never lingers past the stall timeout.
 */
import { renameSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMIT,
  put,
  SHA1_C,
  SHA256_A,
  SHA256_B,
  watchedTempFile,
  watcherScanPerTest,
} from '../../test/support/progress/watcher-scan.js';
import { shortHashOfPath } from '../cache/local-dir-layout.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { EXTERNAL_PAUSE_GRACE_MS } from './external-download-end.js';
import { createExternalWatcher, type ExternalWatcher } from './external-watcher.js';

describe('an external download through a pause', () => {
  const scan = watcherScanPerTest('hubget-ext-pause-');

  /** Scans once a second for `ms`, as the watcher's timer does; the last scan's list. */
  async function scanFor(watcher: ExternalWatcher, ms: number) {
    for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
      scan.clock += 1000;
      await watcher.tick();
    }
    return watcher.list();
  }

  it('goes on through scans without temp files, and counts on when the program fetches again', async () => {
    const { blobs, temp: first, watcher, start } = await watchedTempFile(scan, 'models--org--paused');
    scan.clock += 1000;
    renameSync(first, join(blobs, SHA256_A));
    expect((await watcher.tick())[0]).toMatchObject({ id: start?.id, downloaded: 1000, filesDone: 1 });

    // The program pauses near the start (its next request is slow): no temp file, nothing finishing.
    const during = await scanFor(watcher, EXTERNAL_PAUSE_GRACE_MS - 2000);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({
      id: start?.id,
      files: [],
      downloaded: 1000,
      filesDone: 1,
      stalled: false,
    });

    // It fetches again: a small file whole between two scans, and a temp file. The same download, counted on.
    scan.clock += 1000;
    put(join(blobs, SHA1_C), 3000);
    const next = put(join(blobs, `${SHA256_B}.1234abcd.incomplete`), 500);
    const [after] = await watcher.tick();
    expect(after).toMatchObject({ id: start?.id, downloaded: 1000 + 3000 + 500, filesDone: 2 });
    expect(after?.files.map((file) => file.path)).toEqual([next]);
    expect(after?.bytesPerSecond).toBeGreaterThan(0);
  });

  it('keeps counting in a local dir across a failed attempt whose temp file was deleted before its retry', async () => {
    const dir = join(scan.models, 'm');
    await writeLocalDirMarker(dir, { repoId: 'org/m', repoType: 'model', commit: COMMIT });
    const download = join(dir, '.cache', 'huggingface', 'download');
    const prefix = `${shortHashOfPath('w.bin')}.${SHA256_A}`;
    const attempt = put(join(download, `${prefix}.0badc0de.incomplete`), 2000);
    const watcher = createExternalWatcher({ modelsDir: scan.models, now: () => scan.clock });
    const [start] = await watcher.tick();

    // config.json fetched whole; then the weights' attempt fails, huggingface_hub ≥ 1.18 deletes its temp file.
    scan.clock += 1000;
    put(join(dir, 'config.json'), 100);
    put(join(download, 'config.json.metadata'), 3);
    rmSync(attempt);
    expect((await watcher.tick())[0]).toMatchObject({ id: start?.id, downloaded: 100, filesDone: 1 });

    // Its backoff (8 s at most), then a new attempt under a new name.
    await scanFor(watcher, 8000);
    scan.clock += 1000;
    put(join(download, `${prefix}.12345678.incomplete`), 300);
    const [retried] = await watcher.tick();
    expect(retried).toMatchObject({ id: start?.id, repoId: 'org/m', downloaded: 100 + 300, filesDone: 1 });
  });

  it('ends after the grace without file activity, at once when stalled, and never past the stall timeout', async () => {
    const { blobs, temp, watcher } = await watchedTempFile(scan, 'models--org--done');
    scan.clock += 1000;
    renameSync(temp, join(blobs, SHA256_A));
    await watcher.tick();
    expect(await scanFor(watcher, EXTERNAL_PAUSE_GRACE_MS - 1000)).toHaveLength(1);
    expect(await scanFor(watcher, 1000)).toEqual([]);

    // A program's temp file left long ago (killed): stalled at first sight, ended as soon as it is deleted.
    const orphan = put(join(blobs, `${SHA256_B}.0badc0de.incomplete`), 1000);
    const longAgo = new Date(scan.clock - 3600_000);
    utimesSync(orphan, longAgo, longAgo);
    expect((await watcher.tick())[0]).toMatchObject({ stalled: true });
    rmSync(orphan);
    scan.clock += 1000;
    expect(await watcher.tick()).toEqual([]);

    // Under a stall timeout shorter than the grace, it ends at the stall timeout rather than showing stalled.
    const short = createExternalWatcher({
      hubCacheDir: scan.hub,
      now: () => scan.clock,
      stallTimeoutMs: 5000,
    });
    const again = put(join(blobs, `${SHA1_C}.0badc0de.incomplete`), 10);
    await short.tick();
    scan.clock += 1000;
    renameSync(again, join(blobs, SHA1_C));
    await short.tick();
    expect(await scanFor(short, 4000)).toMatchObject([{ files: [], stalled: false }]);
    expect(await scanFor(short, 1000)).toEqual([]);
  });
});
