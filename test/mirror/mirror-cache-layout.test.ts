/**
 * What the mirror leaves in its cache is what huggingface_hub leaves: both scanners read it without a
 * warning, whichever way clients named the revisions (docs/hub-disk-layout.md §3.11).
 */
import { scanCacheDir } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanHubCacheReport } from '../../src/cache/scan-cache.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: 'org/by-commit',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'weights.bin', content: Buffer.alloc(4096, 7), lfs: true },
    ],
  });
}, 60_000);

afterAll(() => mirror?.close());

describe('the mirror cache', () => {
  it('reads cleanly in both scanners after files were pulled by commit only', async () => {
    for (const path of ['config.json', 'weights.bin']) {
      const response = await fetch(`${mirror.mirrorUrl}/org/by-commit/resolve/${repo.commit}/${path}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const ours = await scanHubCacheReport(mirror.cacheDir);
    expect(ours.warnings).toEqual([]);
    expect(ours.models.find((model) => model.repoId === 'org/by-commit')?.files).toBe(2);
    const theirs = await scanCacheDir(mirror.cacheDir);
    expect(theirs.warnings.map(String)).toEqual([]);
    expect(theirs.repos.find((cached) => cached.id.name === 'org/by-commit')?.filesCount).toBe(2);
  });
});
