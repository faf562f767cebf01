import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import {
  blobAtPath,
  blobPath,
  blobTempPath,
  cacheRepoLayout,
  noExistPath,
  parseBlobTempName,
  refPath,
  relativeBlobTarget,
  resumeMapPathOf,
  snapshotFilePath,
} from './cache-layout.js';

const SHA1 = 'a'.repeat(40);
const SHA256 = 'b'.repeat(64);
const COMMIT = 'c'.repeat(40);
const layout = cacheRepoLayout('/cache', { repoId: 'org/model', repoType: 'model' });

describe('cache layout', () => {
  it('names the repo folder and its parts', () => {
    expect(layout.repoDir).toBe('/cache/models--org--model');
    expect(blobPath(layout, SHA256)).toBe(`/cache/models--org--model/blobs/${SHA256}`);
    expect(snapshotFilePath(layout, COMMIT, 'a/b.json')).toBe(
      `/cache/models--org--model/snapshots/${COMMIT}/a/b.json`,
    );
    expect(refPath(layout, 'main')).toBe('/cache/models--org--model/refs/main');
    expect(refPath(layout, 'refs/pr/1')).toBe('/cache/models--org--model/refs/refs/pr/1');
    expect(noExistPath(layout, COMMIT, 'x.txt')).toBe(`/cache/models--org--model/.no_exist/${COMMIT}/x.txt`);
  });
  it('reads a blob path back into its repo layout and blob id', () => {
    expect(blobAtPath(blobPath(layout, SHA256))).toEqual({ layout, blobId: SHA256 });
    expect(blobAtPath(`/cache/models--org--model/snapshots/${SHA256}`)).toBeUndefined();
    expect(blobAtPath('/cache/models--org--model/blobs/not-a-blob-id')).toBeUndefined();
  });
  it('computes relative symlink targets per depth', () => {
    expect(relativeBlobTarget('config.json', SHA1)).toBe(`../../blobs/${SHA1}`);
    expect(relativeBlobTarget('a/config.json', SHA1)).toBe(`../../../blobs/${SHA1}`);
    expect(relativeBlobTarget('a/b/c/d.bin', SHA1)).toBe(`../../../../../blobs/${SHA1}`);
  });
  it('uses the ≥1.18 temp shape, never the legacy one', () => {
    const temp = blobTempPath(layout, SHA256, '0123abcd');
    expect(temp).toBe(`/cache/models--org--model/blobs/${SHA256}.0123abcd.incomplete`);
    expect(resumeMapPathOf(temp)).toBe(`${temp}.hubget-ranges`);
    expect(parseBlobTempName(`${SHA256}.0123abcd.incomplete`)).toEqual({
      blobId: SHA256,
      tempSuffix: '0123abcd',
    });
    expect(parseBlobTempName(`${SHA256}.incomplete`)).toBeUndefined();
    expect(() => blobTempPath(layout, SHA256, 'xyz')).toThrow();
  });
  it('refuses hostile blob ids, commits, paths and revisions', () => {
    const attempts = [
      () => blobPath(layout, '../../etc'),
      () => blobPath(layout, SHA1.toUpperCase()),
      () => snapshotFilePath(layout, 'main', 'x'),
      () => snapshotFilePath(layout, COMMIT, '../x'),
      () => refPath(layout, '../../x'),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (caught) {
        error = caught;
      }
      expect(isHubgetError(error, 'UNSAFE_PATH')).toBe(true);
    }
  });
});
