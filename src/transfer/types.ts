/** Contracts between the transfer primitives (this folder) and the snapshot orchestration. */

import type { HubgetError } from '../errors.js';
import type { CopyPlace } from '../format/copy-places.js';
import type { TransferEvent } from '../progress/events.js';
import type { ConnectionLine } from './connection-line.js';
import type { StallTimeout } from './stall-watchdog.js';

/** A token bucket in bytes/s shared by every transfer it is given to. 0 = unlimited. */
export interface ByteRateLimiter {
  /**
   * Resolves when `bytes` may be consumed: with `true` when they had to wait for the rate (the limit held them
   * back), `false` when they were granted at once. Rejects with ABORTED when the signal aborts.
   */
  take(bytes: number, signal?: AbortSignal): Promise<boolean>;
  setRate(bytesPerSecond: number): void;
  readonly bytesPerSecond: number;
  /** Calls `listener` after every change of the rate; returns the function that stops it. */
  onRateChange(listener: () => void): () => void;
}

/** Where to GET a file's bytes; called again when a signed URL expires (403/410 from the CDN). */
export type UrlResolver = (
  reason: 'initial' | 'expired',
) => Promise<{ url: string; headers: Record<string, string> }>;

/**
 * What a request of a file's bytes (a range GET at the resolve URL or where it redirected, a locate-ahead ask) asks
 * before it goes out to `url`, and tells after a `429`: the process's remembered `429` waits of the Hub
 * (host-rate-limit.ts, src/hub/rate-limit-windows.ts), and a hubget mirror's refusal (`check`,
 * src/mirror/rate-limit-quota.ts).
 */
export interface RequestGate {
  /**
   * Throws when the request must not go out now: a retryable error whose `retryAfterMs` is how long to wait; the
   * request's retries then wait it out as they would a `429` itself, and say so in a `retry` event.
   */
  check?(url: string): void;
  /**
   * What is left of a wait a `429` asked of the requests of `url`'s quota (ms), undefined when none lasts: the
   * request waits it out before it goes, which is no failure (its retries are not spent), said as a `retry` event.
   */
  heldMs?(url: string): number | undefined;
  /** A request to `url` was answered `429` and waits `waitMs` before its next try: the others of its quota too. */
  limited?(url: string, waitMs: number): void;
}

export interface ExpectedContent {
  size: number;
  /** sha256 for LFS/Xet files; git blob sha1 ("blob <size>\0" + content) for regular files. */
  algorithm: 'sha256' | 'git-sha1';
  hex: string;
}

export interface TransferFileOptions {
  /** Repo path, used in events only. */
  path: string;
  resolveUrl: UrlResolver;
  /** Asked before each request of the file's bytes goes out (RequestGate); default none. */
  requestGate?: RequestGate | undefined;
  expected: ExpectedContent;
  /** Temp file the bytes are written into (never a legacy resumable name, docs/hub-downloaders.md §6.4). */
  tempPath: string;
  /** Sidecar file holding the map of finished ranges; survives kill -9. */
  resumeMapPath: string;
  /**
   * The temp file is a new random name (cache/temp-files.ts, nothing to resume): neither it nor its map
   * exists yet, so the map is not looked for (one failed open per file saved).
   */
  freshTemp?: boolean;
  /** Upper bound of parallel range connections for this file. */
  connections: number;
  rateLimiters?: ByteRateLimiter[];
  /** A function is read at every stall check (stall-watchdog.ts, StallTimeout). */
  stallTimeoutMs?: StallTimeout;
  signal?: AbortSignal;
  /** Called with each chunk's length once it is written to disk. */
  onBytes?: (bytes: number) => void;
  /**
   * Called as a connection of the file opens or closes (a lane takes its slot or ends, goes into a retry's wait or
   * out of it), not per chunk: a file waits before a retry only while none is open (src/progress/file-waiting.ts).
   */
  onConnectionsChanged?: () => void;
  /**
   * Observer: called with each range [start, end) of `tempPath` once its write resolved (readable from the
   * temp file now, before the resume map lists it). Absent, nothing is done per chunk.
   */
  onRangeWritten?: RangeWrittenListener;
  /**
   * Observer: `tempPath` is about to be emptied and written again from zero (the remote content changed
   * under the transfer): the ranges announced by onRangeWritten no longer hold.
   */
  onTempRestart?: TempRestartListener;
  onEvent?: (event: TransferEvent) => void;
}

/** Bytes [start, end) of the temp file `tempPath` are on disk. */
export type RangeWrittenListener = (tempPath: string, start: number, end: number) => void;

/** The temp file `tempPath` is emptied and written again from zero: what was announced of it is gone. */
export type TempRestartListener = (tempPath: string, why: HubgetError) => void;

/**
 * Counting semaphore of range connections shared by all files (and jobs) it is given to.
 * A file transfer opens at most min(connections, what the budget grants) connections at once.
 */
