import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListingStore } from './listing-store.js';
import { PRUNE_INTERVAL_MS, pruneDaily, pruneMirrorRecords, UNUSED_RECORD_AGE_MS } from './prune-records.js';
import { TagStore } from './tag-store.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const commit = (digit: string) => digit.repeat(40);
const NOW = Date.now();
const OLD = new Date(NOW - UNUSED_RECORD_AGE_MS - 60_000);

async function file(path: string, old: boolean): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '{}');
  if (old) await utimes(path, OLD, OLD);
}

describe('pruneMirrorRecords', () => {
  it('removes the listings of commits and the tags of repos the cache no longer holds, once unused for a while', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hubget-prune-'));
    dirs.push(root);
    const cacheDir = join(root, 'hub');
    const listingsDir = join(root, 'mirror-listings');
    const tagsDir = join(root, 'mirror-tags');
    // Repo a is cached with commit 1; repo b and c are not (deleted, or listed and never pulled).
    await mkdir(join(cacheDir, 'models--org--a', 'snapshots', commit('1')), { recursive: true });
    await file(join(listingsDir, 'models--org--a', `${commit('1')}.json`), true); // cached: stays
    await file(join(listingsDir, 'models--org--a', `${commit('2')}.json`), true); // not cached, old: goes
    await file(join(listingsDir, 'models--org--a', `${commit('3')}.json`), false); // recent: stays
    await file(join(listingsDir, 'models--org--b', `${commit('4')}.json`), true); // goes, and the folder
    await file(join(listingsDir, 'models--org--c', `${commit('5')}.json`), true); // in memory: stays
    await file(join(listingsDir, 'models--org--c', 'notes.txt'), true); // not a record: untouched
    await file(join(tagsDir, 'models--org--a.json'), true); // repo cached: stays
    await file(join(tagsDir, 'models--org--b.json'), true); // repo gone, old: goes
    await file(join(tagsDir, 'models--org--c.json'), false); // recent: stays

    const pruned = await pruneMirrorRecords({
      cacheDir,
      listings: new ListingStore({ dir: listingsDir }),
      tags: new TagStore({ dir: tagsDir }),
      inMemory: (repo, listed) => repo.repoId === 'org/c' && listed === commit('5'),
      now: () => NOW,
    });

    expect(pruned).toEqual({ listings: 2, tags: 1 });
    expect((await readdir(listingsDir)).sort()).toEqual(['models--org--a', 'models--org--c']);
    expect((await readdir(join(listingsDir, 'models--org--a'))).sort()).toEqual([
      `${commit('1')}.json`,
      `${commit('3')}.json`,
    ]);
    expect((await readdir(join(listingsDir, 'models--org--c'))).sort()).toEqual([
      `${commit('5')}.json`,
      'notes.txt',
    ]);
    expect((await readdir(tagsDir)).sort()).toEqual(['models--org--a.json', 'models--org--c.json']);
  });

  it('does nothing where the folders do not exist', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hubget-prune-'));
    dirs.push(root);
    const pruned = await pruneMirrorRecords({
      cacheDir: join(root, 'hub'),
      listings: new ListingStore({ dir: join(root, 'none') }),
      tags: new TagStore({ dir: join(root, 'none-either') }),
      inMemory: () => false,
    });
    expect(pruned).toEqual({ listings: 0, tags: 0 });
  });
});

describe('pruneDaily', () => {
  it('prunes at once and every PRUNE_INTERVAL_MS until stopped, telling only of passes that removed something', async () => {
    vi.useFakeTimers();
    try {
      const results = [
        { listings: 0, tags: 0 },
        { listings: 2, tags: 1 },
      ];
      let passes = 0;
      const heard: unknown[] = [];
      const stop = pruneDaily(
        async () => results[passes++] ?? { listings: 0, tags: 0 },
        (pruned) => heard.push(pruned),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(passes).toBe(1);
      expect(heard).toEqual([]);
      await vi.advanceTimersByTimeAsync(PRUNE_INTERVAL_MS);
      expect(passes).toBe(2);
      expect(heard).toEqual([{ listings: 2, tags: 1 }]);
      stop();
      await vi.advanceTimersByTimeAsync(3 * PRUNE_INTERVAL_MS);
      expect(passes).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
