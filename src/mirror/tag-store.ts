/**
 * Which names of each repo are tags, as the upstream said, kept on disk beside the mirror's other state. The
 * HF cache stores branches and tags alike (`refs/<name>`), so without this record the mirror's offline refs
 * answer listed every tag as a branch. Learned from a refs answer passed through to a client, and when a
 * client resolves a name the mirror has not seen (repo-metadata.ts asks the upstream's refs once).
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseRepoFolderName, repoFolderName } from '../cache/repo-folder.js';
import type { RepoRef } from '../hub/index.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

export class TagStore {
  readonly #dir: string;

  constructor(options: { dir: string }) {
    this.#dir = options.dir;
  }

  /** Records the upstream's answer: these names are the repo's tags. Never throws. */
  async record(repo: RepoRef, tagNames: Iterable<string>): Promise<void> {
    const tags = [...tagNames].sort();
    try {
      await makeDirectory(dirname(this.#pathOf(repo)));
      await replaceFile(this.#pathOf(repo), JSON.stringify({ tags }));
    } catch {
      // Offline, tags are then listed as branches, as before this record existed.
    }
  }

  /** The repo's tag names as last recorded; none when never recorded or unreadable. */
  async tags(repo: RepoRef): Promise<ReadonlySet<string>> {
    try {
      const data = JSON.parse(await readFile(this.#pathOf(repo), 'utf8')) as { tags?: unknown } | null;
      const tags = data?.tags;
      return Array.isArray(tags)
        ? new Set(tags.filter((tag): tag is string => typeof tag === 'string'))
        : new Set();
    } catch {
      return new Set();
    }
  }

  /** Every tag record: its repo and its file (prune-records.ts). */
  async records(): Promise<TagRecord[]> {
    const entries = await readdir(this.#dir, { withFileTypes: true }).catch(() => []);
    return entries.flatMap((entry) => {
      const repo =
        entry.isFile() && entry.name.endsWith('.json')
          ? parseRepoFolderName(entry.name.slice(0, -'.json'.length))
          : undefined;
      return repo === undefined ? [] : [{ repo, path: join(this.#dir, entry.name) }];
    });
  }

  /** Deletes one tag record; true when it went. */
  remove(record: TagRecord): Promise<boolean> {
    return unlink(record.path).then(
      () => true,
      () => false,
    );
  }

  #pathOf(repo: RepoRef): string {
    return join(this.#dir, `${repoFolderName(repo)}.json`);
  }
}

export interface TagRecord {
  repo: RepoRef;
  path: string;
}
