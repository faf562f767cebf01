/**
 * GET /api/hub/repos counts as here what a download into the HF cache would copy rather than fetch, as the preview
 * does: a blob another repo's folder in the HF cache holds (a fork's: `cachedAs`, OtherRepoBlobs.holding, `hubget
 * info`'s `cached as`), and what the models folder itself holds when it is a local-dir download (`localDirs` names
 * it `.`, MODELS_DIR_ITSELF). The page's "to fetch" is then the preview's `bytesToFetch`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResponse, RepoPageResponse } from '../../src/api-types.js';
import { MODELS_DIR_ITSELF } from '../../src/cache/local-dir-folder.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { GGUF_QUANT_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import type { TestRepo } from '../hub/repo-store.js';
import { fileOf, quantOf, repoPageOf } from './repo-page-reads.js';
import { type Harness, startHarness } from './server-harness.js';

const REPO = { repoId: 'org/tiny-gguf', repoType: 'model' as const };
let h: Harness;
let repo: TestRepo;

const page = () => repoPageOf(h, 'org/tiny-gguf');

/** What the page's Download into the HF cache fetches: neither on disk, nor copied, less what it resumes. */
const toFetchOf = (body: RepoPageResponse) =>
  body.files.reduce(
    (sum, file) =>
      sum +
      (file.onDisk || file.localDirs.length > 0 || file.cachedAs.length > 0
        ? 0
        : file.size - file.partialBytes),
    0,
  );

beforeAll(async () => {
  h = await startHarness();
  repo = await h.hub.addRepo(ggufRepoSpec(REPO.repoId));
  // A fork's folder in the HF cache holds Q8_0's blob (same content, so the same blob id).
  const q8 = repo.files.find((file) => file.path === GGUF_QUANT_FILES.Q8_0![0])!;
  const forkBlobs = join(h.config.hubCacheDir, 'models--other--tiny-fork', 'blobs');
  await mkdir(forkBlobs, { recursive: true });
  await writeFile(join(forkBlobs, q8.sha256), repo.contentOf(q8.path));
  // The models folder itself is a local-dir download of Q6_K (`hf download --local-dir ~/models`).
  await downloadModel(
    requestFor(h.hub, REPO, { localDir: h.config.modelsDir, include: GGUF_QUANT_FILES.Q6_K! }),
    testOptions(),
  );
}, 60_000);

afterAll(() => h.cleanup());

describe('GET /api/hub/repos: what a download into the HF cache copies', () => {
  it("names the other repo whose HF cache folder holds a file's blob, and counts it as here", async () => {
    const body = await page();
    const q8 = GGUF_QUANT_FILES.Q8_0![0]!;
    expect(fileOf(body, q8)).toMatchObject({ onDisk: false, localDirs: [], cachedAs: ['other/tiny-fork'] });
    expect(quantOf(body, 'Q8_0').cachedAs).toEqual(['other/tiny-fork']);
    expect(quantOf(body, 'Q2_K').cachedAs).toEqual([]);
  });

  it('names the models folder itself when it is the local dir that holds a file', async () => {
    const body = await page();
    for (const path of GGUF_QUANT_FILES.Q6_K!) {
      expect(fileOf(body, path)).toMatchObject({ onDisk: false, localDirs: [MODELS_DIR_ITSELF] });
    }
    expect(quantOf(body, 'Q6_K').localDirs).toEqual([MODELS_DIR_ITSELF]);
  });

  it("leaves out of the bytes to fetch what the preview copies, the fork's blob and the models folder's files", async () => {
    const body = await page();
    const preview = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: REPO.repoId });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.copiedBytes).toBe(
      quantOf(body, 'Q8_0').totalBytes + quantOf(body, 'Q6_K').totalBytes,
    );
    expect(toFetchOf(body)).toBe(preview.body.bytesToFetch);
  });
});
