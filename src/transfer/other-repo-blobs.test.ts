/**
 * OtherRepoBlobs' index shared by the plans of a process through kept reads (src/system/kept-reads.ts): a second
 * plan lists no folder again while none changed; a new repo folder in the cache root and a new blob in a `blobs/`
 * folder are seen, a removed one is gone; a plan never takes its own folder's blobs, though the index holds them
 * for the others. Listings counted through node:fs/promises, not timed.
 *
 * The kept reads' clock runs an hour ahead and the folders are dated long ago, so they count as settled and a
 * change the test makes gets a new mtime even within the file system's tick.
 */
import * as fs from 'node:fs/promises';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeptReads } from '../system/kept-reads.js';
import { OtherRepoBlobs } from './other-repo-blobs.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readdir: vi.fn(actual.readdir) };
});

const LONG_AGO = new Date(Date.now() - 24 * 3_600_000);
const LATER = () => Date.now() + 3_600_000;
const blob = (digit: string) => digit.repeat(64);
const SIZE = 5;

let cacheDir: string;
let reads: KeptReads;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'hubget-other-blobs-'));
  reads = new KeptReads({ now: LATER });
  vi.mocked(fs.readdir).mockClear();
});
afterEach(() => rm(cacheDir, { recursive: true, force: true }));

/** `models--org--{name}/blobs/{blobId}` of SIZE bytes. */
async function cachedBlob(name: string, blobId: string): Promise<void> {
  const blobs = join(cacheDir, `models--org--${name}`, 'blobs');
  await mkdir(blobs, { recursive: true });
  await writeFile(join(blobs, blobId), 'x'.repeat(SIZE));
}

/** The cache root and every repo folder and `blobs/` in it dated long ago. */
async function dateLongAgo(): Promise<void> {
  for (const name of await fs.readdir(cacheDir)) {
    await utimes(join(cacheDir, name, 'blobs'), LONG_AGO, LONG_AGO);
    await utimes(join(cacheDir, name), LONG_AGO, LONG_AGO);
  }
  await utimes(cacheDir, LONG_AGO, LONG_AGO);
  vi.mocked(fs.readdir).mockClear();
}

/**
 * Dated long ago, then asked once: dating a folder changes its ctime, so this ask reads them all again and the
 * kept reads hold the stamps the test's next change must change.
 */
async function settled(): Promise<void> {
  await dateLongAgo();
  await copiedFrom('wanted', blob('0'));
  vi.mocked(fs.readdir).mockClear();
}

/** The repo a plan of `org/{own}` copies `blobId` from, as a new plan asks. */
const copiedFrom = async (own: string, blobId: string) =>
  (await new OtherRepoBlobs(cacheDir, `models--org--${own}`, reads).copyOf({ blobId, size: SIZE }))?.repoId;

/** Folders listed since the last call. */
function listings(): number {
  const count = vi.mocked(fs.readdir).mock.calls.length;
  vi.mocked(fs.readdir).mockClear();
  return count;
}

describe('OtherRepoBlobs asked again', () => {
  it('lists no folder again for a second plan while none changed', async () => {
    await cachedBlob('a', blob('1'));
    await cachedBlob('b', blob('2'));
    await dateLongAgo();
    expect(await copiedFrom('wanted', blob('2'))).toBe('org/b');
    expect(listings()).toBe(3);
    expect(await copiedFrom('wanted', blob('1'))).toBe('org/a');
    expect(await new OtherRepoBlobs(cacheDir, 'models--org--wanted', reads).holding([])).toEqual(new Map());
    expect(listings()).toBe(0);
  });

  it('sees a new repo folder and a new blob; a removed one is gone', async () => {
    await cachedBlob('a', blob('1'));
    await settled();
    await cachedBlob('fork', blob('2'));
    expect(await copiedFrom('wanted', blob('2'))).toBe('org/fork');
    await settled();
    await cachedBlob('a', blob('3'));
    expect(await copiedFrom('wanted', blob('3'))).toBe('org/a');
    await settled();
    await rm(join(cacheDir, 'models--org--a', 'blobs', blob('3')));
    await rm(join(cacheDir, 'models--org--fork'), { recursive: true });
    expect(await copiedFrom('wanted', blob('3'))).toBeUndefined();
    expect(await copiedFrom('wanted', blob('2'))).toBeUndefined();
  });

  it("never takes a plan's own blobs, though one index serves every repo", async () => {
    await cachedBlob('a', blob('1'));
    await cachedBlob('b', blob('1'));
    await dateLongAgo();
    expect(await copiedFrom('a', blob('1'))).toBe('org/b');
    expect(await copiedFrom('b', blob('1'))).toBe('org/a');
    const held = await new OtherRepoBlobs(cacheDir, 'models--org--a', reads).holding([
      { path: 'w.bin', blobId: blob('1'), size: SIZE },
    ]);
    expect(held).toEqual(new Map([['w.bin', ['org/b']]]));
  });
});
