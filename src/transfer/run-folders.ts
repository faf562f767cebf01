/**
 * Folder work memoised for one download run, so per-file fixed costs stay at the calls that matter
 * (open, rename, symlink): each folder is created once (mkdir -p), and each temp folder is listed once to
 * learn which files have temp files left by an earlier run (docs/hub-disk-layout.md §3.8,
 * docs/hub-downloaders.md §6.4).
 *
 * The listing is a snapshot from the first look. It only answers "may this prefix have temp files?" and
 * "may this file exist?": a prefix that had none then gets a fresh temp name without another readdir, and a
 * file that was not there is planned as missing without a stat; anything else goes through the full lookup
 * (cache/temp-files.ts, cache/file-presence.ts), which also sees what was written since.
 *
 * Made with `reads` (the model page's partial-file lookup, partial-bytes.ts), the listings are kept reads
 * (src/system/kept-reads.ts): a folder no entry came to or left since an earlier ask is stat'ed, not listed. The
 * names only: what a temp file holds (its size, its resume map) is read each time, by the full lookup.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { makeDirectory } from '../make-directory.js';
import type { KeptReads, PathReader } from '../system/kept-reads.js';

/** A folder's names, as RunFolders looks them up. */
const FOLDER_NAMES: PathReader<ReadonlySet<string>> = {
  kind: 'run-folder-names',
  read: async (folder) => new Set(await readdir(folder)),
};

export class RunFolders {
  readonly #reads: KeptReads | undefined;
  readonly #created = new Map<string, Promise<void>>();
  /** Names in each folder at the first look; undefined: the folder could not be read. */
  readonly #listings = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  readonly #prefixes = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  /** `reads`: list through these kept reads (else each folder is listed once by this object). */
  constructor(options: { reads?: KeptReads } = {}) {
    this.#reads = options.reads;
  }

  /** mkdir -p once per folder and run; a failure is not memoised (the next call tries again). */
  ensure(folder: string): Promise<void> {
    let created = this.#created.get(folder);
    if (!created) {
      created = makeDirectory(folder).then(() => undefined);
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
    const starts = await this.#dotPrefixes(dirname(prefix));
    return starts === undefined || starts.has(basename(prefix));
  }

  /**
   * False only when the folder of `path` held no entry named like it at the first look (a folder that did
   * not exist holds nothing); true when it did, or when the folder could not be read. The plan asks this
   * before it stats a file, so a first download of a repo costs one readdir per folder, not a stat per file.
   */
  async mayExist(path: string): Promise<boolean> {
    const names = await this.#listing(dirname(path));
    return names === undefined || names.has(basename(path));
  }

  /**
   * Every `x` such that a name of the folder starts with `x.` (`a.b.incomplete` gives `a` and `a.b`), built once
   * per folder: a lookup per file instead of a scan of the folder per file (a partly downloaded repo of 10 000
   * files would otherwise cost 10⁸ comparisons to plan).
   */
  #dotPrefixes(folder: string): Promise<ReadonlySet<string> | undefined> {
    let prefixes = this.#prefixes.get(folder);
    if (!prefixes) {
      prefixes = this.#listing(folder).then((names) => {
        if (names === undefined) return undefined;
        const starts = new Set<string>();
        for (const name of names) {
          for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
            starts.add(name.slice(0, dot));
          }
        }
        return starts;
      });
      this.#prefixes.set(folder, prefixes);
    }
    return prefixes;
  }

  #listing(folder: string): Promise<ReadonlySet<string> | undefined> {
    let listing = this.#listings.get(folder);
    if (!listing) {
      const reads = this.#reads;
      listing = (
        reads === undefined
          ? readdir(folder).then((names) => new Set(names))
          : // Nothing there (or no stat of it): no names, as ENOENT.
            reads.read(folder, FOLDER_NAMES).then((names) => names ?? new Set<string>())
      ).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? new Set<string>() : undefined));
      this.#listings.set(folder, listing);
    }
    return listing;
  }
}
