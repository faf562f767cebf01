/**
 * POST /api/downloads/preview against the real server and the test hub: the destination is the absolute
 * folder the download writes to (free space is measured there, whatever the server's working directory);
 * a repo the Hub will not list says why (not found, or private or gated) instead of reading as "gated"; the
 * revision info is asked once, by the plan, and access takes its commit and gating; what a download into the cache
 * copies, from a local dir and from another repo's cache folder, is named by place.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../src/api-types.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { addAccessRepos } from '../hub/access-fixtures.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;
let small: TestRepo;

beforeAll(async () => {
  h = await startHarness();
  small = await h.hub.addRepo({
    repoId: 'org/small',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model.safetensors', size: 50_000 },
    ],
  });
  await addAccessRepos(h.hub);
}, 60_000);

afterAll(() => h.cleanup());

describe('POST /api/downloads/preview: destination', () => {
  it('is the repo folder in the hub cache, as an absolute path', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/small' });
    expect(answer.status, answer.text).toBe(200);
    const folder = join(h.config.hubCacheDir, 'models--org--small');
    expect(answer.body).toMatchObject({ destination: folder, totalBytes: 50_007, needsToken: false });
    expect(answer.body.freeBytes).toBeGreaterThan(0);
  });

  it('is the local folder for a local-dir download', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', {
      repoId: 'org/small',
      localDir: 'small',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.destination).toBe(join(h.config.modelsDir, 'small'));
  });
});

describe('POST /api/downloads/preview: a repo the Hub does not list', () => {
  const notListed =
    /^org\/(nope|secret) was not found on http:\/\/127\.0\.0\.1:\d+ or is private or gated: check the id, and if you have access, set a Hugging Face token in Settings$/;

  it.each(['org/nope', 'org/secret'])(
    '%s without a token: not found, or private or gated',
    async (repoId) => {
      const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ commit: '', files: [], gated: false, needsToken: true });
      expect(answer.body.message).toMatch(notListed);
      expect(answer.body.destination).toBe(
        join(h.config.hubCacheDir, `models--${repoId.replace('/', '--')}`),
      );
    },
  );

  it('a gated repo says so and where to ask for access', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/gated' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ gated: true, needsToken: true });
    expect(answer.body.message).toBe(
      `org/gated is gated: request access at ${h.hub.url}/org/gated and then set a Hugging Face token in Settings`,
    );
  });

  it('a listed repo has no message', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/small' });
    expect(answer.body.message).toBeNull();
  });

  it("with a token, a gated repo needs a token only when the token's account has no access", async () => {
    const set = await h.api('PUT', '/api/settings', { hfToken: h.hub.token });
    expect(set.status, set.text).toBe(200);
    try {
      const granted = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/gated' });
      expect(granted.body).toMatchObject({ gated: true, needsToken: false, message: null });
      const denied = await h.api<PreviewResponse>('POST', '/api/downloads/preview', {
        repoId: 'org/gated-denied',
      });
      expect(denied.status, denied.text).toBe(200);
      expect(denied.body).toMatchObject({ gated: true, needsToken: true });
      expect(denied.body.message).toBe(
        `org/gated-denied is gated and the token has no access to it yet: request access at ${h.hub.url}/org/gated-denied`,
      );
    } finally {
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });

  it('with a token, a missing repo is 404 REPO_NOT_FOUND', async () => {
    const set = await h.api('PUT', '/api/settings', { hfToken: h.hub.token });
    expect(set.status, set.text).toBe(200);
    try {
      const answer = await h.api<{ code: string }>('POST', '/api/downloads/preview', { repoId: 'org/nope' });
      expect(answer.status, answer.text).toBe(404);
      expect(answer.body.code).toBe('REPO_NOT_FOUND');
      const secret = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/secret' });
      expect(secret.status, secret.text).toBe(200);
      expect(secret.body).toMatchObject({ needsToken: false, message: null });
    } finally {
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });
});

describe('POST /api/downloads/preview: the Hub asked once', () => {
  /** The Hub calls of one preview of `repoId` (method and path). */
  async function callsOf(repoId: string): Promise<string[]> {
    h.hub.clearRequests();
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId });
    expect(answer.status, answer.text).toBe(200);
    return h.hub.requests.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);
  }

  it('the revision info once: no second call for access', async () => {
    expect(await callsOf('org/small')).toEqual(['GET /api/models/org/small/revision/main']);
    expect(await callsOf('org/gated')).toEqual(['GET /api/models/org/gated/revision/main']);
    const set = await h.api('PUT', '/api/settings', { hfToken: h.hub.token });
    expect(set.status, set.text).toBe(200);
    try {
      const calls = await callsOf('org/gated');
      expect(calls[0]).toBe('GET /api/models/org/gated/revision/main');
      expect(calls.slice(1)).toEqual([
        expect.stringMatching(/^HEAD \/org\/gated\/resolve\/[0-9a-f]{40}\/model\.bin$/),
      ]);
    } finally {
      await h.api('PUT', '/api/settings', { hfToken: null });
    }
  });
});

describe('POST /api/downloads/preview: copies', () => {
  it('names each place a download into the cache copies from: a local dir, another repo’s cache folder', async () => {
    // The weights' blob in a fork's folder in the HF cache; config.json in a finished local dir of the repo.
    const weights = small.files.find((file) => file.path === 'model.safetensors')!;
    const fork = join(h.config.hubCacheDir, 'models--other--small-fork');
    await mkdir(join(fork, 'blobs'), { recursive: true });
    await writeFile(join(fork, 'blobs', weights.sha256), small.contentOf(weights.path));
    const localDir = join(h.config.modelsDir, 'small-config');
    const repo = { repoId: 'org/small', repoType: 'model' as const };
    await downloadModel(
      requestFor(h.hub, repo, { localDir, cacheDir: h.config.hubCacheDir, filenames: ['config.json'] }),
      testOptions([]),
    );
    try {
      const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/small' });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({
        bytesToFetch: 0,
        copiedBytes: 50_007,
        copiedFrom: [
          { from: 'local-dir', dir: localDir },
          { from: 'hf-cache', repoId: 'other/small-fork' },
        ],
      });
    } finally {
      await rm(fork, { recursive: true, force: true });
      await rm(localDir, { recursive: true, force: true });
    }
  });
});
