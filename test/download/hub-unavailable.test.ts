/**
 * End to end: when the Hub does not answer (a 5xx, a rate limit or no route, after every retry), a download
 * whose snapshot is on disk answers from it without a file request, as huggingface_hub does
 * (src/transfer/cached-fallback.ts); and it does not when the Hub answers no, when a needed file is not on
 * disk, or when the cache holds a download that never finished.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import type { DownloadRequest } from '../../src/transfer/types.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { rejection } from '../support/rejection.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/kept', repoType: 'model' as const };
let hub: TestHub;
let repo: TestRepo;
const temp = tempDirs('hubdown');

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"kept":1}' },
      { path: 'model.safetensors', size: 200_000 },
      { path: 'README.md', content: '# kept' },
    ],
  });
});
afterEach(() => hub.resetFaults());
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

/** A cache holding the repo without README.md. */
async function cacheWithoutReadme(): Promise<string> {
  const cacheDir = await temp.make();
  await downloadModel(requestFor(hub, REPO, { cacheDir, exclude: ['README.md'] }), testOptions());
  return cacheDir;
}

/** How a download of the repo fails with these request fields. */
const failure = (fields: Partial<DownloadRequest>) =>
  rejection(downloadModel(requestFor(hub, REPO, fields), testOptions()));

const snapshotOf = (cacheDir: string) => join(cacheDir, 'models--org--kept', 'snapshots', repo.commit);

describe('the Hub does not answer', () => {
  it('a 5xx or a rate limit: the snapshot on disk, said in the plan, and not one file request', async () => {
    const cacheDir = await cacheWithoutReadme();
    for (const status of [503, 429]) {
      hub.setFaults({ status: { status, on: 'api', retryAfterSeconds: 0 } });
      hub.requests.length = 0;
      const events: TransferEvent[] = [];
      const result = await downloadModel(
        requestFor(hub, REPO, { cacheDir, exclude: ['README.md'], fromDiskWhenHubDown: true }),
        testOptions(events),
      );
      expect(result.resultPath).toBe(snapshotOf(cacheDir));
      expect(result.downloadedBytes).toBe(0);
      const [plan] = eventsOfType(events, 'plan');
      expect(plan).toMatchObject({ commit: repo.commit, filesTotal: 2, filesPresent: 2 });
      expect(plan?.hubUnavailable, String(status)).toMatch(/./);
      expect(hub.requests.filter((request) => request.path.includes('/resolve/'))).toEqual([]);
      expect(hub.requests.filter((request) => request.host === 'cdn')).toEqual([]);
    }
  });

  it('no route to the Hub: the snapshot on disk too', async () => {
    const cacheDir = await cacheWithoutReadme();
    const request = requestFor(hub, REPO, { cacheDir, exclude: ['README.md'], fromDiskWhenHubDown: true });
    const result = await downloadModel(
      { ...request, hub: { ...request.hub, endpoint: `http://127.0.0.1:${await closedPort()}` } },
      testOptions(),
    );
    expect(result.resultPath).toBe(snapshotOf(cacheDir));
  });

  it('not for a server job, nor for patterns that leave nothing of the snapshot on disk', async () => {
    const cacheDir = await cacheWithoutReadme();
    hub.setFaults({ status: { status: 503, on: 'api' } });
    expect((await failure({ cacheDir, exclude: ['README.md'] })).code).toBe('HUB_HTTP_ERROR');
    // Only README.md would be left, and it was never fetched here: the outage, not "no such file".
    expect((await failure({ cacheDir, include: ['*.md'], fromDiskWhenHubDown: true })).code).toBe(
      'HUB_HTTP_ERROR',
    );
  });

  it('a file that is not on disk fails the run with the Hub’s own error', async () => {
    const cacheDir = await cacheWithoutReadme();
    hub.setFaults({ status: { status: 503, on: 'api' } });
    expect((await failure({ cacheDir, filenames: ['README.md'], fromDiskWhenHubDown: true })).code).toBe(
      'HUB_HTTP_ERROR',
    );
  });

  it('not when the Hub answers no (a 401: not found, or private), nor with an unfinished download of the repo in the cache', async () => {
    const cacheDir = await cacheWithoutReadme();
    hub.setFaults({ status: { status: 401, on: 'api' } });
    expect((await failure({ cacheDir, exclude: ['README.md'], fromDiskWhenHubDown: true })).code).toBe(
      'REPO_NOT_FOUND',
    );

    hub.setFaults({ status: { status: 503, on: 'api' } });
    const readme = repo.files.find((file) => file.path === 'README.md')!;
    // A temp file of another program's download of README.md (huggingface_hub's name: <etag>.incomplete).
    await writeFile(join(cacheDir, 'models--org--kept', 'blobs', `${readme.gitSha1}.incomplete`), '# ke');
    // The commit's listing the first download kept (trees/<commit>.json) says whose it is: README.md, which the
    // request leaves out, so the snapshot on disk answers it.
    const known = await downloadModel(
      requestFor(hub, REPO, { cacheDir, exclude: ['README.md'], fromDiskWhenHubDown: true }),
      testOptions(),
    );
    expect(known.resultPath).toBe(snapshotOf(cacheDir));
    // Without that listing, only the Hub could name the file it was: the Hub's error.
    await rm(join(cacheDir, 'models--org--kept', 'trees'), { recursive: true });
    expect((await failure({ cacheDir, exclude: ['README.md'], fromDiskWhenHubDown: true })).code).toBe(
      'HUB_HTTP_ERROR',
    );
  });
});
