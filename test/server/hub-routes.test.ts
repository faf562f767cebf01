/**
 * /api/hub/search and /api/hub/repos against the real server and the test hub: results with installed
 * marks, the 60 s cache, the token staying server-side, 429 and offline answers, the model page's data
 * (GGUF quantizations, groups, branches, card), bad input, and a 10 000-file repo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubAccountView, HubSearchResponse, RepoPageResponse } from '../../src/api-types.js';
import { GGUF_QUANT_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  await h.hub.addRepo({ repoId: 'org/secret', private: true, files: [{ path: 'a.txt', content: 'a' }] });
  await h.hub.addRepo({
    repoId: 'org/gated',
    gated: true,
    files: [
      { path: 'README.md', content: '# gated' },
      { path: 'model.safetensors', size: 20_000 },
    ],
  });
  await h.hub.addRepo({ repoId: 'org/gated-empty', gated: true, files: [] });
  await h.hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.safetensors', size: 20_000 }],
  });
  await h.hub.addRepo({
    repoId: 'org/with-pr',
    files: [{ path: 'model.safetensors', size: 1000 }],
    revisions: [{ name: 'refs/pr/3', files: [{ path: 'model-converted.safetensors', size: 900 }] }],
  });
  await h.hub.addRepo({
    repoId: 'org/many-files',
    files: Array.from({ length: 10_000 }, (_, i) => ({
      path: `shards/part-${String(i).padStart(5, '0')}.txt`,
      content: `${i}`,
    })),
  });
}, 120_000);

afterAll(() => h.cleanup());

const searchRequests = () => h.hub.requests.filter((entry) => entry.path.startsWith('/api/models?'));

describe('GET /api/hub/search', () => {
  it('answers results with installed marks, and caches identical queries', async () => {
    h.hub.clearRequests();
    const first = await h.api<HubSearchResponse>('GET', '/api/hub/search?q=tiny&filter=gguf&sort=likes');
    expect(first.status, first.text).toBe(200);
    expect(first.body.items.map((item) => [item.repoId, item.installed])).toEqual([['org/tiny-gguf', false]]);
    expect(first.body.items[0]).toMatchObject({ downloads: 5000, likes: 42, pipelineTag: 'text-generation' });
    const again = await h.api<HubSearchResponse>('GET', '/api/hub/search?q=tiny&filter=gguf&sort=likes');
    expect(again.body).toEqual(first.body);
    expect(searchRequests()).toHaveLength(1);
    const sent = new URL(searchRequests()[0]!.path, h.hub.url);
    expect(sent.searchParams.get('sort')).toBe('likes');
    expect(sent.searchParams.getAll('filter')).toEqual(['gguf']);
  });

  it('marks installed repos (not cached: it is read from the disk each time)', async () => {
    const include = [...GGUF_QUANT_FILES.Q2_K!, 'README.md'];
    const created = await h.api<{ id: string }>('POST', '/api/downloads', {
      repoId: 'org/tiny-gguf',
      include,
    });
    expect(created.status, created.text).toBe(201);
    const deadline = Date.now() + 20_000;
    let installed = false;
    while (!installed && Date.now() < deadline) {
      const page = await h.api<HubSearchResponse>('GET', '/api/hub/search?q=tiny&filter=gguf&sort=likes');
      installed = page.body.items[0]?.installed === true;
      if (!installed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(installed).toBe(true);
  });

  it('pages with nextCursor and encodes odd characters', async () => {
    const page = await h.api<HubSearchResponse>('GET', '/api/hub/search?limit=1&sort=downloads');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await h.api<HubSearchResponse>(
      'GET',
      `/api/hub/search?limit=1&sort=downloads&cursor=${encodeURIComponent(page.body.nextCursor!)}`,
    );
    expect(next.body.items[0]!.repoId).not.toBe(page.body.items[0]!.repoId);
    h.hub.clearRequests();
    const odd = 'x&limit=1000#/../?';
    const answer = await h.api<HubSearchResponse>('GET', `/api/hub/search?q=${encodeURIComponent(odd)}`);
    expect(answer.status).toBe(200);
    expect(new URL(searchRequests()[0]!.path, h.hub.url).searchParams.get('search')).toBe(odd);
    expect(new URL(searchRequests()[0]!.path, h.hub.url).searchParams.get('limit')).toBe('20');
  });

  it('keeps the token on the server', async () => {
    expect((await h.api('PUT', '/api/settings', { hfToken: h.hub.token })).status).toBe(200);
    try {
      h.hub.clearRequests();
      const page = await h.api<HubSearchResponse>('GET', '/api/hub/search?q=secret');
      expect(page.body.items.map((item) => [item.repoId, item.private])).toEqual([['org/secret', true]]);
      expect(searchRequests()[0]!.authorization).toBe(true);
      expect(page.text).not.toContain(h.hub.token);
      const repo = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/secret');
      expect(repo.status, repo.text).toBe(200);
      expect(repo.text).not.toContain(h.hub.token);
    } finally {
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });

  it('turns a 429 into a clear message with the retry time, and holds the next call of its quota', async () => {
    // A token of this test's own: the 429 holds the process's calls of its quota (endpoint, bucket, token) for the
    // Hub's whole wait (docs/transfer-faults.md "A 429 holds its whole quota"), which the other tests must not meet.
    expect((await h.api('PUT', '/api/settings', { hfToken: 'hf_this_test_only' })).status).toBe(200);
    h.hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 40, times: 1 } });
    try {
      const answer = await h.api<{ code: string; message: string }>(
        'GET',
        '/api/hub/search?q=never-asked-before',
      );
      expect(answer.status).toBe(429);
      expect(answer.body.code).toBe('RATE_LIMITED');
      expect(answer.body.message).toMatch(/retry in 41 s/);
      // Another call of that quota asks nothing during the wait, and says what is left of it.
      h.hub.clearRequests();
      const held = await h.api<{ code: string; message: string }>(
        'GET',
        '/api/hub/search?q=asked-during-the-wait',
      );
      expect(held.status).toBe(429);
      expect(held.body.message).toMatch(/retry in (40|41) s/);
      expect(searchRequests()).toEqual([]);
    } finally {
      h.hub.resetFaults();
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });

  it('refuses bad parameters', async () => {
    expect((await h.api('GET', '/api/hub/search?sort=bogus')).status).toBe(400);
    expect((await h.api('GET', '/api/hub/search?limit=1000')).status).toBe(400);
    expect((await h.api('GET', '/api/hub/search?type=space')).status).toBe(400);
  });
});

describe('GET /api/hub/repos', () => {
  it('answers the model page: quantizations, groups, branches, card, disk and memory', async () => {
    const page = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/tiny-gguf');
    expect(page.status, page.text).toBe(200);
    const body = page.body;
    expect(body.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(body.branches.map((branch) => branch.name)).toEqual(['main']);
    expect(body.gguf?.defaultQuant).toBe('Q4_K_M');
    expect(body.gguf?.defaultMmproj).toBe('mmproj-Tiny-F16.gguf');
    expect(body.gguf?.quants.map((quant) => quant.name).sort()).toEqual(Object.keys(GGUF_QUANT_FILES).sort());
    const q6 = body.gguf!.quants.find((quant) => quant.name === 'Q6_K')!;
    expect(q6).toMatchObject({ shards: 2, totalBytes: 70_000, fits: { disk: true, memory: 'ram' } });
    expect(body.files.find((file) => file.path === 'tokenizer.json')?.group).toBe('tokenizer');
    expect(body.files.find((file) => file.path === 'Tiny-Q8_0.gguf')?.group).toBe('weights');
    expect(body.readme?.text).toContain('<script>');
    expect(body.installed?.repoId).toBe('org/tiny-gguf');
    expect(body.freeDiskBytes).toBeGreaterThan(0);
    expect(body.totalRamBytes).toBeGreaterThan(0);
  });

  it('marks the files the installed copy holds at the page’s commit (a download would not fetch them)', async () => {
    // The Q2_K download of the search test above: its file and the README, nothing else.
    const deadline = Date.now() + 20_000;
    let onDisk: string[] = [];
    while (Date.now() < deadline) {
      const page = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/tiny-gguf');
      onDisk = page.body.files.filter((file) => file.onDisk).map((file) => file.path);
      if (onDisk.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(onDisk.sort()).toEqual([...GGUF_QUANT_FILES.Q2_K!, 'README.md'].sort());
  });

  it('offers pull requests as revisions, and answers the page at one', async () => {
    const page = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/with-pr');
    expect(page.status, page.text).toBe(200);
    expect(page.body.pullRequests).toEqual([
      { name: 'refs/pr/3', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    ]);
    expect(page.body.branches.map((branch) => branch.name)).toEqual(['main']);
    const atPr = await h.api<RepoPageResponse>(
      'GET',
      `/api/hub/repos/model/org/with-pr?revision=${encodeURIComponent('refs/pr/3')}`,
    );
    expect(atPr.status, atPr.text).toBe(200);
    expect(atPr.body.commit).toBe(page.body.pullRequests[0]!.commit);
    expect(atPr.body.files.map((file) => file.path)).toEqual(['model-converted.safetensors']);
  });

  it('gives clear answers for unknown, gated and private repos', async () => {
    const missing = await h.api<{ code: string; message: string }>('GET', '/api/hub/repos/model/org/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('REPO_NOT_FOUND');
    const secret = await h.api<{ code: string; message: string }>('GET', '/api/hub/repos/model/org/secret');
    expect(secret.status).toBe(404);
    expect(secret.body.message).toMatch(/token/);
    const gated = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/gated');
    expect(gated.status).toBe(200);
    expect(gated.body.gated).toBe('manual');
    expect(gated.body.readme).toBeNull();
    expect(gated.body).toMatchObject({ accessDenied: true, accessDenial: 'no-token' });
    // No file to name and no token: denied all the same, as POST /api/downloads says (one rule).
    const empty = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/gated-empty');
    expect(empty.body).toMatchObject({ gated: 'manual', accessDenied: true });
    expect((await h.api('GET', '/api/hub/repos/model/org/..')).status).toBe(400);
    expect((await h.api('GET', '/api/hub/repos/model/org/tiny-gguf?revision=a%20b')).status).toBe(400);
    const badRevision = await h.api<{ code: string }>(
      'GET',
      '/api/hub/repos/model/org/tiny-gguf?revision=nope',
    );
    expect(badRevision.body.code).toBe('REVISION_NOT_FOUND');
  });

  it("says whether the token's account may fetch a gated repo's files, and if not why (accessDenial)", async () => {
    const set = await h.api('PUT', '/api/settings', { hfToken: h.hub.token });
    expect(set.status, set.text).toBe(200);
    try {
      const granted = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/gated');
      expect(granted.body).toMatchObject({ gated: 'manual', accessDenied: false });
      expect(granted.body.readme?.text).toBe('# gated');
      const denied = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/gated-denied');
      expect(denied.status, denied.text).toBe(200);
      expect(denied.body).toMatchObject({ gated: 'manual', accessDenied: true, accessDenial: 'no-access' });
      const open = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/tiny-gguf');
      expect(open.body).toMatchObject({ accessDenied: false, accessDenial: null });
      // `/resolve/` answers the token 401 GatedRepo, as the Hub does a token it does not accept (§1.7). A repo
      // of its own: the pages above are cached for this token.
      await h.hub.addRepo({
        repoId: 'org/gated-rejected',
        gated: true,
        files: [{ path: 'README.md', content: '#' }],
      });
      h.hub.setFaults({ status: { status: 401, on: 'resolve', errorCode: 'GatedRepo' } });
      const rejected = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/gated-rejected');
      expect(rejected.status, rejected.text).toBe(200);
      expect(rejected.body).toMatchObject({ accessDenied: true, accessDenial: 'token-rejected' });
    } finally {
      h.hub.resetFaults();
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });

  it('with a wrong token, the page says the Hub rejected the token (before any gating)', async () => {
    const set = await h.api('PUT', '/api/settings', { hfToken: 'hf_not_the_right_one' });
    expect(set.status, set.text).toBe(200);
    try {
      const page = await h.api<{ code: string; message: string }>('GET', '/api/hub/repos/model/org/gated');
      expect(page.status).toBe(401);
      expect(page.body.code).toBe('UNAUTHORIZED');
      expect(page.body.message).toMatch(
        /^The Hub rejected the token \(GET .*\): check it, or create a new token$/,
      );
    } finally {
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });

  it('lists a 10 000-file repo', async () => {
    const page = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/many-files');
    expect(page.status).toBe(200);
    expect(page.body.files).toHaveLength(10_000);
    expect(page.body.gguf).toBeNull();
  });
});

describe('offline (HF_HUB_OFFLINE)', () => {
  it('search says so, and the installed models stay listed', async () => {
    // Offline never contacts the endpoint; port 9 (discard) would refuse anyway.
    const offline = await startHarness({ hub: { endpoint: 'http://127.0.0.1:9', offline: true } });
    try {
      const answer = await offline.api<{ code: string; message: string }>('GET', '/api/hub/search?q=x');
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('OFFLINE_MODE');
      expect(answer.body.message).toMatch(/HF_HUB_OFFLINE/);
      expect((await offline.api('GET', '/api/models')).status).toBe(200);
    } finally {
      await offline.cleanup();
    }
  });
});

describe('POST /api/hub/whoami', () => {
  it('names the account of a token before it is saved, and says when the Hub rejects one', async () => {
    const good = await h.api<HubAccountView>('POST', '/api/hub/whoami', { token: h.hub.token });
    expect(good.status, good.text).toBe(200);
    expect(good.body).toEqual({
      name: 'test-user',
      fullname: 'Test User',
      type: 'user',
      tokenName: 'hubget-test',
      tokenRole: 'read',
    });
    const bad = await h.api<{ code: string; message: string }>('POST', '/api/hub/whoami', {
      token: 'hf_not_a_real_token',
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('UNAUTHORIZED');
    expect(bad.text).not.toContain('hf_not_a_real_token');
    // Checking changed nothing: no token is stored, so the stored one cannot be checked.
    const stored = await h.api<{ code: string }>('POST', '/api/hub/whoami', {});
    expect([stored.status, stored.body.code]).toEqual([400, 'INVALID_ARGUMENT']);
    // The stored one, once there is one.
    await h.api('PUT', '/api/settings', { hfToken: h.hub.token });
    const saved = await h.api<HubAccountView>('POST', '/api/hub/whoami', {});
    expect(saved.body.name).toBe('test-user');
    await h.api('PUT', '/api/settings', { hfToken: null });
  });

  it('refuses a token that could not be saved either', async () => {
    const spaced = await h.api('POST', '/api/hub/whoami', { token: 'hf abc' });
    expect(spaced.status).toBe(400);
  });
});
