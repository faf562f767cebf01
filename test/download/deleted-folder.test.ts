/**
 * The download's folder deleted while it runs (`rm -rf …/hub/models--org--l`): the run stops within a resume-map
 * interval instead of fetching the rest of the file into deleted files, fails with DOWNLOAD_DELETED naming the
 * folder, and its last reading counts what is on disk: nothing (the finished file went with the folder too).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheRepoLayout } from '../../src/cache/cache-layout.js';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/gone', repoType: 'model' as const };
const BIG = 3_000_000;
const dirs = tempDirs('deleted-folder');

describe('the download’s folder deleted under it', () => {
  let hub: TestHub;

  beforeAll(async () => {
    // One connection at 1 MB/s: the big file takes 3 s, the small one is done at once.
    hub = await startTestHub({ faults: { perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } } });
    await hub.addRepo({
      repoId: REPO.repoId,
      files: [
        { path: 'config.json', size: 500 },
        { path: 'model.safetensors', size: BIG },
      ],
    });
  });
  afterAll(async () => {
    await hub?.close();
    await dirs.removeAll();
  });

  it('stops at once, says the folder was deleted, and counts nothing on disk', async () => {
    const cacheDir = await dirs.make();
    const repoDir = cacheRepoLayout(cacheDir, REPO).repoDir;
    const events: TransferEvent[] = [];
    let deleted: Promise<void> | undefined;
    let fetchedAtDelete = 0;
    const options = testOptions(events, { connectionsPerFile: 1, maxConcurrentFiles: 2 });
    const onEvent = options.onEvent!;
    options.onEvent = (event) => {
      onEvent(event);
      if (deleted || event.type !== 'progress' || event.filesDone < 1 || event.downloaded < 600_000) return;
      fetchedAtDelete = event.fetchedBytes;
      deleted = rm(repoDir, { recursive: true, force: true });
    };
    const error = await downloadModel(requestFor(hub, REPO, { cacheDir }), options).catch(
      (caught: unknown) => caught,
    );
    await deleted;

    expect(isHubgetError(error, 'DOWNLOAD_DELETED')).toBe(true);
    expect((error as Error).message).toBe(`The download's folder ${repoDir} was deleted while it ran`);
    expect(eventsOfType(events, 'failed').at(-1)!.error.code).toBe('DOWNLOAD_DELETED');
    // Its last reading: what is on disk, the finished config.json included (it went with the folder).
    const last = eventsOfType(events, 'progress').at(-1)!;
    expect(last).toMatchObject({ downloaded: 0, filesDone: 0 });
    expect(last.stoppedFiles ?? []).toEqual([]);
    // Stopped within a map interval or so of the deletion, not after the rest of the 3 MB file.
    expect(fetchedAtDelete).toBeGreaterThan(0);
    expect(last.fetchedBytes).toBeLessThan(fetchedAtDelete + 500_000);
    expect(existsSync(repoDir)).toBe(false);
  });

  it('a temp file deleted alone: named, nothing kept of it, the finished file still counted', async () => {
    const cacheDir = await dirs.make();
    const blobs = join(cacheRepoLayout(cacheDir, REPO).repoDir, 'blobs');
    const events: TransferEvent[] = [];
    let deleted: Promise<void> | undefined;
    const options = testOptions(events, { connectionsPerFile: 1, maxConcurrentFiles: 2 });
    const onEvent = options.onEvent!;
    options.onEvent = (event) => {
      onEvent(event);
      if (deleted || event.type !== 'progress' || event.filesDone < 1 || event.downloaded < 600_000) return;
      deleted = (async () => {
        const { readdir } = await import('node:fs/promises');
        for (const name of await readdir(blobs)) {
          if (name.endsWith('.incomplete')) await rm(join(blobs, name));
        }
      })();
    };
    const error = await downloadModel(requestFor(hub, REPO, { cacheDir }), options).catch(
      (caught: unknown) => caught,
    );
    await deleted;

    expect(isHubgetError(error, 'DOWNLOAD_DELETED')).toBe(true);
    expect((error as Error).message).toBe(
      'The temp file of model.safetensors was deleted while it downloaded',
    );
    expect(eventsOfType(events, 'progress').at(-1)).toMatchObject({ downloaded: 500, filesDone: 1 });
  });
});
