/**
 * Files another program fetches whole between two of the watcher's scans (every small file of a repo of many):
 * no temp file of theirs is ever seen, yet they belong to its download (external-finished-files.ts); hubget's
 * own files and files copied in do not.
 */
import { renameSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  put,
  SHA1_C,
  SHA256_A,
  SHA256_B,
  watchedTempFile,
  watcherScanPerTest,
} from '../../test/support/progress/watcher-scan.js';
import { localTempPrefix, shortHashOfPath } from '../cache/local-dir-layout.js';
import { claimOfTempPrefix } from '../transfer/claims-folder.js';
import { RunClaims } from '../transfer/download-claims.js';
import { EXTERNAL_PAUSE_GRACE_MS } from './external-download-end.js';
import { createExternalWatcher } from './external-watcher.js';

const SHA256_D = `${'d'.repeat(60)}0004`;
const SHA256_E = `${'e'.repeat(60)}0005`;
const SHA256_F = `${'f'.repeat(60)}0006`;
const TWO_HOURS_MS = 2 * 3600_000;

/** Written long ago, then copied in with its times kept (`cp -p`). */
function putOld(path: string, bytes: number): string {
  put(path, bytes);
  const then = new Date(Date.now() - TWO_HOURS_MS);
  utimesSync(path, then, then);
  return path;
}

/** A run of this process (a server job) claims the file's key, writes it, and ends before the next scan. */
async function fetchedByThisProcess(
  claim: { folder: string; key: string },
  write: () => void,
): Promise<void> {
  const run = new RunClaims(claim.folder);
  await run.claim([claim.key], (key) => [key], new AbortController().signal);
  write();
  await run.release();
}

describe('files fetched whole between two scans', () => {
  const scan = watcherScanPerTest('hubget-ext-between-');

  it('count in the rate, the bytes and the files of the download in the repo folder; hubget’s own and copies do not', async () => {
    const blobs = join(scan.hub, 'models--org--small', 'blobs');
    put(join(blobs, SHA256_A), 400); // there before: not counted
    const temp = put(join(blobs, `${SHA256_B}.0badc0de.incomplete`), 1000);
    const watcher = createExternalWatcher({ hubCacheDir: scan.hub, now: () => scan.clock });
    const [first] = await watcher.tick();
    expect(first).toMatchObject({ downloaded: 1000, filesDone: 0 });

    scan.clock += 1000;
    put(temp, 2000);
    // The program fetched a small file whole since the last scan.
    put(join(blobs, SHA1_C), 3000);
    // A server job fetched one into the same repo folder, its run over before the scan.
    await fetchedByThisProcess(claimOfTempPrefix(join(blobs, SHA256_D))!, () =>
      put(join(blobs, SHA256_D), 50_000),
    );
    // And one was copied in from elsewhere, its times kept.
    putOld(join(blobs, SHA256_E), 70_000);
    const [second] = await watcher.tick();
    expect(second).toMatchObject({ downloaded: 2000 + 3000, filesDone: 1 });
    expect(second?.bytesPerSecond).toBe(4000);

    // Still so at the next scans: the decision is made once.
    scan.clock += 1000;
    const [third] = await watcher.tick();
    expect(third).toMatchObject({ downloaded: 5000, filesDone: 1 });
  });

  it('count in a local dir when their .metadata is written; hubget’s own and files only recorded do not', async () => {
    const dir = join(scan.models, 'small');
    const download = join(dir, '.cache', 'huggingface', 'download');
    const done = (path: string, bytes: number, old = false) => {
      (old ? putOld : put)(join(dir, path), bytes);
      put(join(download, `${path}.metadata`), 3);
    };
    const big = put(join(download, `${shortHashOfPath('big.bin')}.${SHA256_A}.0badc0de.incomplete`), 1000);
    done('before.json', 100); // there before: not counted
    const watcher = createExternalWatcher({ modelsDir: scan.models, now: () => scan.clock });
    expect((await watcher.tick())[0]).toMatchObject({ folder: dir, downloaded: 1000, filesDone: 0 });

    scan.clock += 1000;
    done('sub/config.json', 300);
    await fetchedByThisProcess(claimOfTempPrefix(localTempPrefix(dir, 'own.bin', SHA256_B))!, () =>
      done('own.bin', 40_000),
    );
    // A file that was there long before, which the program hashed and recorded rather than fetched.
    done('kept.bin', 60_000, true);
    const [second] = await watcher.tick();
    expect(second).toMatchObject({ downloaded: 1000 + 300, filesDone: 1, bytesPerSecond: 300 });

    // Its last temp file done: listed with it through the pause grace, then ended.
    scan.clock += 1000;
    rmSync(big);
    done('big.bin', 1000);
    const [last] = await watcher.tick();
    expect(last).toMatchObject({ id: second?.id, files: [], downloaded: 1000 + 300, filesDone: 2 });
    scan.clock += EXTERNAL_PAUSE_GRACE_MS;
    expect(await watcher.tick()).toEqual([]);
  });

  it('keep the download going through a scan that finds none of its temp files; it ends when none finish', async () => {
    const { blobs, temp: first, watcher, start } = await watchedTempFile(scan, 'models--org--fast');

    // Between two files: the shown one is in place, another was fetched whole, no temp file is left.
    scan.clock += 1000;
    renameSync(first, join(blobs, SHA256_A));
    put(join(blobs, SHA1_C), 3000);
    const between = await watcher.tick();
    expect(between).toHaveLength(1);
    expect(between[0]).toMatchObject({ id: start?.id, files: [], downloaded: 4000, filesDone: 2 });

    // The next file: the same download goes on, nothing counted anew.
    scan.clock += 1000;
    const next = put(join(blobs, `${SHA256_B}.1234abcd.incomplete`), 500);
    const [going] = await watcher.tick();
    expect(going).toMatchObject({ id: start?.id, downloaded: 4500, filesDone: 2 });
    scan.clock += 1000;
    renameSync(next, join(blobs, SHA256_B));
    await fetchedByThisProcess(claimOfTempPrefix(join(blobs, SHA256_D))!, () =>
      put(join(blobs, SHA256_D), 9000),
    );
    const [last] = await watcher.tick();
    expect(last).toMatchObject({ id: start?.id, files: [], downloaded: 4500, filesDone: 3 });

    // No file of its finished since, nothing else for the pause grace: it has ended, whatever hubget's own runs put
    // beside it.
    scan.clock += EXTERNAL_PAUSE_GRACE_MS;
    await fetchedByThisProcess(claimOfTempPrefix(join(blobs, SHA256_F))!, () =>
      put(join(blobs, SHA256_F), 9000),
    );
    expect(await watcher.tick()).toEqual([]);
    expect(watcher.list()).toEqual([]);
  });
});