export interface ConnectionBudget {
  /** Resolves with a release function once a connection slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Slots free right now (a file may open more connections when > 0). */
  readonly available: number;
  setLimit(limit: number): void;
  /**
   * A lane above its file's first should give its slot back at its segment boundary: another caller waits
   * whom this user owes one (the fair-share rule, connection-budget.ts), or one of its own waits. Undefined:
   * whenever anyone waits.
   */
  readonly contended?: boolean;
  /**
   * No slot is free, but another user of a shared budget owes this one a slot (connection-budget.ts): a file
   * that wants another connection may wait for one. Undefined or false: it waits for a free slot instead.
   */
  readonly claimable?: boolean;
  /**
   * Another user of a shared budget waits for its first slot, holding none, and this one owes it a slot that
   * none of this user's lanes has promised yet (connection-budget.ts): true once per such slot, and the caller
   * then gives one back at once (a lane's segment cut short) instead of at its segment boundary. Undefined or
   * false: nothing owed now.
   */
  claimPromptRelease?(): boolean;
  /**
   * Under a rate limit whose connections are each far slower than their share (rate-bound-budget.ts,
   * limited-connections.ts): the connections the limit can use, above the base rule's; else undefined.
   */
  readonly limitConnections?: number | undefined;
  /**
   * The line the budget's files share one adaptive connection count on (connection-line.ts); undefined: each
   * file has a line of its own.
   */
  readonly line?: ConnectionLine | undefined;
  /** Under a rate limit (rate-bound-budget.ts): the most bytes a range request may ask for now. */
  readonly limitRequestBytes?: number | undefined;
}

// ---- Snapshot orchestration (src/transfer/plan-download.ts, src/transfer/download-model.ts) ----

import type { HubConfig, RepoFile, RepoRef } from '../hub/types.js';

export interface DownloadRequest {
  repo: RepoRef;
  /** Branch, tag, or short/full commit. Default `main`. */
  revision?: string;
  /** Explicit file paths (like `hf download REPO FILE...`); combined with include/exclude when both given. */
  filenames?: string[];
  /**
   * The GGUF quantization `filenames` were chosen for (`hubget download org/name:Q4_K_M`, as the repo spells
   * it): the engine only names it, in the plan event (`quant`). The files are `filenames`'.
   */
  quant?: string;
  /** Python fnmatch patterns (docs/hub-protocol.md §2.5). */
  include?: string[];
  exclude?: string[];
  /**
   * Hub cache dir; default from HF_HUB_CACHE / HF_HOME / XDG_CACHE_HOME rules. With localDir, where the content
   * to copy instead of fetching it is looked for (PlannedFile.cachedBlobPath).
   */
  cacheDir?: string;
  /** local-dir mode: real files under this folder plus `.cache/huggingface/` bookkeeping. */
  localDir?: string;
  /**
   * Without localDir: the models folder, where finished local-dir downloads of the same repo are looked for, to
   * copy their files instead of fetching them (local-dir-copies.ts, PlannedFile.cachedBlobPath).
   */
  modelsDir?: string;
  hub: HubConfig;
  /**
   * When the Hub does not answer, answer from the snapshot on disk, as `hf download` does (cached-fallback.ts):
   * the CLI's choice. Not a server job's: a job the server may retry later must not complete on a snapshot
   * that could lack files only the Hub's listing would name.
   */
  fromDiskWhenHubDown?: boolean;
}

export interface PlannedFile {
  path: string;
  size: number;
  /** sha256 (LFS) or git sha1: blob name and integrity hash. */
  blobId: string;
  algorithm: 'sha256' | 'git-sha1';
  /** Final location (snapshot symlink path, or the real file in local-dir mode). */
  finalPath: string;
  /** Already present and valid at the destination (or its blob exists and only a link is missing). */
  present: boolean;
  /** Bytes already fetched in a resumable temp file (from its resume map). */
  partialBytes: number;
  /**
   * local-dir mode: a blob of this content and size already in the HF cache, copied (and verified) instead
   * of fetched, as huggingface_hub does (docs/hub-disk-layout.md §3.12); into the cache: the file a finished
   * local-dir download of the repo holds (local-dir-copies.ts); either way, a blob of another repo's folder in the
   * HF cache (a fork's: other-repo-blobs.ts); or, found while this run waited for a
   * download of the same repo in the other layout, the file that download fetched (other-layout-runs.ts).
   */
  cachedBlobPath?: string;
  /**
   * `cachedBlobPath` is the file a local-dir download of the same content fetched while this run (into the cache)
   * waited for it (other-layout-runs.ts): its copy is counted as another download's bytes, not the HF cache's.
   */
  copiedFromOtherRun?: boolean;
  /**
   * Into the HF cache, `cachedBlobPath` is an LFS blob of another repo's folder there: hard-linked, not copied
   * (link-other-repo-blob.ts), so it takes no room unless the file system refuses the link (then it is copied).
   */
  linkable?: boolean;
  /**
   * The file's temp prefixes in the other layout where the plan saw temp names (the HF cache's `blobs/<blob id>`
   * for a local-dir run; `{X}.{blob id}` in each local dir under the models folder for a run into the cache):
   * another program's partial download there is taken as a fetched prefix (other-layout-partials.ts).
   */
  otherLayoutPrefixes?: string[];
  /**
   * Where `cachedBlobPath` lies, for the words of the plan (copy-places.ts): the HF cache (the repo's own blobs, or
   * another repo's folder there: other-repo-blobs.ts) or a local dir (local-dir-copies.ts).
   */
  copiedFrom?: CopyPlace;
}

