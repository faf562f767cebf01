/**
 * A job's repo folder deleted while it runs (`rm -rf …/hub/models--org--l`), with the real engine against the
 * test hub: the job fails at once with DOWNLOAD_DELETED in words, and shows what is on disk (nothing), not the
 * whole file it used to go on fetching into the deleted temp file.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const DATA = 3_000_000;

let hub: TestHub;
const engines = engineServices('deleted-folder');

beforeAll(async () => {
  hub = await startTestHub({ faults: { perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } } });
  await hub.addRepo({
    repoId: 'org/l',
    files: [
      { path: 'README.md', content: 'hi!\n' },
      { path: 'data.bin', size: DATA },
    ],
  });
});

afterAll(() => hub.close());
afterEach(() => engines.stopAll());

describe('a job whose repo folder is deleted while it runs', () => {
  it('fails with DOWNLOAD_DELETED naming the folder, and shows nothing on disk', async () => {
    const service = await engines.start(hub.url, {
      progressFiles: false,
      tickIntervalMs: 100,
      connectionsPerFile: 1,
    });
    const { job } = await service.create({ repoId: 'org/l' });
    await waitFor(() => service.get(job.id)!.downloaded > 500_000, 'part-way', 20_000);
    const repoDir = join(engines.dir, 'cache', 'models--org--l');
    // As `rm -rf` run again: the running job may write its resume map between the listing and the rmdir of
    // blobs/ (a CI run: ENOTEMPTY), so the delete retries as Node's rm does on ENOTEMPTY.
    await rm(repoDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    const servedAtDelete = hub.bytesServed('data.bin');
    await waitFor(() => service.get(job.id)!.state === 'failed', 'failed', 20_000);
    expect(service.get(job.id)).toMatchObject({
      error: {
        code: 'DOWNLOAD_DELETED',
        message: `The download's folder ${repoDir} was deleted while it ran`,
      },
      downloaded: 0,
      filesDone: 0,
    });
    // Each file's row says so too: README.md was finished, and went with the folder.
    expect(service.files(job.id).map(({ path, state, downloaded }) => [path, state, downloaded])).toEqual([
      ['README.md', 'failed', 0],
      ['data.bin', 'failed', 0],
    ]);
    expect(service.get(job.id)!.fetchedBytes!).toBeGreaterThan(500_000);
    // It stopped: not the rest of the 3 MB (bytes in flight at the deletion aside).
    expect(hub.bytesServed('data.bin')).toBeLessThan(servedAtDelete + 1_000_000);
  }, 60_000);
});
