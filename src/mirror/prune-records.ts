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
import { stat } from 'node:fs/promises';
import { cacheRepoLayout, snapshotDir } from '../cache/cache-layout.js';
import type { RepoRef } from '../hub/index.js';
import { pathExists } from '../system/path-kind.js';
import type { ListingStore } from './listing-store.js';
import type { TagStore } from './tag-store.js';

/** How often a running mirror prunes its records (and once at start). */
export const PRUNE_INTERVAL_MS = 24 * 3600_000;
/** A record unused (not rewritten) for this long may go once it can no longer serve. */
export const UNUSED_RECORD_AGE_MS = 7 * 24 * 3600_000;

export interface PruneOptions {
  /** The HF cache the mirror serves. */
  cacheDir: string;
  listings?: ListingStore;
  tags?: TagStore;
  /** Whether the mirror holds this commit's listing in memory (repo-metadata.ts): such a file stays. */
  inMemory: (repo: RepoRef, commit: string) => boolean;
  now?: () => number;
}

export interface Pruned {
  listings: number;
  tags: number;
}

/** Whether `path` was last written before `cutoffMs`. */
async function unusedSince(path: string, cutoffMs: number): Promise<boolean> {
  return stat(path).then(
    (info) => info.mtimeMs < cutoffMs,
    () => false,
  );
}

/** Removes the records that can no longer serve (see the file comment); never throws. */
export async function pruneMirrorRecords(options: PruneOptions): Promise<Pruned> {
  const cutoffMs = (options.now ?? Date.now)() - UNUSED_RECORD_AGE_MS;
  const pruned: Pruned = { listings: 0, tags: 0 };
  for (const record of (await options.listings?.records()) ?? []) {
    if (options.inMemory(record.repo, record.commit)) continue;
    if (await pathExists(snapshotDir(cacheRepoLayout(options.cacheDir, record.repo), record.commit)))
      continue;
    if ((await unusedSince(record.path, cutoffMs)) && (await options.listings?.remove(record)))
      pruned.listings++;
  }
  for (const record of (await options.tags?.records()) ?? []) {
    if (await pathExists(cacheRepoLayout(options.cacheDir, record.repo).repoDir)) continue;
    if ((await unusedSince(record.path, cutoffMs)) && (await options.tags?.remove(record))) pruned.tags++;
  }
  return pruned;
}

/**
 * Runs `prune` now and every PRUNE_INTERVAL_MS (the timer does not keep the process alive); `onPruned` hears
 * of each pass that removed something. Returns the stop.
 */
export function pruneDaily(prune: () => Promise<Pruned>, onPruned?: (pruned: Pruned) => void): () => void {
  const pass = () =>
    prune().then(
      (pruned) => {
        if (pruned.listings + pruned.tags > 0) onPruned?.(pruned);
      },
      () => undefined,
    );
  void pass();
  const timer = setInterval(pass, PRUNE_INTERVAL_MS).unref();
  return () => clearInterval(timer);
}
