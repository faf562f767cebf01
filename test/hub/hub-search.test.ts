/** Hub search, refs and repo details (src/hub) against the test hub's /api/models, /refs and /resolve/. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import {
  getRepoDetails,
  type HubConfig,
  listRepoRefs,
  parseRepoRef,
  README_MAX_BYTES,
  searchHub,
} from '../../src/hub/index.js';
import { rejection } from '../support/rejection.js';
import { GGUF_README, ggufRepoSpec } from './gguf-fixtures.js';
import { startTestHub, type TestHub } from './test-hub.js';

let hub: TestHub;
let config: HubConfig;

beforeAll(async () => {
  hub = await startTestHub();
  config = { endpoint: hub.url };
  await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  for (let i = 0; i < 5; i++) {
    await hub.addRepo({
      repoId: `other/model-${i}`,
      meta: { downloads: i * 10, likes: 10 - i, tags: i % 2 ? ['diffusers'] : ['text-generation'] },
      revisions: i === 0 ? ['dev', 'v1.0', 'refs/pr/2', 'refs/pr/10'] : [],
      files: [{ path: 'model.safetensors', content: 'x' }],
    });
  }
  await hub.addRepo({ repoId: 'org/secret', private: true, files: [{ path: 'a', content: 'a' }] });
  await hub.addRepo({ repoId: 'org/data', repoType: 'dataset', files: [{ path: 'd.csv', content: 'a,b' }] });
  await hub.addRepo({
    repoId: 'org/huge-card',
    files: [{ path: 'README.md', content: `# Big\n\n${'word '.repeat(150_000)}` }],
  });
});

afterAll(() => hub.close());

describe('searchHub', () => {
  it('searches, filters and sorts like the Hub', async () => {
    const page = await searchHub(config, { repoType: 'model', search: 'model-', sort: 'downloads' });
    expect(page.items.map((item) => item.repoId)).toEqual([
      'other/model-4',
      'other/model-3',
      'other/model-2',
      'other/model-1',
      'other/model-0',
    ]);
    const liked = await searchHub(config, { repoType: 'model', author: 'other', sort: 'likes', limit: 2 });
    expect(liked.items.map((item) => item.repoId)).toEqual(['other/model-0', 'other/model-1']);
    const diffusers = await searchHub(config, { repoType: 'model', filter: ['diffusers'] });
    expect(diffusers.items.map((item) => item.repoId).sort()).toEqual(['other/model-1', 'other/model-3']);
    const gguf = await searchHub(config, { repoType: 'model', filter: ['gguf'] });
    expect(gguf.items).toEqual([
      expect.objectContaining({
        repoId: 'org/tiny-gguf',
        author: 'org',
        downloads: 5000,
        likes: 42,
        pipelineTag: 'text-generation',
        libraryName: 'gguf',
        gated: false,
        private: false,
      }),
    ]);
    expect(gguf.items[0]!.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('follows the Link cursor page by page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await searchHub(config, {
        repoType: 'model',
        author: 'other',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((item) => item.repoId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('searches datasets, hides private repos without a token, and encodes odd characters', async () => {
    const datasets = await searchHub(config, { repoType: 'dataset', search: 'data' });
    expect(datasets.items.map((item) => item.repoId)).toEqual(['org/data']);
    expect((await searchHub(config, { repoType: 'model', search: 'secret' })).items).toEqual([]);
    const withToken = await searchHub(
      { ...config, token: hub.token },
      { repoType: 'model', search: 'secret' },
    );
    expect(withToken.items.map((item) => item.private)).toEqual([true]);

    hub.clearRequests();
    const odd = 'a&b=c/../x?#%20 ü';
    expect((await searchHub(config, { repoType: 'model', search: odd })).items).toEqual([]);
    const sent = new URL(hub.requests[0]!.path, hub.url);
    expect(sent.pathname).toBe('/api/models');
    expect(sent.searchParams.get('search')).toBe(odd);
    expect(sent.searchParams.get('direction')).toBe('-1');
  });

  it('turns a 429 into RATE_LIMITED with the retry time, and refuses offline', async () => {
    hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30 } });
    try {
      const error = await rejection(
        searchHub(config, { repoType: 'model' }, { retry: { maxConsecutiveFailures: 1 } }),
      );
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toMatch(/retry in 31 s/);
    } finally {
      hub.resetFaults();
    }
    const offline = await rejection(searchHub({ ...config, offline: true }, { repoType: 'model' }));
    expect(offline.code).toBe('OFFLINE_MODE');
  });
});

describe('repo details', () => {
  it('lists branches', async () => {
    const refs = await listRepoRefs({ hub: config, repo: parseRepoRef('other/model-0') });
    expect(refs.branches.map((ref) => ref.name).sort()).toEqual(['dev', 'main']);
    expect(refs.tags.map((ref) => [ref.name, ref.ref])).toEqual([['v1.0', 'refs/tags/v1.0']]);
    expect(refs.branches[0]!.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('lists pull requests newest first, each named by the revision to ask for', async () => {
    const refs = await listRepoRefs({ hub: config, repo: parseRepoRef('other/model-0') });
    expect(refs.pullRequests.map((pr) => [pr.name, pr.ref])).toEqual([
      ['refs/pr/10', 'refs/pr/10'],
      ['refs/pr/2', 'refs/pr/2'],
    ]);
    // The pull requests are not branches, and a repo without any lists none.
    expect(refs.branches.map((ref) => ref.name)).not.toContain('refs/pr/2');
    expect((await listRepoRefs({ hub: config, repo: parseRepoRef('other/model-1') })).pullRequests).toEqual(
      [],
    );
  });

  it('reads metadata, files, refs and the model card', async () => {
    const details = await getRepoDetails({ hub: config, repo: parseRepoRef('org/tiny-gguf') });
    expect(details.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(details.pipelineTag).toBe('text-generation');
    expect(details.files.map((file) => file.path)).toContain('IQ4_XS/Tiny-00001-of-00002.gguf');
    expect(details.readme).toEqual({ text: GGUF_README, truncated: false });
    expect(details.refs.branches.map((ref) => ref.name)).toEqual(['main']);
  });

  it('caps a huge model card', async () => {
    const details = await getRepoDetails({ hub: config, repo: parseRepoRef('org/huge-card') });
    expect(details.readme?.truncated).toBe(true);
    expect(Buffer.byteLength(details.readme!.text)).toBeLessThanOrEqual(README_MAX_BYTES);
    expect(details.readme!.text.startsWith('# Big')).toBe(true);
  });

  it('says not found for an unknown repo and for a private one without token', async () => {
    const missing = await rejection(
      getRepoDetails({ hub: config, repo: parseRepoRef('org/nope'), retry: { maxConsecutiveFailures: 1 } }),
    );
    expect(missing.code).toBe('REPO_NOT_FOUND');
    const secret = await rejection(
      getRepoDetails({ hub: config, repo: parseRepoRef('org/secret'), retry: { maxConsecutiveFailures: 1 } }),
    );
    expect(isHubgetError(secret, 'REPO_NOT_FOUND')).toBe(true);
    expect(secret.message).toMatch(/token/);
  });
});