export interface DownloadPlan {
  request: DownloadRequest;
  revision: string;
  commit: string;
  destination: { kind: 'cache'; cacheDir: string; repoFolder: string } | { kind: 'local'; localDir: string };
  files: PlannedFile[];
  /**
   * With PlanOptions.otherFiles: the listing's files the request leaves out, planned as `files` are (what the
   * destination holds of each); not part of the download, nor of its byte counts.
   */
  otherFiles?: PlannedFile[];
  totalBytes: number;
  presentBytes: number;
  /** Bytes of the files copied from the disk (`cachedBlobPath`, from `copiedFrom`), not fetched. */
  copiedBytes: number;
  /** Of copiedBytes, those of `linkable` files: hard-linked, they take no room (bytesToWrite leaves them out). */
  linkedBytes: number;
  /** Over the network: totalBytes − presentBytes − partial bytes already fetched − copiedBytes. */
  bytesToFetch: number;
  /** What a successful download returns: snapshot folder, local dir, or the single file's path. */
  resultPath: string;
  /** Whether the repo is gated, when the plan read the revision info (ResolvedSnapshot.gated). */
  gated?: boolean;
  /**
   * The commit's whole listing as the Hub gave it (every file, whatever the request selects): kept on disk by the
   * download (src/cache/tree-listing.ts). Undefined when the listing is what the disk holds (offline, the Hub not
   * answering).
   */
  listing?: readonly RepoFile[];
  /**
   * Set when the Hub did not answer and the listing is the snapshot on disk (cached-fallback.ts): the Hub's
   * error message. Every file of such a plan is on disk (present, or copied from the HF cache).
   */
  hubUnavailable?: string;
  /**
   * Offline (HF_HUB_OFFLINE): temp files of unfinished downloads of the repo, on disk, whose files are not in
   * the snapshot the plan lists (cached-fallback.ts; a file the run puts in place does not count). Only the
   * Hub could name them: said, not guessed.
   */
  unfinishedOnDisk?: number;
}

export interface DownloadOptions {
  /** Range connections per file. Default 8. */
  connectionsPerFile?: number;
  /** Files fetching at once (hf `--max-workers`); files being verified and committed do not count. Default 8. */
  maxConcurrentFiles?: number;
  /** Shared across files and jobs; default: a budget of 16 for this call. */
  connectionBudget?: ConnectionBudget;
  /**
   * All limiters are applied (e.g. global + per job); under a limit the download opens only the connections
   * it can use (rate-bound-budget.ts).
   */
  rateLimiters?: ByteRateLimiter[];
  /**
   * A function is read at every stall check of every file's connections, so a changed setting applies to the
   * files in flight too (stall-watchdog.ts).
   */
  stallTimeoutMs?: StallTimeout;
  /**
   * The Hub settings in effect now (endpoint, token), read at every Hub call: each attempt of the plan's
   * listing, file resolves, expired-URL refreshes, so a changed setting reaches a running download, even one
   * still retrying its listing. @default request.hub
   */
  hubConfig?: () => HubConfig;
  /** Called once with the run's plan, before the `plan` event and before any temp file exists. */
  onPlan?: (plan: DownloadPlan) => void;
  /**
   * Awaited after the plan and before anything is written (the free-space check, the claims' lock folder,
   * refs, temp files): a throw ends the run with that error, nothing on disk. The CLI refuses a gated repo
   * its token has no access to here (src/cli/gated-check.ts).
   */
  checkPlan?: (plan: DownloadPlan, signal: AbortSignal) => Promise<void>;
  /** How often `progress` events are emitted. Default 500 ms (always ≤ 1000). */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: TransferEvent) => void;
  /** Passed to every file's transfer (TransferFileOptions.onRangeWritten). */
  onRangeWritten?: RangeWrittenListener;
  /** Passed to every file's transfer (TransferFileOptions.onTempRestart). */
  onTempRestart?: TempRestartListener;
  /** Skip the free-disk-space preflight (tests only). */
  skipDiskCheck?: boolean;
}

export interface DownloadResult {
  plan: DownloadPlan;
  resultPath: string;
  /** Bytes fetched over the network in this call. */
  downloadedBytes: number;
  /** Bytes copied in this call instead of fetched (PlannedFile.copiedFrom). */
  copiedBytes: number;
  elapsedMs: number;
}
