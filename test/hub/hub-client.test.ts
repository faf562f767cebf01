/** The Hub client (src/hub) against the test hub: listing, errors, retries, redirects, tokens, mirrors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubgetError, isHubgetError } from '../../src/errors.js';
import {
  getRepoInfo,
  type HubConfig,
  hubRequest,
  listRepoFiles,
  parseRepoRef,
  type RepoRef,
  type RetryOptions,
  resolveSnapshot,
  resolveUrl,
  SIBLINGS_LISTING_MAX,
} from '../../src/hub/index.js';
import { closedPort } from '../support/closed-port.js';
import { rejection } from '../support/rejection.js';
import { startTestHub, type TestHub, type TestRepo } from './test-hub.js';

let hub: TestHub;
let repo: TestRepo;
let config: HubConfig;
let anonymous: HubConfig;
const sleeps: number[] = [];
const retry: RetryOptions = {
  // Jitter at its ceiling, so the backoff steps of the one retry policy show exactly.
  random: () => 0.999999,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
};

/** A HEAD on a file's /resolve/ URL, with the file named for the error messages (hub-errors.ts). */
function headResolve(hubConfig: HubConfig, target: RepoRef, commit: string, path: string) {
  return hubRequest(hubConfig, resolveUrl(hubConfig.endpoint, target, commit, path), {
    method: 'HEAD',
    retry,
    context: { repo: target, revision: commit, path },
  });
}

const model = parseRepoRef('org/model');

beforeAll(async () => {
  hub = await startTestHub({ treePageSize: 2 });
  repo = await hub.addRepo({
    repoId: 'org/model',
    revisions: ['v1', { name: 'refs/pr/1', files: [{ path: 'pr-only.txt', content: 'pr' }] }],
    files: [
      { path: 'config.json', content: '{"x":1}' },
      { path: 'model.safetensors', size: 40_000 },
      { path: 'a/b/c.txt', content: 'c' },
      { path: 'a/d.bin', size: 11_000 },
      { path: 'empty', content: '' },
    ],
  });
  await hub.addRepo({ repoId: 'org/private', private: true, files: [{ path: 'secret.txt', content: 's' }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'w.bin', size: 20_000 }] });
  await hub.addRepo({ repoId: 'canonical', files: [{ path: 'x.txt', content: 'x' }] });
  config = { endpoint: hub.url, token: hub.token, userAgent: 'hubget/test' };
  anonymous = { endpoint: hub.url, userAgent: 'hubget/test' };
});
afterAll(() => hub.close());
beforeEach(() => {
  hub.resetFaults();
  hub.clearRequests();
  sleeps.length = 0;
});

