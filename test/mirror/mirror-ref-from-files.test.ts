/**
 * A client that only fetches files through the mirror (hf_hub_download, transformers: no info call) leaves
 * `refs/main` in the mirror's cache, so the repo still resolves by branch when the upstream is gone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({ repoId: 'org/files-only', files: [{ path: 'config.json', content: '{}' }] });
}, 60_000);

afterAll(() => mirror?.close());

it('stores refs/main when a client resolves a file by branch, and serves it by branch offline', async () => {
  const fetched = await fetch(`${mirror.mirrorUrl}/org/files-only/resolve/main/config.json`);
  expect(fetched.status).toBe(200);
  await fetched.arrayBuffer();
  const commit = fetched.headers.get('x-repo-commit');
  expect(await readFile(join(mirror.cacheDir, 'models--org--files-only', 'refs', 'main'), 'utf8')).toBe(
    commit,
  );

  const answer = await askService(await serviceOver(mirror), '/org/files-only/resolve/main/config.json');
  expect(answer.status).toBe(200);
  expect(answer.headers['x-repo-commit']).toBe(commit);
});
