/**
 * GET /api/hub/repos and /api/hub/search count what the local dirs under the models folder hold, by `hubget info`'s
 * and `hubget search`'s rules (LocalCopies.holding, src/models/repo-copies.ts): a file or quantization that only a
 * folder holds is here, with the folder named (`localDirs`, `copies`), and a half-done download of the other layout
 * in such a folder counts in the page's "to fetch" as the preview's `bytesToFetch` counts it.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSearchResponse, JobView, PreviewResponse } from '../../src/api-types.js';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import { leavePartial } from '../download/partial-files.js';
import { GGUF_QUANT_FILES, GGUF_SMALL_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import type { TestRepo } from '../hub/repo-store.js';
import { fileOf, quantOf, repoPageOf } from './repo-page-reads.js';
import { waitForJob } from './serve-process.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;
let repo: TestRepo;

async function download(body: Record<string, unknown>): Promise<void> {
  const created = await h.api<JobView>('POST', '/api/downloads', { repoId: 'org/tiny-gguf', ...body });
  expect(created.status, created.text).toBe(201);
  await waitForJob(h.server.url, created.body.id, (job) => job.state === 'completed');
}

const page = () => repoPageOf(h, 'org/tiny-gguf');

beforeAll(async () => {
  h = await startHarness();
  repo = await h.hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  // Q2_K in the HF cache; Q6_K only in the folder `tiny` under the models folder.
  await download({ include: [...GGUF_QUANT_FILES.Q2_K!, ...GGUF_SMALL_FILES] });
  await download({ include: GGUF_QUANT_FILES.Q6_K!, localDir: 'tiny' });
}, 60_000);

afterAll(() => h.cleanup());

describe('GET /api/hub/repos: what the local dirs hold', () => {
  it('names the folder that holds a file or a quantization the HF cache lacks', async () => {
    const body = await page();
    expect(body.installed?.location).toBe('cache');
    for (const path of GGUF_QUANT_FILES.Q6_K!) {
      expect(fileOf(body, path)).toMatchObject({ onDisk: false, localDirs: ['tiny'], partialBytes: 0 });
    }
    expect(fileOf(body, GGUF_QUANT_FILES.Q2_K![0]!)).toMatchObject({ onDisk: true, localDirs: [] });
    expect(quantOf(body, 'Q6_K').localDirs).toEqual(['tiny']);
    expect(quantOf(body, 'Q2_K').localDirs).toEqual([]);
    expect(quantOf(body, 'Q8_0').localDirs).toEqual([]);
  });

  it('counts a folder Python made (no hubget marker) by the blob ids its records name', async () => {
    const marker = join(h.config.modelsDir, 'tiny', '.cache', 'huggingface', 'hubget.json');
    const text = await readFile(marker, 'utf8');
    await rm(marker);
    try {
      expect(quantOf(await page(), 'Q6_K').localDirs).toEqual(['tiny']);
    } finally {
      await writeFile(marker, text);
    }
  });

  it("leaves out of the bytes to fetch another layout's half-done file, as the preview does", async () => {
    // huggingface_hub's local_dir download of Q8_0 into `half`, killed a third of the way.
    const q8 = repo.files.find((file) => file.path === GGUF_QUANT_FILES.Q8_0![0])!;
    const prefix = localTempPrefix(join(h.config.modelsDir, 'half'), q8.path, q8.sha256);
    const taken = Math.floor(q8.size / 3);
    await leavePartial(`${prefix}.0badcafe.incomplete`, repo.contentOf(q8.path).subarray(0, taken));

    const body = await page();
    expect(fileOf(body, q8.path)).toMatchObject({ onDisk: false, localDirs: [], partialBytes: taken });
    // What the page's Download into the HF cache fetches: neither on disk, nor copied from a folder, nor resumed.
    const toFetch = body.files.reduce(
      (sum, file) => sum + (file.onDisk || file.localDirs.length > 0 ? 0 : file.size - file.partialBytes),
      0,
    );
    const preview = await h.api<PreviewResponse>('POST', '/api/downloads/preview', {
      repoId: 'org/tiny-gguf',
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.copiedBytes).toBe(quantOf(body, 'Q6_K').totalBytes);
    expect(toFetch).toBe(preview.body.bytesToFetch);
  });
});

describe('GET /api/hub/search: what the local dirs hold', () => {
  it('adds the quantizations and the folder of a local-dir download of the repo to its copy in the HF cache', async () => {
    const answer = await h.api<HubSearchResponse>('GET', '/api/hub/search?q=tiny');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.items.find((item) => item.repoId === 'org/tiny-gguf')).toMatchObject({
      installed: true,
      copies: [
        { location: 'cache', localFolder: null },
        { location: 'local', localFolder: 'tiny' },
      ],
      installedQuants: ['Q2_K', 'Q6_K'],
    });
  });
});
