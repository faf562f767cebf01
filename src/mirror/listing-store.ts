/**
 * The paths of each commit the mirror listed from the upstream, kept on disk (a commit's listing never
 * changes), so that while the upstream is unreachable a file the commit does not have is answered as the
 * Hub answers it, a 404 `EntryNotFound`, and only a file it has but the cache does not gets the 503.
 *
 * Why: huggingface_hub retries a 503 five times with backoff before it gives up (≈ 23 s per file), and
 * transformers asks for many optional files a repo may not have (generation_config.json, adapter_config.json,
 * chat templates): through a mirror that has lost its upstream, each of those cost ~23 s instead of a 404.
 * The HF cache does not record what a commit lists, so the mirror keeps it beside its other state.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoFolderName } from '../cache/repo-folder.js';
import type { RepoFile, RepoRef } from '../hub/index.js';
import { isFullCommit } from '../hub/repo-id.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

export class ListingStore {
  readonly #dir: string;

  constructor(options: { dir: string }) {
    this.#dir = options.dir;
  }

  /**
   * Remembers the paths `commit` lists (called once per commit listed from the upstream: repo-metadata.ts keeps
   * the listings it fetched in memory). Never throws: a mirror that cannot write this still serves.
   */
  async save(repo: RepoRef, commit: string, files: Iterable<RepoFile>): Promise<void> {
    const path = this.#pathOf(repo, commit);
    if (path === undefined) return;
    const paths = [...files].map((file) => file.path).sort();
    try {
      await makeDirectory(dirname(path));
      await replaceFile(path, JSON.stringify(paths));
    } catch {
      // Offline answers for this commit then know only the cache, as before the listing was kept.
    }
  }

  /** The paths `commit` lists, if the mirror ever listed it; undefined when unknown or unreadable. */
  async paths(repo: RepoRef, commit: string): Promise<ReadonlySet<string> | undefined> {
    const path = this.#pathOf(repo, commit);
    if (path === undefined) return undefined;
    try {
      const data: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (!Array.isArray(data) || !data.every((entry) => typeof entry === 'string')) return undefined;
      return new Set(data);
    } catch {
      return undefined;
    }
  }

  #pathOf(repo: RepoRef, commit: string): string | undefined {
    return isFullCommit(commit) ? join(this.#dir, repoFolderName(repo), `${commit}.json`) : undefined;
  }
}
