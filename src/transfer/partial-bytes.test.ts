/**
 * cachePartialBytes (→ partialBytesOf, the plan's rule): what a paused hubget run's temp file and another
 * program's partial download hold of each file, with the temp folder listed once for the whole repo and the
 * attempts of a prefix that has temp files once more — shared by the resume-map rule (resumable-bytes.ts) and the
 * foreign-partial rule (foreign-partials.ts), not listed by each.
 */
import * as fs from 'node:fs/promises';
import { appendFile, mkdir, mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { localDownloadDir } from '../cache/local-dir-layout.js';
import type { RepoFile } from '../hub/types.js';
import { KeptReads } from '../system/kept-reads.js';
import { cachePartialBytes } from './partial-bytes.js';
import { writeResumeMapFile } from './resume-map.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readdir: vi.fn(actual.readdir) };
});

const REPO = { repoId: 'org/partial', repoType: 'model' as const };
const SIZE = 1_000_000;
const LONG_AGO = new Date(Date.now() - 5 * 60_000);
const RESUMED = `${'a'.repeat(60)}0001`;
const FOREIGN = `${'b'.repeat(60)}0002`;
const NONE = `${'c'.repeat(60)}0003`;

let hubCacheDir: string;
let blobs: string;

beforeEach(async () => {
  hubCacheDir = await mkdtemp(join(tmpdir(), 'hubget-partial-bytes-'));
  blobs = join(cacheRepoLayout(hubCacheDir, REPO).repoDir, 'blobs');
  await mkdir(blobs, { recursive: true });
  vi.mocked(fs.readdir).mockClear();
});

afterEach(async () => {
  await rm(hubCacheDir, { recursive: true, force: true });
});

function repoFile(path: string, blob: string): RepoFile {
  return { path, size: SIZE, oid: '0'.repeat(40), lfs: { oid: blob, size: SIZE } };
}

/** An idle file of `bytes` in the blobs folder. */
async function idle(name: string, bytes: number): Promise<string> {
  const path = join(blobs, name);
  await writeFile(path, Buffer.alloc(bytes, 1));
  await utimes(path, LONG_AGO, LONG_AGO);
  return path;
}

/** Listings of the blobs folder. */
function blobListings(): number {
  return vi.mocked(fs.readdir).mock.calls.filter(([folder]) => folder === blobs).length;
}

describe('cachePartialBytes', () => {
  it("counts a paused run's map and another program's attempt, listing a prefix's attempts once", async () => {
    // Another program's attempt (huggingface_hub ≥ 1.18, killed): no resume map, so the map rule finds nothing
    // and the foreign-partial rule takes it.
    await idle(`${FOREIGN}.0badcafe.incomplete`, 300_000);
    const mapped = await idle(`${RESUMED}.1badcafe.incomplete`, 0);
    await truncate(mapped, SIZE);
    await writeResumeMapFile(`${mapped}.hubget-ranges`, {
      size: SIZE,
      algorithm: 'sha256',
      hash: RESUMED,
      etag: null,
      ranges: [
        [0, 100_000],
        [500_000, 600_000],
      ],
    });

    const bytes = await cachePartialBytes(hubCacheDir, REPO, [
      repoFile('foreign.bin', FOREIGN),
      repoFile('resumed.bin', RESUMED),
      repoFile('none.bin', NONE),
    ]);
    expect(Object.fromEntries(bytes)).toEqual({ 'foreign.bin': 300_000, 'resumed.bin': 200_000 });
    // One listing of the folder for the whole repo (RunFolders), then one per prefix with temp files.
    expect(blobListings()).toBe(3);
  });

  it('lists the attempts once for a file whose only temp file is not resumable', async () => {
    await idle(`${FOREIGN}.0badcafe.incomplete`, 300_000);
    const bytes = await cachePartialBytes(hubCacheDir, REPO, [repoFile('foreign.bin', FOREIGN)]);
    expect(Object.fromEntries(bytes)).toEqual({ 'foreign.bin': 300_000 });
    expect(blobListings()).toBe(2);
  });
});

describe('cachePartialBytes asked again (the model page: kept reads)', () => {
  /** The kept reads' clock an hour ahead: what the test made counts as settled. */
  const reads = () => new KeptReads({ now: () => Date.now() + 3_600_000 });
  const files = [repoFile('foreign.bin', FOREIGN), repoFile('none.bin', NONE)];

  it("lists no temp folder again while no temp file came or went, and reads a growing one's size each time", async () => {
    const localDir = join(hubCacheDir, 'models', 'other-layout');
    const download = localDownloadDir(localDir);
    await mkdir(download, { recursive: true });
    const partial = await idle(`${FOREIGN}.0badcafe.incomplete`, 300_000);
    await utimes(blobs, LONG_AGO, LONG_AGO);
    await utimes(download, LONG_AGO, LONG_AGO);
    const kept = reads();
    const ask = () => cachePartialBytes(hubCacheDir, REPO, files, [localDir], kept);
    const downloadListings = () =>
      vi.mocked(fs.readdir).mock.calls.filter(([folder]) => folder === download).length;

    expect(Object.fromEntries(await ask())).toEqual({ 'foreign.bin': 300_000 });
    expect([blobListings(), downloadListings()]).toEqual([2, 1]);
    vi.mocked(fs.readdir).mockClear();

    // Another program wrote more of its file since (its folder's entries the same): the size is today's.
    await appendFile(partial, Buffer.alloc(200_000, 1));
    await utimes(partial, LONG_AGO, LONG_AGO);
    expect(Object.fromEntries(await ask())).toEqual({ 'foreign.bin': 500_000 });
    // Only the prefix that has temp files is listed again (its attempts); neither folder's names.
    expect([blobListings(), downloadListings()]).toEqual([1, 0]);
    vi.mocked(fs.readdir).mockClear();

    // A temp file new in the kept folder is seen (an entry came: the folder's stamp changed).
    await idle(`${NONE}.1badcafe.incomplete`, 100_000);
    expect(Object.fromEntries(await ask())).toEqual({ 'foreign.bin': 500_000, 'none.bin': 100_000 });
    await rm(partial);
    expect(Object.fromEntries(await ask())).toEqual({ 'none.bin': 100_000 });
  });
});
