/**
 * The model page's disk verdict for a download into the HF cache (GET /api/hub/repos, each quantization's
 * `fits.disk`) leaves out what the download would hard-link: an LFS blob another repo's folder in the HF cache holds
 * (a fork's weights, docs/cache-hard-links.md), which takes no room, as the preview's `bytesToWrite` does. The free
 * space is given (a disk of 1 kB free); the rest is the real file system.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GGUF_QUANT_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { quantOf, repoPageOf } from './repo-page-reads.js';
import { type Harness, startHarness } from './server-harness.js';

const FREE = 1_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({}, {}, { diskStats: async (path) => ({ path, freeBytes: FREE, totalBytes: 1e9 }) });
  const repo = await h.hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  // A fork's folder in the HF cache holds Q8_0's blob (same content, so the same blob id).
  const q8 = repo.files.find((file) => file.path === GGUF_QUANT_FILES.Q8_0![0])!;
  expect(q8.size).toBeGreaterThan(FREE);
  const forkBlobs = join(h.config.hubCacheDir, 'models--other--tiny-fork', 'blobs');
  await mkdir(forkBlobs, { recursive: true });
  await writeFile(join(forkBlobs, q8.sha256), repo.contentOf(q8.path));
}, 60_000);

afterAll(() => h.cleanup());

describe('GET /api/hub/repos: a quantization another repo’s cache folder holds', () => {
  it('fits a disk with less free space than it: it would be linked', async () => {
    const body = await repoPageOf(h, 'org/tiny-gguf');
    expect(quantOf(body, 'Q8_0')).toMatchObject({ cachedAs: ['other/tiny-fork'], fits: { disk: true } });
    // One it would fetch does not.
    expect(quantOf(body, 'Q2_K').fits.disk).toBe(false);
  });
});
