import { describe, expect, it } from 'vitest';
import { toDownloadRequest } from './job-request.js';

const hub = { endpoint: 'http://127.0.0.1:1', token: undefined };
const target = {
  repoId: 'org/x',
  repoType: 'model' as const,
  revision: 'main',
  include: [],
  exclude: [],
};
const dirs = { hubCacheDir: '/data/hub', modelsDir: '/data/models' };

describe('toDownloadRequest', () => {
  it('a job into the cache looks for local-dir copies of the repo in the models dir; a local-dir job copies from the cache', () => {
    expect(toDownloadRequest({ ...target, localDir: null }, dirs, hub)).toMatchObject({
      cacheDir: '/data/hub',
      modelsDir: '/data/models',
    });
    const local = toDownloadRequest({ ...target, localDir: '/data/models/x' }, dirs, hub);
    expect(local).toMatchObject({ cacheDir: '/data/hub', localDir: '/data/models/x' });
    expect(local).not.toHaveProperty('modelsDir');
  });
});
