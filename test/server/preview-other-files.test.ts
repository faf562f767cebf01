/**
 * POST /api/downloads/preview?otherFiles=true: besides the selection's files, what the destination holds of each
 * other file of the listing (`otherFiles`), by the plan's own checks (present whole, or the bytes an unfinished
 * download there holds), with no more Hub calls than a preview makes. The model page weighs every quantization
 * against the chosen folder's disk by them, not only the one picked.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../src/api-types.js';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { foreignPartialPath } from '../../src/transfer/foreign-partials.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;
let repo: TestRepo;

beforeAll(async () => {
  h = await startHarness();
  repo = await h.hub.addRepo({
    repoId: 'org/quants',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model-Q4.gguf', size: 40_000 },
      { path: 'model-Q8.gguf', size: 80_000 },
    ],
  });
  // The folder `held` holds Q4 whole and 30 kB of Q8, another program's download left unfinished (not written
  // for a while: taken as a fetched prefix).
  const localDir = join(h.config.modelsDir, 'held');
  await downloadModel(
    requestFor(
      h.hub,
      { repoId: 'org/quants', repoType: 'model' },
      {
        localDir,
        cacheDir: h.config.hubCacheDir,
        filenames: ['model-Q4.gguf'],
      },
    ),
    testOptions([]),
  );
  const q8 = repo.files.find((file) => file.path === 'model-Q8.gguf')!;
  const partial = foreignPartialPath(localTempPrefix(localDir, q8.path, q8.sha256));
  await mkdir(dirname(partial), { recursive: true });
  await writeFile(partial, repo.contentOf(q8.path).subarray(0, 30_000));
  const old = new Date(Date.now() - 3_600_000);
  await utimes(partial, old, old);
}, 60_000);

afterAll(() => h.cleanup());

const preview = (query: string, localDir: string) =>
  h.api<PreviewResponse>('POST', `/api/downloads/preview${query}`, {
    repoId: 'org/quants',
    localDir,
    include: ['config.json'],
  });

describe('POST /api/downloads/preview?otherFiles=true', () => {
  it('says what the folder holds of each file the selection leaves out, with one Hub call', async () => {
    h.hub.clearRequests();
    const answer = await preview('?otherFiles=true', 'held');
    expect(answer.status, answer.text).toBe(200);
    expect(h.hub.requests.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`)).toEqual([
      'GET /api/models/org/quants/revision/main',
    ]);
    // The selection and its counts are the download's alone.
    expect(answer.body.files.map((file) => file.path)).toEqual(['config.json']);
    expect(answer.body.totalBytes).toBe(7);
    expect(answer.body.otherFiles).toEqual([
      { path: 'model-Q4.gguf', size: 40_000, present: true, partialBytes: 0 },
      { path: 'model-Q8.gguf', size: 80_000, present: false, partialBytes: 30_000 },
    ]);
  });

  it('says nothing is there of them in another folder, and nothing of them when it is not asked', async () => {
    const empty = await preview('?otherFiles=true', 'empty');
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body.otherFiles).toEqual([
      { path: 'model-Q4.gguf', size: 40_000, present: false, partialBytes: 0 },
      { path: 'model-Q8.gguf', size: 80_000, present: false, partialBytes: 0 },
    ]);
    const plain = await preview('', 'held');
    expect(plain.status, plain.text).toBe(200);
    expect(plain.body.otherFiles).toBeUndefined();
  });
});
