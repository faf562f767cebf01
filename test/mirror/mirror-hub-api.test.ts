/**
 * What a hubget server whose HF_ENDPOINT is a mirror asks besides files: Hub search and the refs call
 * (docs/hub-protocol.md §2.6), passed through to the upstream while it is reachable, so its search and model
 * pages work; offline, refs come from the cache's `refs/` (the branches and pull requests clients resolved
 * through the mirror) and search says it needs the upstream. Loopback only: no network namespace is needed
 * for one client.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scanHubCacheReport } from '../../src/cache/scan-cache.js';
import { getRepoDetails, listRepoRefs, parseRepoRef, searchHub } from '../../src/hub/index.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: 'org/with-refs',
    files: [{ path: 'config.json', content: '{}' }],
    revisions: ['dev', { name: 'refs/pr/4', files: [{ path: 'pr.json', content: '{"pr":4}' }] }],
  });
}, 60_000);

afterAll(() => mirror?.close());

describe('Hub search through the mirror', () => {
  it('passes the upstream answer through, its next-page link pointing back at the mirror', async () => {
    for (let i = 0; i < 3; i++) {
      await mirror.hub.addRepo({
        repoId: `searchable/model-${i}`,
        files: [{ path: 'a.json', content: '{}' }],
      });
    }
    const hub = { endpoint: mirror.mirrorUrl };
    const first = await searchHub(hub, { repoType: 'model', search: 'searchable', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchHub(hub, {
      repoType: 'model',
      search: 'searchable',
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...second.items].map((item) => item.repoId).sort()).toEqual([
      'searchable/model-0',
      'searchable/model-1',
      'searchable/model-2',
    ]);
    const raw = await fetch(`${mirror.mirrorUrl}/api/models?search=searchable&limit=1`);
    expect(raw.headers.get('link')).toContain(mirror.mirrorUrl);
    expect(raw.headers.get('link')).not.toContain(mirror.hub.url);
  });
});

describe('refs through the mirror', () => {
  it('passes the upstream answer through, pull requests included', async () => {
    const refs = await listRepoRefs({
      hub: { endpoint: mirror.mirrorUrl },
      repo: parseRepoRef('org/with-refs'),
    });
    expect(refs.branches.map((ref) => ref.name).sort()).toEqual(['dev', 'main']);
    expect(refs.pullRequests).toEqual([
      { name: 'refs/pr/4', ref: 'refs/pr/4', commit: repo.refs['refs/pr/4'] },
    ]);
    // What a model page asks for works through the mirror as a whole.
    const details = await getRepoDetails({
      hub: { endpoint: mirror.mirrorUrl },
      repo: parseRepoRef('org/with-refs'),
    });
    expect(details.commit).toBe(repo.commit);
    expect(details.refs.pullRequests.map((pr) => pr.name)).toEqual(['refs/pr/4']);
  });

  it('answers offline from the refs clients resolved through it', async () => {
    // A client downloads main and the pull request through the mirror: it stores both refs (and the repo's
    // visibility, which offline answers need).
    for (const revision of ['main', 'refs%2Fpr%2F4']) {
      const info = await fetch(`${mirror.mirrorUrl}/api/models/org/with-refs/revision/${revision}`);
      expect(info.status).toBe(200);
    }
    const file = await fetch(`${mirror.mirrorUrl}/org/with-refs/resolve/main/config.json`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    // A repo of which a client asked only for a file it does not have and for its info: the mirror learnt
    // that the repo is public and stored main's ref (with its empty snapshot folder), but cached nothing.
    await mirror.hub.addRepo({ repoId: 'org/only-asked', files: [{ path: 'a.json', content: '{}' }] });
    expect((await fetch(`${mirror.mirrorUrl}/org/only-asked/resolve/main/missing.json`)).status).toBe(404);
    expect((await fetch(`${mirror.mirrorUrl}/api/models/org/only-asked/revision/main`)).status).toBe(200);
    // The refs it stored leave a cache that huggingface_hub's scan_cache_dir reads: a ref to a commit
    // without its snapshot folder (the pull request's, none of whose files was fetched) makes the whole
    // repo "corrupted" to it, which huggingface_hub avoids by creating the folder before the ref
    // (hubget's scanner warns about it the same way).
    const scan = await scanHubCacheReport(mirror.cacheDir);
    expect(scan.warnings).toEqual([]);
    const offline = await serviceOver(mirror, { offline: true });
    const ask = (pathname: string, query = '') => askService(offline, pathname, { query });
    const refs = await ask('/api/models/org/with-refs/refs', 'include_prs=1');
    expect(refs.status).toBe(200);
    expect(JSON.parse(String(refs.body))).toEqual({
      branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: repo.commit }],
      converts: [],
      tags: [],
      pullRequests: [{ name: '4', ref: 'refs/pr/4', targetCommit: repo.refs['refs/pr/4'] }],
    });
    expect(
      JSON.parse(String((await ask('/api/models/org/with-refs/refs')).body)).pullRequests,
    ).toBeUndefined();
    // The pull request's commit has its (empty) snapshot folder but no file in the cache: offline it is
    // not there, rather than a revision with no files (a client's snapshot download would "succeed" empty).
    const pullRequest = await ask('/api/models/org/with-refs/revision/refs%2Fpr%2F4');
    expect(pullRequest.status).toBe(404);
    expect(String(pullRequest.body)).toMatch(/not in the mirror cache/);
    expect((await ask('/api/models/org/with-refs/revision/main')).status).toBe(200);
    // Search needs the upstream: offline (--mirror-offline) it says so at once, with a status no client
    // retries (mirror-errors.ts offlineRefusal).
    const search = await ask('/api/models', 'search=with-refs');
    expect(search.status).toBe(501);
    expect(String(search.body)).toMatch(/search needs the upstream Hub, and the mirror is offline/);
    // Nothing of it is cached: offline it is unavailable, not a revision that does not exist (404).
    const onlyAsked = await ask('/api/models/org/only-asked/revision/main');
    expect(onlyAsked.status).toBe(501);
    expect(String(onlyAsked.body)).toMatch(/not in the mirror cache, and the mirror is offline/);
    // A repo the mirror never saw: not in its cache, like its info (not "not found, or private").
    const unknown = await ask('/api/models/org/never-seen/refs');
    expect(unknown.status).toBe(501);
    expect(unknown.headers['x-error-code']).toBe('MirrorOffline');
    expect(unknown.status).toBe((await ask('/api/models/org/never-seen')).status);
  });

  it('lists offline as tags the names the upstream called tags', async () => {
    // The cache keeps branches and tags alike (refs/<name>); the mirror asks the upstream's refs once when a
    // client resolves a name it has not seen, and keeps which were tags (src/mirror/tag-store.ts).
    const tagged = await mirror.hub.addRepo({
      repoId: 'org/tagged',
      files: [{ path: 'config.json', content: '{}' }],
      revisions: ['v1.0', 'dev'],
    });
    for (const revision of ['main', 'v1.0', 'dev']) {
      const file = await fetch(`${mirror.mirrorUrl}/org/tagged/resolve/${revision}/config.json`);
      expect(file.status).toBe(200);
      await file.arrayBuffer();
    }
    const offline = await serviceOver(mirror, { offline: true });
    await vi.waitFor(async () => {
      const refs = await askService(offline, '/api/models/org/tagged/refs');
      expect(JSON.parse(String(refs.body))).toEqual({
        branches: [
          { name: 'dev', ref: 'refs/heads/dev', targetCommit: tagged.commit },
          { name: 'main', ref: 'refs/heads/main', targetCommit: tagged.commit },
        ],
        converts: [],
        tags: [{ name: 'v1.0', ref: 'refs/tags/v1.0', targetCommit: tagged.commit }],
      });
    });
  });
});
