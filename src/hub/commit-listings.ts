/**
 * The file listing of a full commit, kept in memory for a few minutes and shared by concurrent callers. A
 * commit's files never change, and a process that plans many downloads of one commit would otherwise list the
 * repo once per download: the mirror pulls a model file by file, each pull a job pinned to the commit, and a
 * 3000-file repo meant 3000 tree listings upstream (several pages each), which the Hub's API rate limit does
 * not allow. Keyed by endpoint, token and repo as well as the commit, so an answer given to one token is never
 * handed to another; a failed listing is not kept. The bytes themselves are still asked of the Hub file by
 * file (`/resolve/`), which checks access on every request.
 */
import { HubgetError } from '../errors.js';
import type { HubConfig, RepoFile, RepoRef } from './types.js';

/** How long a commit's listing is reused. */
export const COMMIT_LISTING_TTL_MS = 5 * 60_000;
/** Commits kept at once (the least recently used goes first). */
export const COMMIT_LISTINGS_KEPT = 16;
/**
 * Files kept in all listings together (a dataset may list hundreds of thousands: tens of MB each): beyond it the
 * least recently used listings go, and a listing larger than this alone is shared while in flight but not kept.
 */
export const COMMIT_LISTINGS_MAX_FILES = 200_000;

interface Entry {
  files: Promise<RepoFile[]>;
  atMs: number;
  /** Files in the listing once it arrived (0 while in flight). */
  count: number;
}

export class CommitListings {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxFiles: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: { ttlMs?: number; maxEntries?: number; maxFiles?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? COMMIT_LISTING_TTL_MS;
    this.#maxEntries = options.maxEntries ?? COMMIT_LISTINGS_KEPT;
    this.#maxFiles = options.maxFiles ?? COMMIT_LISTINGS_MAX_FILES;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The listing of `commit`, from memory when a fresh one (or one in flight) is there, else from `list`. A caller's
   * abort ends its own wait, not the listing other callers share.
   */
  async get(
    hub: HubConfig,
    repo: RepoRef,
    commit: string,
    list: () => Promise<RepoFile[]>,
    signal?: AbortSignal,
  ): Promise<RepoFile[]> {
    const key = [hub.endpoint, hub.token ?? '', repo.repoType ?? 'model', repo.repoId, commit].join('\n');
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.atMs > this.#ttlMs) {
      this.#entries.delete(key);
      entry = undefined;
    }
    if (entry === undefined) {
      const files = list();
      entry = { files, atMs: now, count: 0 };
      const kept = entry;
      files.then(
        (listed) => {
          kept.count = listed.length;
          this.#trim();
        },
        () => {
          if (this.#entries.get(key) === kept) this.#entries.delete(key);
        },
      );
    } else this.#entries.delete(key);
    // Map order is insertion order: re-inserting marks the entry as the most recently used.
    this.#entries.set(key, entry);
    this.#trim();
    return signal === undefined ? entry.files : abortable(entry.files, signal);
  }

  /** Drops the least recently used listings while there are too many of them or too many files in them. */
  #trim(): void {
    let files = 0;
    for (const entry of this.#entries.values()) files += entry.count;
    while (this.#entries.size > this.#maxEntries || (files > this.#maxFiles && this.#entries.size > 0)) {
      const [oldest, entry] = this.#entries.entries().next().value as [string, Entry];
      this.#entries.delete(oldest);
      files -= entry.count;
    }
  }
}

function aborted(signal: AbortSignal): HubgetError {
  return new HubgetError('ABORTED', 'The operation was aborted', { cause: signal.reason });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The process's listings of commits (resolve-snapshot.ts). */
export const commitListings = new CommitListings();
