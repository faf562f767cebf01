/**
 * `trees/<commit>.json` as huggingface_hub 1.22+ writes and reads it (docs/hub-disk-layout.md §3.9): what hubget
 * writes Python reads, and what Python writes hubget reads; a file that is not one is as no file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoFile } from '../hub/types.js';
import { makeDirectory } from '../make-directory.js';
import { readTreeListing, treeListingPath, writeTreeListing } from './tree-listing.js';

const COMMIT = 'c'.repeat(40);
const SHA1 = 'a'.repeat(40);
const SHA256 = 'b'.repeat(64);
const FILES: RepoFile[] = [
  {
    path: 'weights/model.safetensors',
    size: 1234,
    oid: SHA1,
    lfs: { oid: SHA256, size: 1234 },
    xetHash: 'd'.repeat(64),
  },
  { path: 'config.json', size: 519, oid: '1'.repeat(40) },
];

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubget-trees-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('trees/<commit>.json', () => {
  it('is written in Python’s format, sorted by path, and read back the same', async () => {
    expect(await writeTreeListing(folder, COMMIT, FILES)).toBe(true);
    const written = JSON.parse(await readFile(treeListingPath(folder, COMMIT), 'utf8'));
    expect(written).toEqual({
      format_version: 1,
      files: {
        'config.json': { size: 519, blob_id: '1'.repeat(40) },
        'weights/model.safetensors': {
          size: 1234,
          blob_id: SHA1,
          lfs_sha256: SHA256,
          lfs_size: 1234,
          xet_hash: 'd'.repeat(64),
        },
      },
    });
    expect(Object.keys(written.files)).toEqual(['config.json', 'weights/model.safetensors']);
    expect(await readTreeListing(folder, COMMIT)).toEqual([FILES[1], FILES[0]]);
    // A commit's listing never changes: one there is kept.
    expect(await writeTreeListing(folder, COMMIT, [FILES[1]!])).toBe(false);
    expect(await readTreeListing(folder, COMMIT)).toHaveLength(2);
  });

  it('reads one Python wrote (indent 1, non-ASCII escaped, no LFS fields on a regular file)', async () => {
    await makeDirectory(join(folder, 'trees'));
    const python =
      '{\n "format_version": 1,\n "files": {\n  "caf\\u00e9.txt": {\n   "size": 3,\n   "blob_id": "' +
      SHA1 +
      '"\n  }\n }\n}';
    await writeFile(treeListingPath(folder, COMMIT), python);
    expect(await readTreeListing(folder, COMMIT)).toEqual([{ path: 'café.txt', size: 3, oid: SHA1 }]);
  });

  it('is as no file when it is not one: another version, broken JSON, an entry not as the format says', async () => {
    await makeDirectory(join(folder, 'trees'));
    const write = (text: string) => writeFile(treeListingPath(folder, COMMIT), text);
    const entry = (value: object) => JSON.stringify({ format_version: 1, files: { 'a.bin': value } });
    for (const text of [
      JSON.stringify({ format_version: 2, files: {} }),
      '{"format_version": 1, "files": {',
      entry({ size: 3 }),
      entry({ size: -1, blob_id: SHA1 }),
      entry({ size: 3, blob_id: 'nope' }),
      entry({ size: 3, blob_id: SHA1, lfs_sha256: 'short' }),
      entry({ size: 3, blob_id: SHA1, xet_hash: 'not-a-hash' }),
    ]) {
      await write(text);
      expect(await readTreeListing(folder, COMMIT), text).toBeUndefined();
    }
    expect(await readTreeListing(folder, 'e'.repeat(40))).toBeUndefined();
  });

  it('writes nothing for an Xet hash that is not one (Python would ignore the whole file)', async () => {
    const bad = [{ ...FILES[0]!, xetHash: 'xyz' }];
    expect(await writeTreeListing(folder, COMMIT, bad)).toBe(false);
    expect(await readTreeListing(folder, COMMIT)).toBeUndefined();
  });
});