describe('resolveSnapshot / listRepoFiles', () => {
  it('pins the revision to a commit and lists files across pages', async () => {
    const snapshot = await resolveSnapshot({ retry, hub: config, repo: model, revision: 'main' });
    expect(snapshot.commit).toBe(repo.commit);
    expect(snapshot.revision).toBe('main');
    expect(snapshot.files.map((f) => f.path).sort()).toEqual(repo.files.map((f) => f.path).sort());
    const weights = snapshot.files.find((f) => f.path === 'model.safetensors')!;
    const expected = repo.files.find((f) => f.path === 'model.safetensors')!;
    expect(weights).toEqual({
      path: 'model.safetensors',
      size: 40_000,
      oid: expected.oid,
      lfs: { oid: expected.sha256, size: 40_000 },
    });
    // One call: the revision info with blobs=true names the commit and describes every file (§2.1).
    expect(hub.requests.map((r) => r.path)).toEqual([`/api/models/org/model/revision/main?blobs=true`]);
  });

  it('lists a repo of more than SIBLINGS_LISTING_MAX files by the tree at the commit, across pages', async () => {
    const big = await hub.addRepo({
      repoId: 'org/many-files',
      files: Array.from({ length: SIBLINGS_LISTING_MAX + 1 }, (_, index) => ({
        path: `d${index % 3}/f${index}.txt`,
        content: `${index}`,
      })),
    });
    const snapshot = await resolveSnapshot({ retry, hub: config, repo: parseRepoRef('org/many-files') });
    expect(snapshot.commit).toBe(big.commit);
    expect(snapshot.files).toHaveLength(SIBLINGS_LISTING_MAX + 1);
    // 1001 files and 3 folders, 2 entries per page.
    const treePages = hub.requests.filter((r) => r.path.includes('/tree/'));
    expect(treePages).toHaveLength(502);
    expect(treePages.every((r) => r.path.includes(big.commit))).toBe(true);
  });

  it('skips the revision call for a full commit (the tree, across pages) and handles refs/pr/N', async () => {
    const atCommit = await resolveSnapshot({ retry, hub: config, repo: model, revision: repo.commit });
    expect(atCommit.files.map((f) => f.path).sort()).toEqual(repo.files.map((f) => f.path).sort());
    expect(hub.requests.some((r) => r.path.includes('/revision/'))).toBe(false);
    // 8 entries (files + dirs), 2 per page.
    expect(hub.requests.filter((r) => r.path.includes('/tree/')).length).toBeGreaterThanOrEqual(4);
    const pr = await resolveSnapshot({ retry, hub: config, repo: model, revision: 'refs/pr/1' });
    expect(pr.commit).toBe(repo.refs['refs/pr/1']);
    expect(pr.files.map((f) => f.path)).toEqual(['pr-only.txt']);
    expect(hub.requests.some((r) => r.path.includes('/revision/refs%2Fpr%2F1'))).toBe(true);
  });

  it('reports gated and private flags', async () => {
    expect(await getRepoInfo({ hub: anonymous, repo: parseRepoRef('org/gated') })).toMatchObject({
      gated: 'manual',
      private: false,
    });
    expect(await getRepoInfo({ hub: config, repo: parseRepoRef('org/private') })).toMatchObject({
      gated: false,
      private: true,
    });
  });

  it('passes hostile listing paths through untouched (the cache layer must reject them)', async () => {
    hub.setFaults({ hostileTree: true });
    const files = await listRepoFiles({ hub: config, repo: model, commit: repo.commit });
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['../../escape', '/etc/passwd', 'a/../../b']),
    );
  });

  it('lists files only, at the given commit', async () => {
    const files = await listRepoFiles({ hub: config, repo: model, commit: repo.commit });
    expect(files.some((f) => f.path === 'a' || f.path === 'a/b')).toBe(false);
    expect(files).toHaveLength(5);
  });
});

