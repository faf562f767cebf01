/**
 * A paused pull's temp file the mirror found to be the listed file (PullThrough.verifyPaused) is moved into place as
 * its job would (the blob, the commit's snapshot link; its resume map removed), and its job is then completed as one
 * whose files were found on disk (BlobFetcher.placed), without a Hub call. Each step is tried again when the file is
 * next asked for while it has not succeeded, not on a timer (a file nobody asks for need not be in place): a move that
 * failed leaves the temp file served whole (its check stands), and a completion that failed leaves the job paused
 * beside its file in place. The server log says so once per cause, not once a request (retried-step-log.ts).
 */
import type { CacheRepoLayout } from '../cache/cache-layout.js';
import { resumeMapPathOf } from '../cache/cache-layout.js';
import { commitCacheFile } from '../cache/commit-cache-file.js';
import { toHubgetError } from '../errors.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/index.js';
import type { InFlightBlob } from './in-flight-blob.js';
import type { BlobFetcher } from './pull-through.js';
import { type MirrorLogs, RetriedStepLog } from './retried-step-log.js';

/** Which pull: its repo, commit and file. */
export interface PulledFile {
  repo: RepoRef;
  commit: string;
  file: RepoFile;
}

/** Why a completion failed when the fetcher said only that the job is still paused (BlobFetcher.placed false). */
const STILL_PAUSED = 'the jobs service did not find its file on disk';

export class PausedPlacing {
  readonly #fetcher: BlobFetcher;
  readonly #moves: RetriedStepLog<InFlightBlob>;
  readonly #completions: RetriedStepLog<InFlightBlob>;
  /** The move of each blob running or done: one at a time, none once one succeeded; a failed one leaves no entry. */
  readonly #placing = new WeakMap<InFlightBlob, Promise<boolean>>();
  /** The same for the completion of each blob's job, once its file is in place. */
  readonly #completing = new WeakMap<InFlightBlob, Promise<boolean>>();

  constructor(fetcher: BlobFetcher, logs: MirrorLogs) {
    this.#fetcher = fetcher;
    this.#moves = new RetriedStepLog(logs);
    this.#completions = new RetriedStepLog(logs);
  }

  /**
   * Moves the verified `tempPath` of `blob` into place (unless a move of it runs or succeeded: that one's outcome),
   * then completes its job; resolves whether the file is in place. Never rejects.
   */
  place(layout: CacheRepoLayout, pulled: PulledFile, blob: InFlightBlob, tempPath: string): Promise<boolean> {
    return untilSucceeded(this.#placing, blob, () => this.#move(layout, pulled, blob, tempPath));
  }

  /**
   * The file of `blob`, a paused pull, is in place and its job not completed yet (the blob is still in flight: its
   * job's completion ends that): the completion is tried again, unless one runs or succeeded. Never rejects.
   */
  completeAgain(pulled: PulledFile, blob: InFlightBlob): Promise<boolean> {
    return this.#complete(pulled, blob);
  }

  /**
   * The move, and its job's completion; resolves false when the move failed (commitCacheFile: tried again, it keeps a
   * blob already renamed into place and links it). What is on disk is read again either way: a rename that succeeded
   * before a link that failed has the blob's readers read it, not the temp file gone.
   */
  async #move(
    layout: CacheRepoLayout,
    pulled: PulledFile,
    blob: InFlightBlob,
    tempPath: string,
  ): Promise<boolean> {
    const { commit, file } = pulled;
    const { what, details } = described(pulled);
    try {
      await commitCacheFile({
        layout,
        commit,
        path: file.path,
        blobId: blobIdOf(file),
        size: file.size,
        tempPath,
        resumeMapPath: resumeMapPathOf(tempPath),
      });
    } catch (error) {
      await blob.readDisk().catch(() => undefined);
      const cause = toHubgetError(error, 'IO_ERROR').message;
      this.#moves.failed(
        blob,
        cause,
        `mirror: ${what} was verified on disk but could not be moved into the cache (${cause}): it is served from its paused pull's temp file, and moved when the file is next asked for`,
        { ...details, tempPath },
      );
      return false;
    }
    this.#moves.succeeded(
      blob,
      (tries) => `mirror: ${what} was moved into the cache at try ${tries}, the earlier ones having failed`,
      details,
    );
    await this.#complete(pulled, blob);
    return true;
  }

  /** The completion of the job of `blob`, whose file is in place (one at a time); resolves whether it succeeded. */
  #complete(pulled: PulledFile, blob: InFlightBlob): Promise<boolean> {
    return untilSucceeded(this.#completing, blob, () => this.#completeOnce(pulled, blob));
  }

  async #completeOnce(pulled: PulledFile, blob: InFlightBlob): Promise<boolean> {
    const { what, details } = described(pulled);
    let cause: string | undefined;
    try {
      await blob.readDisk();
      if ((await this.#fetcher.placed?.(pulled)) === false) cause = STILL_PAUSED;
    } catch (error) {
      cause = toHubgetError(error, 'IO_ERROR').message;
    }
    if (cause !== undefined) {
      this.#completions.failed(
        blob,
        cause,
        `mirror: ${what} was moved into the cache, but its paused pull's job could not be completed (${cause}): it is tried again when the file is next asked for`,
        details,
      );
      return false;
    }
    this.#completions.succeeded(
      blob,
      (tries) =>
        `mirror: the paused pull's job of ${what} was completed at try ${tries}, the earlier ones having failed`,
      details,
    );
    return true;
  }
}

/**
 * The step `run` of `blob` (one at a time): the one running, or the one that succeeded, is its answer; one that
 * failed is forgotten, so the next request tries again.
 */
function untilSucceeded(
  steps: WeakMap<InFlightBlob, Promise<boolean>>,
  blob: InFlightBlob,
  run: () => Promise<boolean>,
): Promise<boolean> {
  let step = steps.get(blob);
  if (step === undefined) {
    step = run().then((succeeded) => {
      if (!succeeded) steps.delete(blob);
      return succeeded;
    });
    steps.set(blob, step);
  }
  return step;
}

/** The pull in the log's words (`a.bin of org/name`) and its details. */
function described({ repo, commit, file }: PulledFile): { what: string; details: object } {
  return { what: `${file.path} of ${repo.repoId}`, details: { repo: repo.repoId, path: file.path, commit } };
}
