/**
 * The mirror's records beside the HF cache — each commit's kept listing (listing-store.ts: for a 10 000-file
 * repo about 1.5 MB per commit) and each repo's tag names (tag-store.ts) — are pruned once they can no longer
 * serve: a listing is read only for a commit the cache holds (the offline answers), tag names only for a repo
 * the cache holds. So a listing goes when its commit has no snapshot folder in the cache, and a tag record when
 * its repo has no cache folder (deleted with `hubget rm`, the API or another tool), in both cases only once
 * the record has not been written for UNUSED_RECORD_AGE_MS (a commit listed by a client and not pulled yet
 * keeps its listing for when it is) and never for a listing the mirror holds in memory (it was saved once per
 * process and would not be saved again). What is pruned is fetched again from the upstream when next needed.
 */
import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRepoFolderName } from '../cache/repo-folder.js';

/** How often a running mirror prunes its records (and once at start). */
export const PRUNE_INTERVAL_MS = 24 * 3600_000;
/** A record unused (not rewritten) for this long may go once it can no longer serve. */
export const UNUSED_RECORD_AGE_MS = 7 * 24 * 3600_000;

export interface PruneOptions {
  /** The HF cache the mirror serves. */
  cacheDir: string;
  listingsDir?: string;
  tagsDir?: string;
  /** Whether the mirror holds this commit's listing in memory (repo-metadata.ts): such a file stays. */
  inMemory: (repoFolder: string, commit: string) => boolean;
  now?: () => number;
}

export interface Pruned {
  listings: number;
  tags: number;
}

const COMMIT_FILE = /^([0-9a-f]{40})\.json$/;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function entriesOf(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

/** Deletes `path` when it was last written before `cutoffMs`; true when it went. */
async function removeIfUnused(path: string, cutoffMs: number): Promise<boolean> {
  const unused = await stat(path).then(
    (info) => info.mtimeMs < cutoffMs,
    () => false,
  );
  if (!unused) return false;
  return unlink(path).then(
    () => true,
    () => false,
  );
}

/** Removes the records that can no longer serve (see the file comment); never throws. */
export async function pruneMirrorRecords(options: PruneOptions): Promise<Pruned> {
  const cutoffMs = (options.now ?? Date.now)() - UNUSED_RECORD_AGE_MS;
  const pruned: Pruned = { listings: 0, tags: 0 };
  if (options.listingsDir !== undefined) {
    for (const repoEntry of await entriesOf(options.listingsDir)) {
      if (!repoEntry.isDirectory() || parseRepoFolderName(repoEntry.name) === undefined) continue;
      const folder = join(options.listingsDir, repoEntry.name);
      for (const entry of await entriesOf(folder)) {
        const commit = COMMIT_FILE.exec(entry.name)?.[1];
        if (commit === undefined || !entry.isFile()) continue;
        const path = join(folder, entry.name);
        if (options.inMemory(repoEntry.name, commit)) continue;
        if (await exists(join(options.cacheDir, repoEntry.name, 'snapshots', commit))) continue;
        if (await removeIfUnused(path, cutoffMs)) pruned.listings++;
      }
      // An emptied folder goes too (rmdir fails on a folder with anything left in it).
      await rmdir(folder).catch(() => {});
    }
  }
  if (options.tagsDir !== undefined) {
    for (const entry of await entriesOf(options.tagsDir)) {
      const name = entry.name.endsWith('.json') ? entry.name.slice(0, -'.json'.length) : undefined;
      if (name === undefined || !entry.isFile() || parseRepoFolderName(name) === undefined) continue;
      const path = join(options.tagsDir, entry.name);
      if (await exists(join(options.cacheDir, name))) continue;
      if (await removeIfUnused(path, cutoffMs)) pruned.tags++;
    }
  }
  return pruned;
}
