import { describe, expect, it } from 'vitest';
import { filesOfSiblings, SIBLINGS_LISTING_MAX } from './resolve-snapshot.js';

const OID = 'a'.repeat(40);
const SHA = 'b'.repeat(64);

describe('filesOfSiblings (revision info with blobs=true)', () => {
  it('takes path, size, git oid and the LFS sha256 of every sibling', () => {
    expect(
      filesOfSiblings([
        { rfilename: 'config.json', size: 12, blobId: OID },
        {
          rfilename: 'w/model.bin',
          size: 134,
          blobId: OID,
          lfs: { sha256: SHA, size: 4096, pointerSize: 134 },
        },
      ]),
    ).toEqual([
      { path: 'config.json', size: 12, oid: OID },
      { path: 'w/model.bin', size: 4096, oid: OID, lfs: { oid: SHA, size: 4096 } },
    ]);
  });

  it('leaves the listing to the tree when siblings cannot be trusted to be complete', () => {
    const sibling = { rfilename: 'a', size: 1, blobId: OID };
    // None (an empty repo, or one the Hub does not list), or too many.
    expect(filesOfSiblings([])).toBeUndefined();
    expect(filesOfSiblings(undefined)).toBeUndefined();
    expect(filesOfSiblings({ rfilename: 'a' })).toBeUndefined();
    expect(filesOfSiblings(Array.from({ length: SIBLINGS_LISTING_MAX }, () => sibling))).toHaveLength(
      SIBLINGS_LISTING_MAX,
    );
    expect(filesOfSiblings(Array.from({ length: SIBLINGS_LISTING_MAX + 1 }, () => sibling))).toBeUndefined();
    // A server that ignored blobs=true, or any entry without its size and hashes.
    for (const broken of [
      { rfilename: 'a' },
      { rfilename: 'a', size: 1 },
      { rfilename: 'a', size: '1', blobId: OID },
      { rfilename: 'a', size: 1.5, blobId: OID },
      { rfilename: 'a', size: 1, blobId: 'not-a-sha1' },
      { rfilename: 7, size: 1, blobId: OID },
      { rfilename: 'a', size: 1, blobId: OID, lfs: { size: 1 } },
      { rfilename: 'a', size: 1, blobId: OID, lfs: { sha256: 'short', size: 1 } },
      null,
    ]) {
      expect(filesOfSiblings([sibling, broken]), JSON.stringify(broken)).toBeUndefined();
    }
  });
});
