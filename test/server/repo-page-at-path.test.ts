/**
 * GET /api/hub/repos: a folder that holds a file's content at another path (a Python-made folder whose record names
 * the same blob under another name) is among the file's `localDirs` (a download into the HF cache copies from it)
 * but not its `localDirsAtPath`: a download into that folder writes the file at its own path, which it lacks, so
 * the model page's Folder destination does not count the file as held there.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, PreviewResponse } from '../../src/api-types.js';
import { GGUF_QUANT_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { fileOf, repoPageOf } from './repo-page-reads.js';
import { waitForJob } from './serve-process.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;
const [first, second] = GGUF_QUANT_FILES.Q6_K!;

beforeAll(async () => {
  h = await startHarness();
  await h.hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  const created = await h.api<JobView>('POST', '/api/downloads', {
    repoId: 'org/tiny-gguf',
    include: GGUF_QUANT_FILES.Q6_K!,
    localDir: 'tiny',
  });
  expect(created.status, created.text).toBe(201);
  await waitForJob(h.server.url, created.body.id, (job) => job.state === 'completed');
  // As Python would leave it: no hubget marker, and the second part (with its record) under another name.
  const tiny = join(h.config.modelsDir, 'tiny');
  const records = join(tiny, '.cache', 'huggingface', 'download');
  await rm(join(records, '..', 'hubget.json'));
  const moved = `old/${second}`;
  await mkdir(dirname(join(tiny, moved)), { recursive: true });
  await mkdir(dirname(join(records, moved)), { recursive: true });
  await rename(join(tiny, second!), join(tiny, moved));
  await rename(join(records, `${second}.metadata`), join(records, `${moved}.metadata`));
}, 60_000);

afterAll(() => h.cleanup());

describe('GET /api/hub/repos: a folder holding a file at another path', () => {
  it('names it in localDirs but not in localDirsAtPath, as the preview into it says', async () => {
    const body = await repoPageOf(h, 'org/tiny-gguf');
    expect(fileOf(body, first!)).toMatchObject({ localDirs: ['tiny'], localDirsAtPath: ['tiny'] });
    expect(fileOf(body, second!)).toMatchObject({ localDirs: ['tiny'], localDirsAtPath: [] });

    const preview = await h.api<PreviewResponse>('POST', '/api/downloads/preview', {
      repoId: 'org/tiny-gguf',
      include: GGUF_QUANT_FILES.Q6_K!,
      localDir: 'tiny',
    });
    expect(preview.body.files.map((file) => [file.path, file.present])).toEqual([
      [first, true],
      [second, false],
    ]);
  });
});
