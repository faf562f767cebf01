/**
 * Each commit's listing as the mirror fetched it from the upstream, kept on disk (a commit's listing never
 * changes), so that while the upstream is unreachable the mirror still knows what the commit holds:
 * - a file the commit does not have is answered as the Hub answers it, a 404 `EntryNotFound`, and only a file
 *   it has but the cache does not gets the 503;
 * - the repo info, tree and paths-info answers list every file of the commit, not only the cached ones.
 *
 * Why: huggingface_hub retries a 503 five times with backoff before it gives up (≈ 23 s per file), and
 * transformers asks for many optional files a repo may not have (generation_config.json, adapter_config.json,
 * chat templates): through a mirror that has lost its upstream, each of those cost ~23 s instead of a 404.
 * And a listing of the cached files alone made a client's whole-repo download (`snapshot_download`,
 * `hubget download org/model`) "succeed" with part of the model and no word about the rest.
 * The HF cache does not record what a commit lists, so the mirror keeps it beside its other state.
 */

import { readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseRepoFolderName, repoFolderName } from '../cache/repo-folder.js';
import { byPath } from '../code-unit-order.js';
import type { RepoFile, RepoRef } from '../hub/index.js';
import { repoFileOfEntry } from '../hub/list-files.js';
import { isFullCommit } from '../hub/repo-id.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

/** What the store knows of one commit. */
export interface KeptListing {
  /** Every path the commit lists. */
  paths: ReadonlySet<string>;
  /**
   * Each file as the upstream listed it (size, git oid, LFS sha256); undefined for a listing an earlier hubget
   * kept, which held the paths alone.
   */
  files: ReadonlyMap<string, RepoFile> | undefined;
}

export class ListingStore {
  readonly #dir: string;

  constructor(options: { dir: string }) {
    this.#dir = options.dir;
  }

  /**
   * Remembers what `commit` lists (called once per commit listed from the upstream: repo-metadata.ts keeps
   * the listings it fetched in memory). Never throws: a mirror that cannot write this still serves.
   */
  async save(repo: RepoRef, commit: string, files: Iterable<RepoFile>): Promise<void> {
    const path = this.#pathOf(repo, commit);
    if (path === undefined) return;
    const sorted = [...files].sort(byPath);
    try {
      await makeDirectory(dirname(path));
      await replaceFile(path, JSON.stringify({ files: sorted }));
    } catch {
      // Offline answers for this commit then know only the cache, as before the listing was kept.
    }
  }

  /** What `commit` lists, if the mirror ever listed it; undefined when unknown or unreadable. */
  async listing(repo: RepoRef, commit: string): Promise<KeptListing | undefined> {
    const path = this.#pathOf(repo, commit);
    if (path === undefined) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return undefined;
    }
    if (Array.isArray(data)) {
      // Paths only (the format of the first hubget that kept listings).
      return data.every((entry) => typeof entry === 'string')
        ? { paths: new Set(data), files: undefined }
        : undefined;
    }
    const entries = (data as { files?: unknown } | null)?.files;
    if (!Array.isArray(entries)) return undefined;
    const files = new Map<string, RepoFile>();
    for (const entry of entries) {
      const file = keptFile(entry);
      if (file === undefined) return undefined;
      files.set(file.path, file);
    }
    return { paths: new Set(files.keys()), files };
  }

  /** Every kept listing: its repo, its commit and its file (prune-records.ts). */
  async records(): Promise<KeptListingRecord[]> {
    const records: KeptListingRecord[] = [];
    for (const repoEntry of await entriesOf(this.#dir)) {
      const repo = repoEntry.isDirectory() ? parseRepoFolderName(repoEntry.name) : undefined;
      if (repo === undefined) continue;
      for (const entry of await entriesOf(join(this.#dir, repoEntry.name))) {
        const commit = COMMIT_FILE.exec(entry.name)?.[1];
        if (commit === undefined || !entry.isFile()) continue;
        records.push({ repo, commit, path: join(this.#dir, repoEntry.name, entry.name) });
      }
    }
    return records;
  }

  /** Deletes one kept listing, and its repo's folder once nothing is left in it; true when the listing went. */
  async remove(record: KeptListingRecord): Promise<boolean> {
    const removed = await unlink(record.path).then(
      () => true,
      () => false,
    );
    await rmdir(dirname(record.path)).catch(() => {});
    return removed;
  }

  #pathOf(repo: RepoRef, commit: string): string | undefined {
    return isFullCommit(commit) ? join(this.#dir, repoFolderName(repo), `${commit}.json`) : undefined;
  }
}

export interface KeptListingRecord {
  repo: RepoRef;
  commit: string;
  path: string;
}

const COMMIT_FILE = /^([0-9a-f]{40})\.json$/;

function entriesOf(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

/**
 * A stored entry back as a RepoFile (the fields of a tree entry), or undefined when it is not one: stricter than
 * a listing, since it was written by the mirror and anything else is damage (a size that is not one, half an
 * LFS record).
 */
function keptFile(entry: unknown): RepoFile | undefined {
  const file = repoFileOfEntry(entry);
  if (file === undefined || !Number.isSafeInteger(file.size) || file.size < 0) return undefined;
  const lfs = (entry as { lfs?: unknown }).lfs;
  return lfs !== undefined && file.lfs === undefined ? undefined : file;
}
