/**
 * findLocalDirs asked again through kept reads (src/system/kept-reads.ts): no folder is listed again while none
 * changed; a new local dir, one removed, and `.cache/huggingface/` made inside a `.cache` that was there already
 * are seen. Listings counted through node:fs/promises, not timed.
 *
 * The kept reads' clock runs an hour ahead, so what the test makes counts as settled; each folder the test
 * changes is dated long ago first, so the change gets a new mtime even within the file system's tick.
 */
import * as fs from 'node:fs/promises';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeptReads } from '../system/kept-reads.js';
import { localBookkeepingDir } from './local-dir-layout.js';
import { findLocalDirs } from './scan-local-dirs.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readdir: vi.fn(actual.readdir) };
});

const LONG_AGO = new Date(Date.now() - 24 * 3_600_000);

let modelsDir: string;
let reads: KeptReads;
beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'hubget-find-local-dirs-'));
  reads = new KeptReads({ now: () => Date.now() + 3_600_000 });
});
afterEach(() => rm(modelsDir, { recursive: true, force: true }));

/** Folders listed since the last call. */
function listings(): number {
  const count = vi.mocked(fs.readdir).mock.calls.length;
  vi.mocked(fs.readdir).mockClear();
  return count;
}

const find = async () =>
  (await findLocalDirs(modelsDir, { reads })).map((dir) => dir.slice(modelsDir.length + 1));

async function dateLongAgo(...paths: string[]): Promise<void> {
  for (const path of paths) await utimes(path, LONG_AGO, LONG_AGO);
}

describe('findLocalDirs asked again', () => {
  it('lists no folder again while none changed, and sees a local dir made, removed or finished', async () => {
    await mkdir(localBookkeepingDir(join(modelsDir, 'a')), { recursive: true });
    await mkdir(localBookkeepingDir(join(modelsDir, 'org', 'b')), { recursive: true });
    await mkdir(join(modelsDir, 'c', '.cache'), { recursive: true });
    expect((await find()).sort()).toEqual(['a', 'org/b']);
    listings();
    expect((await find()).sort()).toEqual(['a', 'org/b']);
    expect(listings()).toBe(0);

    // A `.cache/huggingface/` made inside a `.cache` that was there: `.cache`'s entries changed.
    await dateLongAgo(join(modelsDir, 'c', '.cache'));
    await find();
    await mkdir(localBookkeepingDir(join(modelsDir, 'c')));
    expect((await find()).sort()).toEqual(['a', 'c', 'org/b']);

    // A new local dir in a sub-folder, and one removed.
    await dateLongAgo(join(modelsDir, 'org'), modelsDir);
    await find();
    await mkdir(localBookkeepingDir(join(modelsDir, 'org', 'd')), { recursive: true });
    await rm(join(modelsDir, 'a'), { recursive: true });
    expect((await find()).sort()).toEqual(['c', 'org/b', 'org/d']);
    listings();
    expect((await find()).sort()).toEqual(['c', 'org/b', 'org/d']);
    expect(listings()).toBe(0);
  });
});
