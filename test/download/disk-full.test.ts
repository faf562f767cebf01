/**
 * A real full disk, not a simulated one: the cache lives on a 2 MiB tmpfs. The preflight must refuse
 * before the first byte; a disk that fills up mid-download (another program wrote to it after the
 * preflight) must end in DISK_FULL with nothing at a final path and the partial file kept; once space is
 * freed, the same download finishes. Needs root for mount(8): CI and the dev machines run as root; where
 * mounting is not allowed the suite is skipped rather than faked, except in CI, where that is a failure
 * (test/support/setup-required.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { describeWithSetup } from '../support/setup-required.js';
import {
  eventsOfType,
  fileRequests,
  makeTempDir,
  removeDir,
  requestFor,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/too-big', repoType: 'model' as const };
const FILE_BYTES = 6_000_000;

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const parent = await makeTempDir('disk-full');
const mountPoint = join(parent, 'small-disk');
mkdirSync(mountPoint);
const mounted = process.getuid?.() === 0 && tryMount(mountPoint, '2m');

const describeOnFullDisk = describeWithSetup(
  mounted,
  'cannot mount a tmpfs (needs root with CAP_SYS_ADMIN and mount(8))',
);

describeOnFullDisk('a full disk (2 MiB tmpfs)', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ faults: { perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } } });
    await hub.addRepo({ repoId: REPO.repoId, files: [{ path: 'model.safetensors', size: FILE_BYTES }] });
  });
  afterAll(async () => {
    await hub?.close();
    if (mounted) execFileSync('umount', [mountPoint]);
    await removeDir(parent);
  });

  it('refuses before the first byte, naming the size needed and the space free', async () => {
    const cacheDir = join(mountPoint, 'preflight');
    hub.clearRequests();
    const error = await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions()).catch(
      (caught: unknown) => caught,
    );
    expect(isHubgetError(error, 'DISK_FULL')).toBe(true);
    expect((error as Error).message).toMatch(/needs .* free/);
    expect((error as Error).message).toContain(mountPoint);
    expect(fileRequests(hub).filter((entry) => entry.host === 'cdn')).toHaveLength(0);
  });

  it('counts the copies a local dir takes from the HF cache: refuses before writing when they do not fit', async () => {
    // The repo is complete in an HF cache on another disk; the local dir is on the small one.
    const cacheDir = join(parent, 'roomy-cache');
    await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions());
    const localDir = join(mountPoint, 'local-from-cache');
    hub.clearRequests();
    const error = await downloadModel(requestFor(hub, REPO, { cacheDir, localDir }), testOptions()).catch(
      (caught: unknown) => caught,
    );
    expect(isHubgetError(error, 'DISK_FULL')).toBe(true);
    expect((error as Error).message).toMatch(/needs 6\.00 MB, .* free at /);
    expect(existsSync(localDir)).toBe(false);
    expect(fileRequests(hub).filter((entry) => entry.host === 'cdn')).toHaveLength(0);
  });

  it('a copy from the HF cache that meets a full disk fails with DISK_FULL and leaves nothing behind', async () => {
    const cacheDir = join(parent, 'roomy-cache');
    const localDir = join(mountPoint, 'local-copy-fails');
    hub.clearRequests();
    const events: TransferEvent[] = [];
    // skipDiskCheck stands for "the preflight passed, then another program filled the disk".
    const error = await downloadModel(
      requestFor(hub, REPO, { cacheDir, localDir }),
      testOptions(events, { skipDiskCheck: true }),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'DISK_FULL'), String(error)).toBe(true);
    // Not fetched instead (the network copy would fill the disk just the same), and no partial copy stays.
    expect(fileRequests(hub).filter((entry) => entry.host === 'cdn')).toHaveLength(0);
    const leftovers = await readdir(join(localDir, '.cache', 'huggingface', 'download'), { recursive: true });
    expect(leftovers).toEqual([]);
    expect(existsSync(join(localDir, 'model.safetensors'))).toBe(false);
  });

  it('a disk full before the first resume-map write keeps no temp file: nothing resumes from it', async () => {
    const cacheDir = join(mountPoint, 'before-map');
    const events: TransferEvent[] = [];
    const options = testOptions(events, { skipDiskCheck: true, connectionsPerFile: 2 });
    // The first map write comes long after the 2 MiB are full (2 MB/s): the map cannot be written then.
    options.transfer = {
      ...options.transfer,
      tuning: { minSegmentBytes: 16 * 1024, resumeMapIntervalMs: 60_000 },
    };
    const error = await downloadModel(requestFor(hub, REPO, { cacheDir }), options).catch(
      (caught: unknown) => caught,
    );
    expect(isHubgetError(error, 'DISK_FULL'), String(error)).toBe(true);
    // Bytes without a map were kept, not resumable, and read as another program's stalled download.
    const blobs = await readdir(join(cacheDir, 'models--org--too-big', 'blobs'));
    expect(blobs).toEqual([]);
    // Nothing counted as kept (the failed job's "Retry resumes it (… kept)").
    expect(eventsOfType(events, 'progress').at(-1)).toMatchObject({ downloaded: 0 });
  });

  it('fails clearly when the disk fills up mid-download, keeps the partial file, and resumes once space is freed', async () => {
    const cacheDir = join(mountPoint, 'midway');
    const events: TransferEvent[] = [];
    // skipDiskCheck stands for "the preflight passed, then another program filled the disk".
    const error = await downloadModel(
      requestFor(hub, REPO, { cacheDir }),
      // Two connections at 1 MB/s each: the resume map is saved (every 50 ms here) while space remains.
      testOptions(events, { skipDiskCheck: true, connectionsPerFile: 2 }),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'DISK_FULL')).toBe(true);
    // A write names no path itself: the message says which file, and where it was written.
    expect((error as Error).message).toMatch(
      new RegExp(
        `^No space left on device in ${cacheDir}/models--org--too-big/blobs while writing model\\.safetensors$`,
      ),
    );
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'DISK_FULL' } });

    const repoDir = join(cacheDir, 'models--org--too-big');
    const blobs = await readdir(join(repoDir, 'blobs'));
    // Nothing verified-looking: only hubget's temp file and its resume map.
    expect(blobs.every((name) => name.includes('.incomplete'))).toBe(true);
    const snapshots = join(repoDir, 'snapshots');
    const snapshotFiles = existsSync(snapshots) ? await readdir(snapshots, { recursive: true }) : [];
    expect(snapshotFiles.filter((name) => name.endsWith('model.safetensors'))).toHaveLength(0);

    execFileSync('mount', ['-o', 'remount,size=16m', mountPoint]);
    hub.clearRequests();
    const result = await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions());
    // What reached the disk before it filled up (about 2 MiB) is not fetched again.
    expect(result.downloadedBytes).toBeLessThan(FILE_BYTES - 1_500_000);
    expect(existsSync(join(result.resultPath, 'model.safetensors'))).toBe(true);
  });
});
