/**
 * A client that only fetches files through the mirror (hf_hub_download, transformers: no info call) leaves
 * `refs/main` in the mirror's cache, so the repo still resolves by branch when the upstream is gone.
 * Loopback only: the "unreachable" upstream is a closed port on 127.0.0.1.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MirrorService } from '../../src/mirror/index.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

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

  const service = new MirrorService({
    upstreamEndpoint: 'http://127.0.0.1:1',
    offline: false,
    cacheDir: mirror.cacheDir,
    visibilityPath: join(mirror.dir, 'data', 'mirror-repos.json'),
    fetcher: { fetch: () => Promise.reject(new Error('the upstream is gone')) },
  });
  await service.start();
  const answer = await service.handle({
    method: 'GET',
    pathname: '/org/files-only/resolve/main/config.json',
    query: '',
    client: 'test',
    baseUrl: 'http://mirror/hf',
  });
  expect(answer.status).toBe(200);
  expect(answer.headers['x-repo-commit']).toBe(commit);
});
