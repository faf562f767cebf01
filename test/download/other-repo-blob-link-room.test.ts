/**
 * A fork's weights another repo's folder of the HF cache holds are linked, which takes no room
 * (src/transfer/link-other-repo-blob.ts, docs/cache-hard-links.md): the plan counts them apart (`linkedBytes`), the
 * free-space check (the engine's preflight, the server's preview) leaves them out of the bytes to write, and a fork
 * on a disk with less free space than its weights downloads and links them. The words say so: the plan line, the
 * `--dry-run` summary. Free space is given (`freeBytes`, `diskStats`); everything else is the real file system.
 */
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobPath, cacheRepoLayout } from '../../src/cache/cache-layout.js';
import { formatDryRun } from '../../src/cli/format-dry-run.js';
import { planLine } from '../../src/cli/renderers/event-lines.js';
import { createDefaultJobRunner } from '../../src/jobs/default-job-runner.js';
import { previewJob } from '../../src/jobs/job-preview.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { bytesToWrite, planDownload } from '../../src/transfer/plan-download.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { addWeightsAndFork, BASE, FORK, GENERATION, WEIGHTS_SIZE } from './fork-repos.js';

/** Free space far below the weights, above the two small files the base repo writes (its config, a copy). */
const FREE = 1_000;

let hub: TestHub;
let base: TestRepo;
const dirs = tempDirs('other-repo-blob-link-room');

beforeAll(async () => {
  hub = await startTestHub();
  base = await addWeightsAndFork(hub);
});
afterAll(async () => {
  await hub?.close();
  await dirs.removeAll();
});

async function cacheWithFork(): Promise<string> {
  const cacheDir = await dirs.make();
  await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
  hub.clearRequests();
  return cacheDir;
}

const weightsBlob = () => base.files.find((file) => file.path === 'weights.bin')!.sha256;

describe('weights another repo’s cache folder holds', () => {
  it('need no room: the plan counts them linked, and the bytes to write leave them out', async () => {
    const cacheDir = await cacheWithFork();
    const plan = await planDownload(requestFor(hub, BASE, { cacheDir }));
    expect(plan.copiedBytes).toBe(WEIGHTS_SIZE + GENERATION.length);
    expect(plan.linkedBytes).toBe(WEIGHTS_SIZE);
    // The config fetched and the generation config copied (a regular file is never linked).
    expect(bytesToWrite(plan)).toBe(plan.bytesToFetch + GENERATION.length);
    expect(formatDryRun(plan).at(-1)).toMatch(
      /: \d+ B to download, 300\.02 kB to copy \(300\.00 kB of it linked: no room taken\), 0 B already present/,
    );
  });

  it('download on a disk with less free space than they take, and are linked', async () => {
    const cacheDir = await cacheWithFork();
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(hub, BASE, { cacheDir }),
      testOptions(events, { freeBytes: async () => FREE }),
    );

    const [ours, theirs] = await Promise.all([
      stat(blobPath(cacheRepoLayout(cacheDir, BASE), weightsBlob())),
      stat(blobPath(cacheRepoLayout(cacheDir, FORK), weightsBlob())),
    ]);
    expect(ours.ino).toBe(theirs.ino);
    expect(hub.bytesServed(`${BASE.repoId}/weights.bin`)).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + GENERATION.length);
    const plan = events.find((event) => event.type === 'plan');
    expect(plan).toMatchObject({ copiedBytes: WEIGHTS_SIZE + GENERATION.length, linkedBytes: WEIGHTS_SIZE });
    const planned = plan as Extract<TransferEvent, { type: 'plan' }>;
    expect(planLine(planned)).toContain(
      'copying 2 files (300.02 kB, 300.00 kB of it linked: no room taken) from other/fork in the HF cache',
    );
    // Only linked files: nothing is copied.
    expect(planLine({ ...planned, filesCopied: 1, copiedBytes: WEIGHTS_SIZE })).toContain(
      '; linking 1 file (300.00 kB, no room taken) from other/fork in the HF cache',
    );
  });

  it('are left out of the server preview’s bytes to write: no "not enough free disk space"', async () => {
    const cacheDir = await cacheWithFork();
    const preview = await previewJob(
      { repoId: BASE.repoId, repoType: 'model', revision: 'main', include: [], exclude: [], localDir: null },
      requestFor(hub, BASE, { cacheDir }),
      {
        runner: createDefaultJobRunner(),
        hubCacheDir: cacheDir,
        hasToken: false,
        diskStats: async (path) => ({ path, freeBytes: FREE, totalBytes: 10 * FREE }),
      },
    );
    expect(preview).toMatchObject({
      copiedBytes: WEIGHTS_SIZE + GENERATION.length,
      linkedBytes: WEIGHTS_SIZE,
      bytesToWrite: preview.bytesToFetch + GENERATION.length,
      message: null,
    });
  });
});
