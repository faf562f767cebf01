/**
 * Progress is data: the engine emits these, and every face (CLI bars, NDJSON, log lines, SSE, progress
 * files, the jobs service) is a subscriber. Byte counts only ever include bytes already written to disk.
 */
import type { ErrorCode } from '../errors.js';
import type { CopyPlace } from '../format/copy-places.js';
import type { RetryLimit, UnreachableHost } from '../hub/retry-policy.js';
import type { ConnectionsReason } from './connections-reason.js';

export interface FileProgress {
  path: string;
  downloaded: number;
  size: number;
  bytesPerSecond: number;
  /** Seconds until this file's bytes are on disk, or null when unknown (the ETA rule, eta.ts). */
  etaSeconds: number | null;
  /**
   * Connections this run's file has open now (requests sent, slots held), once they open; absent for a file
   * another download fetches. The CLI draws a file's bar from its first one, bytes or not.
   */
  connections?: number;
}

/** What failed in a `retry` event: a range request, or a Hub call, that will be tried again. */
export interface RetryError {
  code: ErrorCode;
  message: string;
  /**
   * The wait the server asked for (its `Retry-After`, or a 429's RateLimit reset: src/hub/retry-policy.ts
   * serverDelayMs), which the retry's `delayMs` honours within the policy's cap. A mirror quotes it to its clients
   * (docs/mirror-offline.md).
   */
  retryAfterMs?: number;
  /**
   * The HTTP status of the answer that asks to retry (408, 429, 5xx), when a server answered: a retry that waits
   * for the Hub, which the faces say per file as it waits (src/format/retry-wait-words.ts).
   */
  status?: number;
  /**
   * The URL whose answer failed, when a server answered (an HTTP status): origin and path, no query (a signed
   * URL's query carries credentials). A mirror keeps the wait a `429` of its upstream asked for by it
   * (src/hub/rate-limit-windows.ts: the request's bucket).
   */
  url?: string;
}

