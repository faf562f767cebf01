/**
 * getDownloadAccess against the test hub: one revision-info call, and one HEAD of a listed file only for a
 * gated repo with a token; the Hub's refusals of the revision call are thrown as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { getDownloadAccess } from './download-access.js';
import { pathFilter } from './patterns.js';
import { parseRepoRef } from './repo-id.js';
import { SIBLINGS_LISTING_MAX } from './resolve-snapshot.js';

let hub: TestHub;
const retry = { maxConsecutiveFailures: 1 };

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/open', files: [{ path: 'config.json', content: '{}' }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'model.bin', size: 20_000 }] });
  await hub.addRepo({ repoId: 'org/gated-empty', gated: true, files: [] });
  // More files than the revision info's siblings may list (SIBLINGS_LISTING_MAX): the tree lists them.
  const many = Array.from({ length: SIBLINGS_LISTING_MAX + 1 }, (_, i) => ({
    path: `f/${i}.txt`,
    content: 'x',
  }));
  await hub.addRepo({ repoId: 'org/many', files: many });
  await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
});

afterAll(() => hub.close());

const access = (repoId: string, token?: string, revision?: string, keep?: (path: string) => boolean) => {
  hub.clearRequests();
  return getDownloadAccess({
    hub: { endpoint: hub.url, ...(token === undefined ? {} : { token }) },
    repo: parseRepoRef(repoId),
    ...(revision === undefined ? {} : { revision }),
    ...(keep === undefined ? {} : { keep }),
    retry,
  });
};
const requests = () => hub.requests.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);

describe('getDownloadAccess', () => {
  it('a public repo: one call', async () => {
    expect(await access('org/open')).toMatchObject({ gated: false, accessDenied: false });
    expect(requests()).toEqual(['GET /api/models/org/open/revision/main']);
  });

  it('a gated repo without a token is denied without asking /resolve/', async () => {
    const denied = await access('org/gated');
    expect(denied).toMatchObject({ gated: true, accessDenied: true });
    expect(requests()).toEqual(['GET /api/models/org/gated/revision/main']);
    // The GATED_REPO a tokenless `/resolve/` answers, told the same (the CLI stops with it).
    expect(denied.refusal).toMatchObject({ code: 'GATED_REPO', details: { tokenSent: false } });
    expect(denied.refusal?.message).toBe(
      `Model org/gated is gated: request access at ${hub.url}/org/gated and use a token of the account that has access`,
    );
  });

  it('a gated repo with a token: one HEAD of a listed file says whether its account has access', async () => {
    const granted = await access('org/gated', hub.token);
    expect(granted).toMatchObject({ gated: true, accessDenied: false });
    expect(requests()).toEqual([
      'GET /api/models/org/gated/revision/main',
      `HEAD /org/gated/resolve/${granted.commit}/model.bin`,
    ]);
    expect(await access('org/gated-denied', hub.token)).toMatchObject({
      gated: true,
      accessDenied: true,
      refusal: { code: 'GATED_REPO', status: 403 },
    });
  });

  it("throws the Hub's answer for a missing repo or revision", async () => {
    await expect(access('org/nope')).rejects.toMatchObject({ code: 'REPO_NOT_FOUND' });
    await expect(access('org/open', undefined, 'no-such-branch')).rejects.toMatchObject({
      code: 'REVISION_NOT_FOUND',
    });
  });

  it('never names a listed path that is not a plain relative one', async () => {
    // A repo listing only hostile paths (the fault appends them to the revision info's siblings).
    hub.setFaults({ hostileTree: true });
    try {
      const listed = await access('org/gated-empty', hub.token);
      // No file to name: the token is taken to give access, and the download will say if not.
      expect(listed).toMatchObject({ gated: true, accessDenied: false });
      expect(requests()).toEqual(['GET /api/models/org/gated-empty/revision/main']);
    } finally {
      hub.resetFaults();
    }
  });

  it("a gated repo whose revision info names no file: the tree names one for /resolve/'s answer", async () => {
    hub.setFaults({ noSiblings: true });
    try {
      const granted = await access('org/gated', hub.token);
      expect(granted).toMatchObject({ gated: true, accessDenied: false });
      expect(requests()).toEqual([
        'GET /api/models/org/gated/revision/main',
        `GET /api/models/org/gated/tree/${granted.commit}`,
        `HEAD /org/gated/resolve/${granted.commit}/model.bin`,
      ]);
      // Not taken as access: the account has none.
      expect(await access('org/gated-denied', hub.token)).toMatchObject({ accessDenied: true });
      // A repo with no file at all has nothing to fetch, so nothing to refuse.
      expect(await access('org/gated-empty', hub.token)).toMatchObject({ gated: true, accessDenied: false });
    } finally {
      hub.resetFaults();
    }
  });

  it('keep: whether the patterns keep a file, from what the revision info names, else from the tree', async () => {
    const keep = (pattern: string) => pathFilter([pattern]);
    expect(await access('org/open', undefined, undefined, keep('*.json'))).toMatchObject({
      kept: { any: true },
    });
    expect(await access('org/open', undefined, undefined, keep('*.bin'))).toMatchObject({
      kept: { any: false, files: 1 },
    });
    expect(requests()).toEqual(['GET /api/models/org/open/revision/main']);
    // More files than the siblings may list: one they name is kept, no tree; none kept, the tree says.
    const last = `f/${SIBLINGS_LISTING_MAX}.txt`;
    expect(await access('org/many', undefined, undefined, keep(last))).toMatchObject({ kept: { any: true } });
    expect(requests()).toEqual(['GET /api/models/org/many/revision/main']);
    const none = await access('org/many', undefined, undefined, keep('g/*'));
    expect(none.kept).toEqual({ any: false, files: SIBLINGS_LISTING_MAX + 1 });
    expect(requests()).toContain(`GET /api/models/org/many/tree/${none.commit}`);
    // A gated repo lists its files to anyone; without a token it is denied without asking /resolve/.
    expect(await access('org/gated', undefined, undefined, keep('*.gguf'))).toMatchObject({
      accessDenied: true,
      kept: { any: false, files: 1 },
    });
    expect(requests()).toEqual(['GET /api/models/org/gated/revision/main']);
  });

  it('withSize: what the download takes, from the answers the check gets anyway, never from a listing of its own', async () => {
    const sized = (repoId: string, options: { token?: string; keep?: (path: string) => boolean } = {}) => {
      hub.clearRequests();
      return getDownloadAccess({
        hub: { endpoint: hub.url, ...(options.token === undefined ? {} : { token: options.token }) },
        repo: parseRepoRef(repoId),
        ...(options.keep === undefined ? {} : { keep: options.keep }),
        withSize: true,
        retry,
      });
    };
    // The revision info with blobs: each sibling's size, in the one call.
    expect((await sized('org/open')).size).toEqual({ files: 1, bytes: 2 });
    expect(requests()).toEqual(['GET /api/models/org/open/revision/main']);
    expect(hub.requests[0]!.path).toContain('blobs=true');
    expect((await sized('org/gated', { keep: pathFilter(['*.bin']) })).size).toEqual({
      files: 1,
      bytes: 20_000,
    });
    // Without it, no size.
    expect((await access('org/open')).size).toBeUndefined();
    // A repo its siblings cannot list: no size, and no tree listed for one.
    expect((await sized('org/many')).size).toBeUndefined();
    expect(requests()).toEqual(['GET /api/models/org/many/revision/main']);
    // The tree listed anyway (a gated repo whose siblings name no file): its sizes.
    hub.setFaults({ noSiblings: true });
    try {
      const granted = await sized('org/gated', { token: hub.token });
      expect(granted.size).toEqual({ files: 1, bytes: 20_000 });
      expect(requests()).toContain(`GET /api/models/org/gated/tree/${granted.commit}`);
    } finally {
      hub.resetFaults();
    }
  });
});
