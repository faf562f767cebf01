/**
 * Pull-through, once: the first request for a blob missing from the cache starts one upstream fetch (a
 * BlobFetcher — the jobs service in the server, so it shows up like any download), every request for the
 * same blob while it runs joins it (single flight, keyed by the blob's path in the cache), and all of them
 * read the bytes as they land. A client going away cancels nothing.
 */
import { stat } from 'node:fs/promises';
import type { CacheRepoLayout } from '../cache/cache-layout.js';
import { blobPath } from '../cache/cache-layout.js';
import { tempFilePrefix } from '../cache/temp-files.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/index.js';
import type { RetryError } from '../progress/events.js';
import { algorithmOf, expectedContentOf } from '../transfer/plan-download.js';
import type { RangeWrittenListener, TempRestartListener } from '../transfer/types.js';
import { InFlightBlob } from './in-flight-blob.js';
import { PausedPlacing } from './paused-placing.js';
import type { MirrorLog } from './retried-step-log.js';
import { ensureSnapshotLink } from './snapshot-link.js';
import type { ContentCheck } from './temp-content-check.js';
import { WaitingClients } from './waiting-clients.js';

export interface BlobFetchRequest {
  repo: RepoRef;
  commit: string;
  file: RepoFile;
  /** The clients waiting on this fetch (they join the in-flight blob: InFlightBlob.clients). */
  clients: WaitingClients;
  /** Called with the error of each failed attempt of this fetch that will be retried (observeFailedAttempts). */
  onFailedAttempt?: (error: FailedAttemptError) => void;
  /**
   * Called with the fetch's wait for the upstream as a whole (none of its connections open: its job's `waits`,
   * docs/job-events.md), or undefined when it waits for none, at each update of its job while it runs.
   */
  onWaiting?: (wait: PullWaitReport | undefined) => void;
  /** Called with whether this fetch's download job is paused, as its state changes (InFlightBlob.paused). */
  onPaused?: (paused: boolean) => void;
}

/**
 * A failed attempt of a fetch, as the engine reports it (its `retry` events): with the wait the upstream asked for
 * before the next try (its Retry-After, a 429's RateLimit) and the URL that answered, when they are known.
 */
export type FailedAttemptError = RetryError;

/** A fetch waits as a whole for the upstream: after `error` (the answer that asked it to), `leftMs` until its next try. */
export interface PullWaitReport {
  error: FailedAttemptError;
  leftMs: number;
}

/** Fetches one file of a commit into the cache (blob + snapshot link); resolves when it is verified in place. */
export interface BlobFetcher {
  fetch(request: BlobFetchRequest): Promise<void>;
  /** Whether mirror clients are waiting on this download job right now (BlobFetchRequest.clients). */
  holds?(jobId: string): boolean;
  /**
   * Lets the clients waiting on this download job go (WaitingClients.release, `reason` cuts their answers), so an
   * operator can pause or cancel it anyway; returns how many there were.
   */
  release?(jobId: string, reason: Error): number;
  /**
   * Calls `listener` with each range written into a temp file by the fetches of this process; without it
   * (or for a fetch of another process) the in-flight blob learns what is on disk from the resume map only.
   */
  observeWrites?(listener: RangeWrittenListener): () => void;
  /**
   * Whether this fetch's download job exists, paused (kept across a restart with its temp file and resume map): a
   * `fetch` of it with no client waiting watches it without resuming it (PullThrough.inFlight).
   */
  paused?(request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>): boolean;
  /**
   * Whether this fetch's download job exists, queued or running (an operator resumed it, paused, before this process
   * watched it): a `fetch` of it with no client waiting watches it (PullThrough.inFlight).
   */
  running?(request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>): boolean;
  /**
   * The files of `files` (of one commit) whose fetch's download job exists, paused, queued or running (`paused`,
   * `running`, asked once).
   */
  liveAmong?(request: Pick<BlobFetchRequest, 'repo' | 'commit'>, files: readonly RepoFile[]): RepoFile[];
  /**
   * The blob of this fetch's paused job was put in place by the mirror (PullThrough.verifyPaused): the job completes
   * as one whose files were found on disk, without a Hub call. Resolves whether the job is done with: completed, or
   * no longer a paused job of this fetch (resumed, cancelled or removed meanwhile); false when it is still paused
   * beside its file (the jobs service's look at the disk did not find it: paused-placing.ts tries again).
   */
  placed?(request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>): Promise<boolean>;
  /** Calls `listener` when a fetch of this process empties a temp file to write it again from zero. */
  observeRestarts?(listener: TempRestartListener): () => void;
  /**
   * Calls `listener` with the error of each failed attempt that will be retried (the engine's `retry` events) of
   * these fetches (`pull` true: the mirror checks its upstream at the first one without an HTTP answer,
   * upstream-watch.ts) and of the other downloads of the jobs they run on (`pull` false: the server's own, which
   * ask the same upstream with the same token, so their `429`s count against the mirror's quota too).
   */
  observeFailedAttempts?(listener: (error: FailedAttemptError, pull: boolean) => void): () => void;
}