export type TransferEvent =
  /** Listing resolved; totals are exact before the first byte. `presentBytes` are already on disk and valid. */
  | {
      type: 'plan';
      repoId: string;
      commit: string;
      /** The GGUF quantization the files were chosen for (`hubget download org/name:Q4_K_M`); absent otherwise. */
      quant?: string;
      totalBytes: number;
      presentBytes: number;
      /** Bytes of this run's files that an earlier, interrupted run already fetched (resumed). */
      resumedBytes?: number;
      /**
       * Bytes this run still fetches over the network (total − present − resumed − copied − waiting):
       * not the files another download is fetching (`waitingBytes`).
       */
      bytesToFetch?: number;
      /**
       * Bytes and files this run copies instead of fetching them: local-dir mode from the HF cache's blobs, into
       * the cache from a finished local-dir download; either way from another repo's folder in the HF cache (a
       * fork's blob of the same content). `copiedFrom`: each place they come from once, in the order of the
       * files (the plan line names them, src/format/copy-places.ts); absent when nothing is copied.
       */
      copiedBytes?: number;
      filesCopied?: number;
      copiedFrom?: CopyPlace[];
      /**
       * Of `copiedBytes`, those of LFS blobs another repo's folder of the HF cache holds: hard-linked, they take no
       * room (PlannedFile.linkable; src/transfer/link-other-repo-blob.ts). Absent when none.
       */
      linkedBytes?: number;
      /**
       * Files (and their bytes) another hubget download is fetching: this run waits for them (one
       * `file-waiting` event each follows the plan) and fetches none of them unless that download stops.
       */
      filesWaiting?: number;
      waitingBytes?: number;
      /** The downloads fetching those files (each once, in the order of the files), as `file-waiting` names them. */
      waitingFor?: { pid: number; hostname: string }[];
      filesTotal: number;
      filesPresent: number;
      /** `copiedFrom`: where this run copies the file from (the plan's PlannedFile.copiedFrom), for those it copies. */
      files: { path: string; size: number; present: boolean; copiedFrom?: CopyPlace }[];
      /**
       * The Hub did not answer (unreachable, 5xx, rate-limited after every retry) and this run answers from
       * the snapshot on disk, as huggingface_hub does: the Hub's error message (docs/cli.md).
       */
      hubUnavailable?: string;
      /** Offline: files of unfinished downloads of the repo on disk, which the snapshot lacks (cached-fallback.ts). */
      unfinishedOnDisk?: number;
    }
  /**
   * This run starts fetching the file. `resumedBytes`: what its temp file holds at that moment (its resume map,
   * read as the temp file is opened), so for a file taken over from another download, all that download wrote.
   * `copying`: the run copies the content from a file on disk instead of fetching it: in local-dir mode the HF
   * cache's blob (counted in `copiedBytes`), in the cache the file a local-dir download of the same repo fetched
   * while this run waited for it (counted in `otherRunBytes`). For a file waited for, no takeover. A copy that
   * fails the hash check is fetched after all.
   */
  | { type: 'file-start'; path: string; size: number; resumedBytes: number; copying?: true }
  /**
   * Another hubget download (another process, or another job of this server) claimed this file and is fetching
   * it: this one waits instead of writing the same temp file, then links the file (`file-done`, reused) or,
   * once that download has ended or died without it, fetches it itself (`file-start`, resuming its bytes).
   */
  | { type: 'file-waiting'; path: string; size: number; owner: { pid: number; hostname: string } }
  /** At least once per second while running. `downloaded` counts present + fetched bytes. */
  | {
      type: 'progress';
      downloaded: number;
      total: number;
      bytesPerSecond: number;
      /** Seconds, or null when unknown: no rate measured from enough data yet, or too slow to say (eta.ts). */
      etaSeconds: number | null;
      filesDone: number;
      filesTotal: number;
      activeFiles: FileProgress[];
      /**
       * Files this run waits for (`file-waiting`): the other download's bytes of each on disk so far, their
       * rate and ETA. A file leaves the list when it is in place (`file-done`) or this run takes it over
       * (`file-start`, then in `activeFiles`).
       */
      waitingFiles?: FileProgress[];
      /**
       * Files this run stopped (it failed or was stopped) whose bytes stay in their temp files for the next
       * run: what each has on disk, counted in `downloaded` (the last event of a paused run lists them).
       */
      stoppedFiles?: Array<{ path: string; downloaded: number }>;
      /** Range connections this download has open right now (adaptive, docs/transfer-connections.md). */
      connections?: number;
      /**
       * Why that many (connections-reason.ts): the reason of the file with the most connections open; absent
       * while none is open.
       */
      connectionsReason?: ConnectionsReason;
      /**
       * Bytes this run fetched over the network so far (the `done` event's `downloadedBytes` once it ends):
       * not bytes present, resumed or copied from the HF cache, nor bytes another download lands for a file
       * this run waits for, which do count in `downloaded`.
       */
      fetchedBytes: number;
      /**
       * Bytes of files another download fetched while this run waited for them, in place so far (the `done`
       * event's `otherRunBytes` once it ends): so a run paused or failed before `done` still tells them.
       */
      otherRunBytes: number;
      /**
       * Bytes this run copied instead of fetching them (PlannedFile.copiedFrom), files in place
       * so far (the `done` event's `copiedBytes` once it ends): so a run paused or failed before `done` still tells them.
       */
      copiedBytes: number;
      /** Of copiedBytes, those hard-linked from another repo's folder (the `done` event's `linkedBytes`). Absent: none. */
      linkedBytes?: number;
      /**
       * Milliseconds this run has spent fetching over the network so far (the `done` event's `fetchingMs` once it
       * ends): what `fetchedBytes` took, without waiting for another download, a slot, or before a retry (the Hub,
       * a dropped connection's backoff) with no file fetching: src/transfer/retry-wait-time.ts.
       */
      fetchingMs: number;
      /**
       * Milliseconds in which every file this run was fetching waited for the Hub so far (the `done` event's
       * `hubWaitedMs` once it ends): so a run paused or failed before `done` still tells them. Absent: not told.
       */
      hubWaitedMs?: number;
    }
  | { type: 'stall'; path: string; rangeStart: number; idleMs: number; reason: 'no-data' | 'slow-connection' }
  /** A request failed, tried again after `delayMs`: a range of the file at `path`, or a Hub call (`path` ''). */
  | {
      type: 'retry';
      path: string;
      attempt: number;
      delayMs: number;
      /** What failed (RetryError). */
      error: RetryError;
      /** The host nothing answered on, when that is why (src/hub/retry-policy.ts unreachableHost). */
      unreachable?: UnreachableHost;
      /**
       * The file's connections still open (in a request) as this one starts its wait: while any is, the file is
       * fetching, not waiting (src/progress/file-waiting.ts). Absent for a Hub call of the listing.
       */
      connectionsOpen?: number;
      /**
       * How long or how many times failures like this one are retried without progress before the request is
       * given up (src/hub/retry-policy.ts retryLimit): `{ forMs }` for an outage under a time budget, else
       * `{ failures }`. The engine's retries carry it; a notice without it names no limit.
       */
      limit?: RetryLimit;
      /**
       * The try after this wait is the last one if it fails as this one did (src/hub/retry-policy.ts
       * nextTryIsLast): a wait the server asked can outlast what is left of the time budget.
       */
      lastTry?: true;
      /**
       * No try failed: another request's `429` wait for the same quota holds this one back before it goes (src/
       * transfer/host-rate-limit.ts); `error` is that `429`'s, `delayMs` what is left of its wait.
       */
      held?: true;
    }
  | { type: 'url-refreshed'; path: string }
  /**
   * A file's fetched bytes were thrown away (its content failed the hash check: INTEGRITY_MISMATCH, or changed
   * on the server mid-file: CONTENT_CHANGED) and it is fetched again from zero: `downloaded` goes down (as it
   * does, without this event, when the file fails the check for the last time: its temp file is deleted and
   * `file-failed` follows).
   */
  | {
      type: 'file-discarded';
      path: string;
      discardedBytes: number;
      error: { code: ErrorCode; message: string };
    }
  | { type: 'file-verified'; path: string; algorithm: 'sha256' | 'git-sha1' }
  | { type: 'file-done'; path: string; size: number; reused: boolean }
  | { type: 'file-failed'; path: string; error: { code: ErrorCode; message: string } }
  | {
      type: 'done';
      resultPath: string;
      /** Bytes fetched over the network. */
      downloadedBytes: number;
      /** Bytes copied instead of fetched (the plan's `copiedBytes`), and from where when any (as the plan's). */
      copiedBytes?: number;
      copiedFrom?: CopyPlace[];
      /**
       * Of `copiedBytes`, those hard-linked from another repo's folder in the HF cache instead of copied (a fork's
       * weights: docs/cache-hard-links.md): they take no room. Absent when none.
       */
      linkedBytes?: number;
      /** Bytes of files another download fetched while this one waited for them (`file-waiting`). */
      otherRunBytes?: number;
      totalBytes: number;
      /** The whole run, from the start of the listing. */
      elapsedMs: number;
      /**
       * Time this run was fetching over the network (progress-tracker.ts `fetchingMs`): not the listing, nor
       * waiting for another download or for a fetch slot, nor waiting before a retry with no file fetching: for
       * the Hub (`hubWaitedMs`) or a dropped connection's backoff (src/transfer/retry-wait-time.ts).
       * `downloadedBytes` over this is the run's speed.
       */
      fetchingMs: number;
      /**
       * Time in which every file this run was fetching waited for the Hub (a `429`'s Retry-After, a `5xx`
       * backoff) and none fetched a byte (progress-tracker.ts `hubWaitedMs`): not in `fetchingMs`.
       */
      hubWaitedMs?: number;
    }
  | { type: 'failed'; error: { code: ErrorCode; message: string } };

export type TransferEventType = TransferEvent['type'];
export type TransferEventListener = (event: TransferEvent) => void;
