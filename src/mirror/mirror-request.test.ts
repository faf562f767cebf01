import { describe, expect, it } from 'vitest';
import { MirrorError } from './mirror-errors.js';
import { parseMirrorRoute } from './mirror-request.js';

function refused(path: string, method = 'GET'): MirrorError {
  try {
    parseMirrorRoute(path, method);
  } catch (error) {
    if (error instanceof MirrorError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe('parseMirrorRoute', () => {
  it('names every Hub endpoint the mirror serves', () => {
    expect(parseMirrorRoute('/api/models/org/name', 'GET')).toEqual({
      kind: 'info',
      repo: { repoId: 'org/name', repoType: 'model' },
      revision: undefined,
    });
    expect(parseMirrorRoute('/api/datasets/org/data/revision/v1.0', 'GET')).toMatchObject({
      kind: 'info',
      repo: { repoType: 'dataset' },
      revision: 'v1.0',
    });
    expect(parseMirrorRoute('/api/models/gpt2/revision/main', 'GET')).toMatchObject({
      repo: { repoId: 'gpt2' },
      revision: 'main',
    });
    expect(parseMirrorRoute('/api/models/org/name/tree/refs%2Fpr%2F1/sub/dir', 'GET')).toMatchObject({
      kind: 'tree',
      revision: 'refs/pr/1',
      path: 'sub/dir',
    });
    expect(parseMirrorRoute('/api/models/org/name/tree/refs/pr/1', 'GET')).toMatchObject({
      kind: 'tree',
      revision: 'refs/pr/1',
      path: '',
    });
    expect(parseMirrorRoute('/api/models/org/name/paths-info/main', 'POST')).toMatchObject({
      kind: 'paths-info',
    });
    expect(parseMirrorRoute('/org/name/resolve/main/a%20b/c.json', 'HEAD')).toMatchObject({
      kind: 'resolve',
      path: 'a b/c.json',
    });
    // HEAD is the Hub's default branch: the mirror resolves (and remembers) it as `main`.
    expect(parseMirrorRoute('/org/name/resolve/HEAD/config.json', 'GET')).toMatchObject({ revision: 'main' });
    // `/raw/`: the git object (an LFS file's pointer file), checked as `resolve` is.
    expect(parseMirrorRoute('/org/name/raw/main/w.bin', 'HEAD')).toMatchObject({
      kind: 'resolve',
      raw: true,
    });
    expect(parseMirrorRoute('/org/name/resolve/main/w.bin', 'GET')).toMatchObject({ raw: false });
    expect(parseMirrorRoute('/api/models/org/name/revision/HEAD', 'GET')).toMatchObject({ revision: 'main' });
    expect(parseMirrorRoute('/datasets/org/data/resolve/abc1234/x.parquet', 'GET')).toMatchObject({
      kind: 'resolve',
      repo: { repoType: 'dataset', repoId: 'org/data' },
      revision: 'abc1234',
    });
    expect(parseMirrorRoute('/api/whoami-v2', 'GET')).toEqual({ kind: 'whoami' });
    expect(parseMirrorRoute('/api/models', 'GET')).toEqual({ kind: 'search' });
    expect(parseMirrorRoute('/api/datasets', 'GET')).toEqual({ kind: 'search' });
    expect(parseMirrorRoute('/api/models/org/name/refs', 'GET')).toEqual({
      kind: 'refs',
      repo: { repoId: 'org/name', repoType: 'model' },
    });
    expect(parseMirrorRoute('/api/models/gpt2/refs', 'GET')).toMatchObject({
      kind: 'refs',
      repo: { repoId: 'gpt2' },
    });
  });

  it("routes a repo's page, and only that shape", () => {
    expect(parseMirrorRoute('/org/name', 'GET')).toEqual({
      kind: 'page',
      repo: { repoId: 'org/name', repoType: 'model' },
    });
    expect(parseMirrorRoute('/datasets/org/name', 'GET')).toMatchObject({
      kind: 'page',
      repo: { repoId: 'org/name', repoType: 'dataset' },
    });
    expect(parseMirrorRoute('/spaces/org/name', 'HEAD')).toMatchObject({ repo: { repoType: 'space' } });
    for (const path of ['/org', '/org/name/', '/datasets/org', '/models/org/name', '/datasets/a/b/c']) {
      expect(parseMirrorRoute(path, 'GET'), path).toBeUndefined();
    }
    expect(parseMirrorRoute('/org/name', 'POST')).toBeUndefined();
  });

  it('answers undefined for what it does not serve (writes included)', () => {
    expect(parseMirrorRoute('/api/models/org/name', 'POST')).toBeUndefined();
    expect(parseMirrorRoute('/api/models/org/name/commit/main', 'POST')).toBeUndefined();
    expect(parseMirrorRoute('/org/name/blob/main/x', 'GET')).toBeUndefined();
    expect(parseMirrorRoute('/org/name/resolve/main/x', 'POST')).toBeUndefined();
    expect(parseMirrorRoute('/api/models/org/name/refs', 'POST')).toBeUndefined();
    expect(parseMirrorRoute('/api/models', 'POST')).toBeUndefined();
    expect(parseMirrorRoute('/api/models/org/name/refs/main', 'GET')).toBeUndefined();
  });

  it('refuses hostile repo ids, paths and revisions with the Hub error codes', () => {
    expect(refused('/org/name/resolve/main/..%2F..%2Fetc%2Fpasswd').errorCode).toBe('EntryNotFound');
    expect(refused('/org/name/resolve/main/a/../../b').errorCode).toBe('EntryNotFound');
    expect(refused('/org/name/resolve/main/%00x').errorCode).toBe('EntryNotFound');
    expect(refused('/org/name/raw/main/..%2F..%2Fetc%2Fpasswd').errorCode).toBe('EntryNotFound');
    expect(refused('/org/name/resolve/main/').errorCode).toBe('EntryNotFound');
    expect(refused('/..%2F..%2Fetc/passwd/resolve/main/x').errorCode).toBe('RepoNotFound');
    expect(refused('/api/models/org/na--me').errorCode).toBe('RepoNotFound');
    expect(refused('/org/name/resolve/..%2F..%2Frefs/x').errorCode).toBe('RevisionNotFound');
    expect(refused('/org/name/resolve/%E0%A4%A/x').status).toBe(400);
  });
});
