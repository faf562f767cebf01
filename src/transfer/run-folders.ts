/**
 * Folder work memoised for one download run, so per-file fixed costs stay at the calls that matter
 * (open, rename, symlink): each folder is created once (mkdir -p), and each temp folder is listed once to
 * learn which files have temp files left by an earlier run (docs/hub-protocol.md §3.8, §6.4).
 *
 * The listing is a snapshot from the first look. It only answers "may this prefix have temp files?":
 * a prefix that had none then gets a fresh temp name without another readdir; anything else goes through
 * the full lookup (cache/temp-files.ts), which also sees temp files written since.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export class RunFolders {
  readonly #created = new Map<string, Promise<void>>();
  readonly #listings = new Map<string, Promise<readonly string[] | undefined>>();

  /** mkdir -p once per folder and run; a failure is not memoised (the next call tries again). */
  ensure(folder: string): Promise<void> {
    let created = this.#created.get(folder);
    if (!created) {
      created = mkdir(folder, { recursive: true }).then(() => undefined);
      created.catch(() => this.#created.delete(folder));
      this.#created.set(folder, created);
    }
    return created;
  }

  /** Record a folder that exists already (created by another step of the run). */
  markCreated(folder: string): void {
    if (!this.#created.has(folder)) this.#created.set(folder, Promise.resolve());
  }

  /**
   * False only when the folder of `prefix` (a full path without the random part) held no entry named
   * `<basename>.…` at the first look; true when it did, or when the folder could not be read.
   */
  async mayHaveTemps(prefix: string): Promise<boolean> {
    const folder = dirname(prefix);
    let listing = this.#listings.get(folder);
    if (!listing) {
      listing = readdir(folder).then(
        (names) => names,
        (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : undefined),
      );
      this.#listings.set(folder, listing);
    }
    const names = await listing;
    if (names === undefined) return true;
    const start = `${basename(prefix)}.`;
    return names.some((name) => name.startsWith(start));
  }
}
