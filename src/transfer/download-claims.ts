/**
 * One writer per file across hubget runs (processes, or jobs of one server): before a run writes the temp file
 * of a missing file it claims the file's key in the claims folder of its destination (claim-records.ts); a
 * file another live run claimed is left to that run, and this one waits for it (wait-for-other-runs.ts). The
 * cost is per run, not per file: one lock held for the run's life, and the folder's mutex for a few
 * milliseconds when claiming (a 3000-file repo pays the same as a one-file repo).
 *
 * A file's key is its temp prefix relative to the temp folder (the blob id in the cache; `<dir>/{X}.{blob id}`
 * in a local dir): two runs collide exactly when they would write the same temp files.
 */
import { relative } from 'node:path';
import type { FileLock } from '../system/file-lock.js';
import {
  endRun,
  goneRuns,
  type LiveRun,
  lockClaimsFolder,
  newRunId,
  otherRuns,
  ownerOfThisProcess,
  type RunOwner,
  startRun,
  tryLockClaimsFolder,
  writeRunRecord,
} from './claim-records.js';
import { claimsFolderAt } from './claims-folder.js';
import { tempFolderOf, tempPrefixOf } from './plan-download.js';
import { noteClaimed, noteRunEnded } from './this-process-claims.js';
import type { DownloadPlan, PlannedFile } from './types.js';

/** Where a plan's claims live: the cache's `.locks/{repo folder}`, or the local dir's `.cache/huggingface/.locks`. */
export function claimsFolderOf(plan: DownloadPlan): string {
  const { destination } = plan;
  return claimsFolderAt(
    destination.kind === 'local'
      ? destination
      : { kind: 'cache', cacheDir: destination.cacheDir, repo: plan.request.repo },
  );
}

/**
 * The key of a file: its temp prefix relative to the plan's temp folder, which in the cache is the blob id
 * (`blobs/<blob id>`; as claimOfTempPrefix reads it back) — no path arithmetic per file there (≈ 7 µs per key,
 * on the way to a run's first request).
 */
export function claimKeyOf(plan: DownloadPlan, file: PlannedFile): string {
  if (plan.destination.kind === 'cache') return file.blobId;
  return relative(tempFolderOf(plan), tempPrefixOf(plan, file));
}

/** An item another live run claimed, and that run. */
export interface Blocked<T> {
  item: T;
  run: LiveRun;
}

export interface ClaimOutcome<T> {
  /** Items this run claimed (every key): it fetches them. */
  claimed: T[];
  /** Items with a key claimed by another live run. */
  blocked: Blocked<T>[];
}

export class RunClaims {
  readonly #folder: string;
  readonly #id = newRunId();
  readonly #owner: RunOwner = ownerOfThisProcess(new Date());
  readonly #keys = new Set<string>();
  #lock: FileLock | undefined;
  #ended = false;

  constructor(folder: string) {
    this.#folder = folder;
  }

  /** This run's id in its claims folder. */
  get id(): string {
    return this.#id;
  }

  /**
   * Claims every item none of whose keys another live run has claimed; the others are blocked by that run.
   * Waits only for the folder's mutex (milliseconds); throws ABORTED when the signal fires meanwhile.
   */
  async claim<T>(
    items: readonly T[],
    keysOf: (item: T) => readonly string[],
    signal: AbortSignal,
  ): Promise<ClaimOutcome<T>> {
    if (this.#ended) throw new Error('claim() after release()');
    // Before this run's first claim its folder may go while it waits (a deletion of the place): made again.
    const mutex = await lockClaimsFolder(this.#folder, signal, { remake: this.#lock === undefined });
    try {
      this.#lock ??= startRun(this.#folder, this.#id);
      const live = await otherRuns(this.#folder, this.#id);
      const ownerOfKey = new Map<string, LiveRun>();
      for (const run of live) for (const key of run.keys) ownerOfKey.set(key, run);
      const outcome: ClaimOutcome<T> = { claimed: [], blocked: [] };
      const before = this.#keys.size;
      for (const item of items) {
        const keys = keysOf(item);
        const run = keys.map((key) => ownerOfKey.get(key)).find((owner) => owner !== undefined);
        if (run !== undefined) {
          outcome.blocked.push({ item, run });
          continue;
        }
        outcome.claimed.push(item);
        for (const key of keys) this.#keys.add(key);
      }
      if (this.#keys.size !== before) {
        await writeRunRecord(this.#folder, this.#id, this.#owner, this.#keys);
        // Before any of their files is written: the external watcher then knows them as this process's.
        noteClaimed(this.#folder, outcome.claimed.flatMap(keysOf));
      }
      return outcome;
    } finally {
      mutex.release();
    }
  }

  /** Of these runs, the ids of those that are gone (ended or killed); null when the mutex is busy right now. */
  async goneAmong(ids: Iterable<string>): Promise<Set<string> | null> {
    const mutex = tryLockClaimsFolder(this.#folder);
    if (mutex === null) return null;
    try {
      return await goneRuns(this.#folder, ids);
    } finally {
      mutex.release();
    }
  }

  /** Gives every claim up. Idempotent; never throws (the lock goes with the process anyway). */
  async release(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    noteRunEnded(this.#folder, this.#keys);
    const lock = this.#lock;
    if (lock === undefined) return;
    try {
      // Not abortable: the mutex is only ever held for milliseconds, and a dead holder's is dropped by the OS.
      const mutex = await lockClaimsFolder(this.#folder, new AbortController().signal);
      try {
        await endRun(this.#folder, this.#id, lock);
      } finally {
        mutex.release();
      }
    } catch {
      // The folder is gone (the repo was deleted meanwhile) or unreadable: dropping the lock is what counts;
      // the files left are removed by the next run that looks (claim-records.ts).
      lock.release();
    }
  }
}
