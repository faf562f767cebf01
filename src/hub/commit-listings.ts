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

interface Entry {
  files: Promise<RepoFile[]>;
  atMs: number;
}

export class CommitListings {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? COMMIT_LISTING_TTL_MS;
    this.#maxEntries = options.maxEntries ?? COMMIT_LISTINGS_KEPT;
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
      entry = { files, atMs: now };
      const kept = entry;
      files.catch(() => {
        if (this.#entries.get(key) === kept) this.#entries.delete(key);
      });
    } else this.#entries.delete(key);
    // Map order is insertion order: re-inserting marks the entry as the most recently used.
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return signal === undefined ? entry.files : abortable(entry.files, signal);
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
