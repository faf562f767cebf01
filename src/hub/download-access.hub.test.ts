/**
 * getDownloadAccess against the test hub: one revision-info call, and one HEAD of a listed file only for a
 * gated repo with a token; the Hub's refusals of the revision call are thrown as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { getDownloadAccess } from './download-access.js';
import { parseRepoRef } from './repo-id.js';

let hub: TestHub;
const retry = { maxConsecutiveFailures: 1 };

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/open', files: [{ path: 'config.json', content: '{}' }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'model.bin', size: 20_000 }] });
  await hub.addRepo({ repoId: 'org/gated-empty', gated: true, files: [] });
  await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
});

afterAll(() => hub.close());

const access = (repoId: string, token?: string, revision?: string) => {
  hub.clearRequests();
  return getDownloadAccess({
    hub: { endpoint: hub.url, ...(token === undefined ? {} : { token }) },
    repo: parseRepoRef(repoId),
    ...(revision === undefined ? {} : { revision }),
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
    expect(await access('org/gated')).toMatchObject({ gated: true, accessDenied: true });
    expect(requests()).toEqual(['GET /api/models/org/gated/revision/main']);
  });

  it('a gated repo with a token: one HEAD of a listed file says whether its account has access', async () => {
    const granted = await access('org/gated', hub.token);
    expect(granted).toMatchObject({ gated: true, accessDenied: false });
    expect(requests()).toEqual([
      'GET /api/models/org/gated/revision/main',
      `HEAD /org/gated/resolve/${granted.commit}/model.bin`,
    ]);
    expect(await access('org/gated-denied', hub.token)).toMatchObject({ gated: true, accessDenied: true });
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
});