describe('errors', () => {
  it('not found repo', async () => {
    const error = await rejection(
      resolveSnapshot({ retry, hub: anonymous, repo: parseRepoRef('org/nope'), revision: 'main' }),
    );
    expect(error.code).toBe('REPO_NOT_FOUND');
    expect(error.message).toMatch(/check the id, or use a token that can read it if it is private/);
    expect(error.status).toBe(404);
  });

  it('private repo without token, and never a token in the message', async () => {
    const error = await rejection(
      resolveSnapshot({ retry, hub: anonymous, repo: parseRepoRef('org/private'), revision: 'main' }),
    );
    expect(error.code).toBe('REPO_NOT_FOUND');
    expect(error.status).toBe(401);
    const wrong = { ...config, token: 'hf_secret_wrong' };
    const withWrong = await rejection(
      resolveSnapshot({ retry, hub: wrong, repo: parseRepoRef('org/private'), revision: 'main' }),
    );
    expect(withWrong.code).toBe('REPO_NOT_FOUND');
    expect(JSON.stringify({ m: withWrong.message, d: withWrong.details })).not.toContain('hf_secret_wrong');
  });

  it('gated repo without token names the page to request access', async () => {
    const gated = parseRepoRef('org/gated');
    const snapshot = await resolveSnapshot({ hub: anonymous, repo: gated });
    const error = await rejection(headResolve(anonymous, gated, snapshot.commit, 'w.bin'));
    expect(error.code).toBe('GATED_REPO');
    expect(error.message).toContain(`request access at ${hub.url}/org/gated`);
    const ok = await headResolve(config, gated, snapshot.commit, 'w.bin');
    expect(ok.status).toBeLessThan(400);
  });

  it('entry and revision not found', async () => {
    const entry = await rejection(headResolve(config, model, repo.commit, 'nope.txt'));
    expect(entry.code).toBe('ENTRY_NOT_FOUND');
    expect(entry.message).toContain('nope.txt');
    const revision = await rejection(
      resolveSnapshot({ retry, hub: config, repo: model, revision: 'no-such-branch' }),
    );
    expect(revision.code).toBe('REVISION_NOT_FOUND');
    expect(revision.message).toContain('no-such-branch');
    expect(sleeps).toEqual([]); // not retried
  });

  it('429 with RateLimit is retried after t+1 seconds, then succeeds', async () => {
    hub.setFaults({ status: { status: 429, times: 2, retryAfterSeconds: 7 } });
    const snapshot = await resolveSnapshot({ retry, hub: config, repo: model, revision: 'main' });
    expect(snapshot.commit).toBe(repo.commit);
    expect(sleeps).toEqual([8000, 8000]);
  });

  it('5xx is retried with backoff ceilings of 1 s doubling, then succeeds', async () => {
    hub.setFaults({ status: { status: 503, times: 3 } });
    await resolveSnapshot({ retry, hub: config, repo: model, revision: 'main' });
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('gives up after 5 attempts with a retryable error saying when to retry', async () => {
    hub.setFaults({ status: { status: 429, retryAfterSeconds: 30 } });
    const error = await rejection(resolveSnapshot({ retry, hub: config, repo: model, revision: 'main' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(31_000);
    expect(error.message).toMatch(/retry in 31 s/);
    expect(sleeps).toHaveLength(4);
    hub.setFaults({ status: { status: 500 } });
    const server = await rejection(resolveSnapshot({ retry, hub: config, repo: model, revision: 'main' }));
    expect(server.code).toBe('HUB_HTTP_ERROR');
    expect(server.retryable).toBe(true);
  });

  it('unreachable endpoint → NETWORK_UNREACHABLE', async () => {
    const port = await closedPort();
    const dead = { endpoint: `http://127.0.0.1:${port}` };
    const error = await rejection(resolveSnapshot({ retry, hub: dead, repo: model, revision: 'main' }));
    expect(error.code).toBe('NETWORK_UNREACHABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(4);
  });

  it('an unreachable endpoint is tried unreachableFailures times, as a range request is; an answer that is an error, maxConsecutiveFailures', async () => {
    const policy: RetryOptions = { ...retry, maxConsecutiveFailures: 3, unreachableFailures: 9 };
    const dead = { endpoint: `http://127.0.0.1:${await closedPort()}` };
    const error = await rejection(
      resolveSnapshot({ retry: policy, hub: dead, repo: model, revision: 'main' }),
    );
    expect(error.code).toBe('NETWORK_UNREACHABLE');
    expect(sleeps).toHaveLength(8);
    sleeps.length = 0;
    hub.setFaults({ status: { status: 503 } });
    const server = await rejection(
      resolveSnapshot({ retry: policy, hub: config, repo: model, revision: 'main' }),
    );
    expect(server.code).toBe('HUB_HTTP_ERROR');
    expect(sleeps).toHaveLength(2);
  });

  it('offline mode refuses to send anything', async () => {
    const error = await rejection(resolveSnapshot({ hub: { ...config, offline: true }, repo: model }));
    expect(error.code).toBe('OFFLINE_MODE');
    expect(hub.requests).toHaveLength(0);
  });
});

it('isHubgetError narrows', () => {
  expect(isHubgetError(new HubgetError('RATE_LIMITED', 'x'), 'RATE_LIMITED')).toBe(true);
});
