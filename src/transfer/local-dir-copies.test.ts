/**
 * LocalCopies asked again (the next model page, the mirror's next plan) through kept reads (src/system/kept-reads.ts,
 * src/cache/kept-local-records.ts): a record rewritten in place with the same size is seen, a new record or
 * sub-folder of records is seen and a removed one is gone; an unchanged record, folder or marker is not read again
 * (reads counted through node:fs/promises, not timed).
 *
 * The kept reads' clock runs an hour ahead and what the test makes is dated long ago, so all of it counts as settled
 * and a change the test makes gets a new mtime even within the file system's tick.
 */
import * as fs from 'node:fs/promises';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDownloadDir, localFilePath, localMetadataPath } from '../cache/local-dir-layout.js';
import { formatLocalMetadata } from '../cache/local-dir-metadata.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { KeptReads } from '../system/kept-reads.js';
import { LocalCopies } from './local-dir-copies.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile), readdir: vi.fn(actual.readdir) };
});

const REPO = { repoId: 'org/wanted', repoType: 'model' as const };
const COMMIT = 'c'.repeat(40);
const LONG_AGO = new Date(Date.now() - 24 * 3_600_000);
const LATER = () => Date.now() + 3_600_000;
const blob = (digit: string) => digit.repeat(64);
const CONTENT = 'weights';

let modelsDir: string;
let reads: KeptReads;

beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'hubget-local-copies-'));
  reads = new KeptReads({ now: LATER });
  vi.mocked(fs.readFile).mockClear();
  vi.mocked(fs.readdir).mockClear();
});
afterEach(() => rm(modelsDir, { recursive: true, force: true }));

/** `path` of `dir` (a local dir under the models folder), its record naming `blobId`. */
async function recorded(dir: string, path: string, blobId: string): Promise<void> {
  const localDir = join(modelsDir, dir);
  await mkdir(dirname(localMetadataPath(localDir, path)), { recursive: true });
  await mkdir(dirname(localFilePath(localDir, path)), { recursive: true });
  await writeFile(localFilePath(localDir, path), CONTENT);
  await writeFile(
    localMetadataPath(localDir, path),
    formatLocalMetadata({ commit: COMMIT, etag: blobId, timestamp: Date.now() / 1000 }),
  );
}

/** Dates `dir`'s download folder, its sub-folders and records long ago (the real files keep their time). */
async function dateLongAgo(dir: string): Promise<void> {
  async function walk(folder: string): Promise<void> {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(folder, entry.name));
      else await utimes(join(folder, entry.name), LONG_AGO, LONG_AGO);
    }
    await utimes(folder, LONG_AGO, LONG_AGO);
  }
  await walk(localDownloadDir(join(modelsDir, dir)));
}

/**
 * `dir` dated long ago, then asked about once: dating a file or folder changes its ctime, so this ask reads them
 * again and the kept reads hold the stamps the test's next change must change.
 */
async function settled(dir: string): Promise<void> {
  await dateLongAgo(dir);
  await holders(blob('0'));
}

/** The local dirs (folder names) that hold a file of `blobId`, asked as a page asks: the dirs found anew. */
async function holders(blobId: string): Promise<string[]> {
  const copies = await LocalCopies.of(await findLocalDirs(modelsDir, { reads }), REPO, reads);
  const held = await copies.holding([{ path: 'wanted.bin', blobId, size: CONTENT.length }]);
  return (held.get('wanted.bin') ?? []).map((dir) => dir.slice(modelsDir.length + 1));
}

/** Reads of local-dir bookkeeping since the last call: `.metadata` and marker files read, folders listed. */
function bookkeepingReads(): { files: string[]; listings: number } {
  const files = vi
    .mocked(fs.readFile)
    .mock.calls.map(([path]) => String(path))
    .filter((path) => path.endsWith('.metadata') || path.endsWith('hubget.json'));
  const listings = vi
    .mocked(fs.readdir)
    .mock.calls.filter(([path]) => String(path).includes('.cache')).length;
  vi.mocked(fs.readFile).mockClear();
  vi.mocked(fs.readdir).mockClear();
  return { files, listings };
}

describe('LocalCopies asked again', () => {
  it('sees a record rewritten in place with the same size', async () => {
    await recorded('python', 'model.bin', blob('1'));
    await settled('python');
    expect(await holders(blob('1'))).toEqual(['python']);
    await recorded('python', 'model.bin', blob('2'));
    expect(await holders(blob('2'))).toEqual(['python']);
    expect(await holders(blob('1'))).toEqual([]);
  });

  it('sees a new record, a new sub-folder of records and a new local dir; a removed one is gone', async () => {
    await recorded('python', 'model.bin', blob('1'));
    await settled('python');
    await recorded('python', 'more.bin', blob('2'));
    expect(await holders(blob('2'))).toEqual(['python']);
    await settled('python');
    await recorded('python', 'sub/deeper/other.bin', blob('3'));
    expect(await holders(blob('3'))).toEqual(['python']);
    await recorded('fork', 'renamed.bin', blob('3'));
    expect((await holders(blob('3'))).sort()).toEqual(['fork', 'python']);
    await settled('python');
    await rm(join(localDownloadDir(join(modelsDir, 'python')), 'sub'), { recursive: true });
    await rm(join(modelsDir, 'fork'), { recursive: true });
    expect(await holders(blob('3'))).toEqual([]);
    expect(await holders(blob('2'))).toEqual(['python']);
  });

  it('reads no unchanged record, folder or marker again: only the record of the file it takes, to check it', async () => {
    await recorded('python', 'model.bin', blob('1'));
    await recorded('python', 'sub/other.bin', blob('2'));
    await dateLongAgo('python');
    await recorded('hubget', 'model.bin', blob('3'));
    await writeLocalDirMarker(join(modelsDir, 'hubget'), { repoId: 'org/other', repoType: 'model' });
    await dateLongAgo('hubget');
    await utimes(join(modelsDir, 'hubget', '.cache', 'huggingface', 'hubget.json'), LONG_AGO, LONG_AGO);

    expect(await holders(blob('2'))).toEqual(['python']);
    const first = bookkeepingReads();
    expect(first.files.length).toBeGreaterThanOrEqual(4);
    expect(first.listings).toBeGreaterThanOrEqual(3);

    expect(await holders(blob('2'))).toEqual(['python']);
    expect(bookkeepingReads()).toEqual({
      files: [localMetadataPath(join(modelsDir, 'python'), 'sub/other.bin')],
      listings: 0,
    });
    expect(await holders(blob('9'))).toEqual([]);
    expect(bookkeepingReads()).toEqual({ files: [], listings: 0 });
  });
});