export type { MirrorLog } from './retried-step-log.js';

export type BlobSource =
  | { kind: 'cached'; path: string }
  | { kind: 'pulling'; blob: InFlightBlob; started: boolean };

export class PullThrough {
  readonly #fetcher: BlobFetcher;
  readonly #pollMs: number | undefined;
  readonly #matches: ContentCheck | undefined;
  readonly #inFlight = new Map<string, InFlightBlob>();
  /** Paused pulls' verified temp files moved into place, and their jobs completed (verifyPaused). */
  readonly #placing: PausedPlacing;

  constructor(options: {
    fetcher: BlobFetcher;
    pollMs?: number;
    matches?: ContentCheck;
    /** The server log's lines about a verified file's move and its job's completion (paused-placing.ts). */
    warn?: MirrorLog;
    info?: MirrorLog;
    debug?: MirrorLog;
  }) {
    this.#fetcher = options.fetcher;
    this.#pollMs = options.pollMs;
    this.#matches = options.matches;
    this.#placing = new PausedPlacing(options.fetcher, {
      ...(options.warn && { warn: options.warn }),
      ...(options.info && { info: options.info }),
      ...(options.debug && { debug: options.debug }),
    });
    // A blob's temp files are named after its path: each written range goes to the blob being pulled.
    this.#fetcher.observeWrites?.((tempPath, start, end) =>
      this.#inFlight.get(tempFilePrefix(tempPath))?.written(tempPath, start, end),
    );
    this.#fetcher.observeRestarts?.((tempPath) =>
      this.#inFlight.get(tempFilePrefix(tempPath))?.restarted(tempPath),
    );
  }

  /** Number of blobs being fetched right now: a pull whose job is paused is not (InFlightBlob.paused). */
  get active(): number {
    let count = 0;
    for (const blob of this.#inFlight.values()) if (!blob.paused) count++;
    return count;
  }

  /**
   * Whether the blob is on disk or being pulled: serving it needs nothing new from the upstream. A pull whose job is
   * paused does not hold it: a client joining it resumes it, which asks the upstream again.
   */
  async holds(layout: CacheRepoLayout, file: RepoFile): Promise<boolean> {
    const path = blobPath(layout, blobIdOf(file));
    const running = this.#inFlight.get(path);
    if (running && !running.paused) return true;
    return stat(path).then(
      (info) => info.size === file.size,
      () => false,
    );
  }

  /**
   * The fetch of the blob in flight (running, or its job paused), not joined (a client joining a paused one resumes
   * it, which asks the upstream again): a paused one's bytes on disk can be read meanwhile (InFlightBlob.hasBytesAt).
   * A paused job of it that this process has not watched yet (kept across a restart: BlobFetcher.paused) is watched
   * from now on, with no client (its job stays paused), and what its resume map lists is read first; so is a job of
   * it queued or running that this process has not watched (BlobFetcher.running: paused, then resumed by an operator),
   * unless `running` is false (a queued one is started at once: a client is asking). Undefined when no fetch of it is
   * in flight.
   */
  async inFlight(
    layout: CacheRepoLayout,
    repo: RepoRef,
    commit: string,
    file: RepoFile,
    { running = true }: { running?: boolean } = {},
  ): Promise<InFlightBlob | undefined> {
    const path = blobPath(layout, blobIdOf(file));
    const known = this.#inFlight.get(path);
    if (known) {
      // A pull another request found first may still be reading its disk: its bytes are known after that.
      await known.diskReadDone();
      return known;
    }
    const paused = this.#fetcher.paused?.({ repo, commit, file }) === true;
    if (!paused && !(running && this.#fetcher.running?.({ repo, commit, file }))) return undefined;
    const blob = this.#fetch(path, repo, commit, file);
    blob.paused = paused;
    await blob.readDisk();
    return blob;
  }

  /**
   * The files of `files` (of `commit`) this mirror is pulling: a fetch of the blob in flight (running, or its job
   * paused), or a job of it this process has not watched yet (paused and kept across a restart, or resumed since:
   * BlobFetcher.liveAmong).
   * Nothing is watched or read: with --mirror-offline they are listed with the cache's files (RepoMetadata), as a
   * request for one is answered from its pull (file-requests.ts).
   */
  pulling(layout: CacheRepoLayout, repo: RepoRef, commit: string, files: readonly RepoFile[]): RepoFile[] {
    const inFlight = (file: RepoFile) => this.#inFlight.has(blobPath(layout, blobIdOf(file)));
    const rest = files.filter((file) => !inFlight(file));
    const live = new Set(rest.length === 0 ? [] : this.#fetcher.liveAmong?.({ repo, commit }, rest));
    return files.filter((file) => inFlight(file) || live.has(file));
  }

  /** The fetch of the blob running now, joined; undefined when none runs (nothing is started). */
  joinRunning(layout: CacheRepoLayout, commit: string, file: RepoFile): BlobSource | undefined {
    const running = this.#inFlight.get(blobPath(layout, blobIdOf(file)));
    return running && this.#join(running, layout, commit, file);
  }

  /**
   * Hashes a paused pull's whole temp file itself (InFlightBlob.checkWritten: its job, paused, verifies nothing) and,
   * when it is the file, moves it into place as the job would, once: the file is the cache's from then on (`source`),
   * without the upstream, and its job completes (BlobFetcher.placed). Resolves with whether the temp file is the file.
   * A move that failed is tried again when the file is next asked for (a call of this once the failed one is over: the
   * check's verdict is remembered, so that costs a rename), and so is a completion that failed (`source`); the server
   * log says so once per cause (paused-placing.ts).
   */
  async verifyPaused(
    layout: CacheRepoLayout,
    { repo, commit }: { repo: RepoRef; commit: string },
    file: RepoFile,
    blob: InFlightBlob,
  ): Promise<boolean> {
    const expected = expectedContentOf({
      size: file.size,
      algorithm: algorithmOf(file),
      blobId: blobIdOf(file),
    });
    if (!(await blob.checkWritten(expected))) return false;
    const tempPath = blob.verifiedTemp;
    if (!blob.paused || tempPath === undefined) return true;
    await this.#placing.place(layout, { repo, commit, file }, blob, tempPath);
    return true;
  }

  /**
   * The cached blob, or the in-flight fetch of it (joined, or started by this call for `client`: `started`). A paused pull whose
   * file was moved into place meanwhile (verifyPaused) is not joined (that would resume its job): the file is cached.
   * Such a pull still in flight is one whose job was not completed yet: its completion is tried again (in the
   * background, PausedPlacing.completeAgain), so the job does not stay paused beside its file.
   */
  async source(
    layout: CacheRepoLayout,
    repo: RepoRef,
    commit: string,
    file: RepoFile,
    client?: string,
  ): Promise<BlobSource> {
    const path = blobPath(layout, blobIdOf(file));
    const running = this.#inFlight.get(path);
    if (running && !(running.paused && running.finished)) return this.#join(running, layout, commit, file);
    if (running) void this.#placing.completeAgain({ repo, commit, file }, running);
    const size = await stat(path).then(
      (info) => info.size,
      () => -1,
    );
    if (size === file.size) {
      await ensureSnapshotLink(layout, commit, file).catch(() => undefined);
      return { kind: 'cached', path };
    }
    // Checked again: another request may have started the fetch while this one was stat-ing.
    const joined = this.#inFlight.get(path);
    if (joined) return this.#join(joined, layout, commit, file);
    return { kind: 'pulling', blob: this.#fetch(path, repo, commit, file, client), started: true };
  }

  /**
   * Starts the fetch of the blob at `path` (its job made, or joined: BlobFetcher.fetch), in flight until it ends;
   * `client` is the one whose request started it.
   */
  #fetch(path: string, repo: RepoRef, commit: string, file: RepoFile, client?: string): InFlightBlob {
    const clients = new WaitingClients();
    // The blob hears its fetch's failed attempts and waits (called later, never while the blob is being built).
    const attempts: { blob?: InFlightBlob } = {};
    const onFailedAttempt = (error: FailedAttemptError) => attempts.blob?.failures.attemptFailed(error);
    const onWaiting = (wait: PullWaitReport | undefined) => attempts.blob?.failures.waits(wait);
    const onPaused = (paused: boolean) => {
      if (attempts.blob) attempts.blob.paused = paused;
    };
    const blob = new InFlightBlob({
      blobPath: path,
      size: file.size,
      clients,
      ...(this.#matches === undefined ? {} : { matches: this.#matches }),
      done: this.#fetcher.fetch({ repo, commit, file, clients, onFailedAttempt, onWaiting, onPaused }),
      ...(this.#pollMs === undefined ? {} : { pollMs: this.#pollMs }),
      ...(client === undefined ? {} : { startedBy: client }),
    });
    attempts.blob = blob;
    this.#inFlight.set(path, blob);
    blob.done.then(
      () => this.#inFlight.delete(path),
      () => this.#inFlight.delete(path),
    );
    return blob;
  }

  /** Joins a fetch started for maybe another commit with the same content: link this commit too when done. */
  #join(blob: InFlightBlob, layout: CacheRepoLayout, commit: string, file: RepoFile): BlobSource {
    blob.done.then(
      () => ensureSnapshotLink(layout, commit, file).catch(() => undefined),
      () => undefined,
    );
    return { kind: 'pulling', blob, started: false };
  }
}
