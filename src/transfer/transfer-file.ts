/**
 * transferFile: download one file's bytes into its temp file with parallel range requests, resuming from
 * the resume map, then verify size and hash. The top layer of the transfer room (docs/transfer-engine.md):
 * it owns the temp file handle and the resume map; SegmentedFetch owns the connections.
 *
 * Outcomes:
 * - resolves `{ fetchedBytes }`: the temp file holds exactly the expected content (size + hash checked), and
 *   the resume map is deleted. The caller moves the temp file into place.
 * - rejects ABORTED (signal): requests destroyed, map flushed, temp file kept for a later resume.
 * - rejects INTEGRITY_MISMATCH / SIZE_MISMATCH after the bytes were fetched: temp file and map deleted.
 * - rejects anything else (TRANSFER_FAILED, FORBIDDEN, DISK_FULL …): map flushed, temp file kept; deleted when
 *   no map could be written (a disk full before the first map write), as nothing resumes from it.
 * - either of the first and last with no byte of the file on disk (refused, or stopped, before the first
 *   byte): temp file and map deleted, nothing is left to resume.
 */
import { rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Dispatcher } from 'undici';
import { DEFAULT_INITIAL_CONNECTIONS, DEFAULT_STALL_TIMEOUT_MS } from '../defaults.js';
import { HubgetError, isHubgetError, toHubgetError } from '../errors.js';
import { ofFile } from '../format/path-punctuation.js';
import { httpDispatcher } from '../hub/http.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../hub/retry-policy.js';
import { makeDirectory } from '../make-directory.js';
import type { FileConnections } from '../progress/connections-reason.js';
import type { TransferEvent } from '../progress/events.js';
import { safeEmitter } from '../progress/safe-emitter.js';
import { isDeletionOf, isUnlinked, tempDeletedError } from './deleted-files.js';
import { noteTempDiscarded } from './discarded-temps.js';
import { PrefixHasher } from './prefix-hasher.js';
import { RangeSet } from './range-set.js';
import { abortedError } from './rate-limiter.js';
import {
  discardTemp,
  hasResumeMap,
  identityMatches,
  loadResumeMap,
  ResumeMapWriter,
  removeResumeMap,
} from './resume-map.js';
import { DEFAULT_MIN_SEGMENT_BYTES } from './segment-scheduler.js';
import { SegmentedFetch } from './segmented-fetch.js';
import type { SegmentedFetchOptions, SegmentedFetchTuning } from './segmented-fetch-options.js';
import {
  DEFAULT_SLOW_FOR_MS,
  DEFAULT_SLOW_JUDGED_BYTES,
  DEFAULT_SLOW_MIN_REMAINING_BYTES,
  DEFAULT_SLOW_RATIO,
} from './stall-watchdog.js';
import { openTempHandle, type TempHandle } from './temp-handle.js';
import type { ConnectionBudget, TransferFileOptions } from './types.js';

export interface TransferTuning extends Omit<SegmentedFetchTuning, 'retry' | 'stallTimeoutMs'> {
  /**
   * Minimum spacing of resume-map writes. Default 200 ms: a `kill -9` loses at most this long of data (plus
   * one write batch, ≤ 100 ms), so a resumed download re-fetches little; the map is a sub-KB JSON file, so
   * five atomic writes a second per active file cost nothing measurable.
   */
  resumeMapIntervalMs: number;
}

export const DEFAULT_TRANSFER_TUNING: TransferTuning = {
  minSegmentBytes: DEFAULT_MIN_SEGMENT_BYTES,
  // Segments are handed out in file order, so the prefix hasher can only run as far as the lowest unfinished
  // segment; segments taper toward the end of the file (segment-scheduler.ts), so they end about in order.
  // 16 MiB is ≥ 0.5 s of a CDN stream at 30 MB/s, so one round trip per segment costs a few percent at most.
  // Measured with equal segments (1 GiB, 16 × 20 MB/s, median of 3): 8 MiB 4.25 s, 16 MiB 3.93 s, 32 MiB
  // 4.11 s, 64 MiB 4.57 s.
  maxSegmentBytes: 16 * 1024 * 1024,
  slowRatio: DEFAULT_SLOW_RATIO,
  slowForMs: DEFAULT_SLOW_FOR_MS,
  slowMinRemainingBytes: DEFAULT_SLOW_MIN_REMAINING_BYTES,
  slowJudgedBytes: DEFAULT_SLOW_JUDGED_BYTES,
  // Also the adaptive controller's sampling interval: a 1 GiB file at 300 MB/s lasts ~3 s, so steps must
  // come fast (8 → 16 → 32 connections within ~0.6 s on a per-connection-capped CDN: settle one interval,
  // measure two, per step until the link is proven; adaptive-window.ts, DEFAULT_MEASURE_INTERVALS). It
  // counts bytes as they arrive, so 2 × 100 ms at ≥ 100 MB/s is a stable rate.
  // 150 → 100 ms: 1 GiB at 32 × 20 MB/s had 225–237 MB on disk after 1.2 s, now 300–364 MB (--json).
  growIntervalMs: 100,
  initialConnections: DEFAULT_INITIAL_CONNECTIONS,
  resumeMapIntervalMs: 200,
};

const NO_MAP = { map: null, exists: false } as const;

/** `loopBusyMs` and `now`: the adaptive controller's loop busy time and clock (tests). */
export type TransferFileParams = TransferFileOptions &
  Pick<SegmentedFetchOptions, 'loopBusyMs' | 'now'> & {
    connectionBudget?: ConnectionBudget;
    /** Default: the shared proxy-aware dispatcher (src/hub/http.ts). */
    dispatcher?: Dispatcher;
    /** Segment sizes, slow-connection detection, map throttling (tests shrink them). */
    tuning?: Partial<TransferTuning>;
    /** Backoff and retry limits (tests scale delays down). */
    retryPolicy?: Partial<RetryPolicy>;
    /** Every byte is on disk and no connection is open any more; the size and hash checks come next. */
    onFetched?: () => void;
    /** Called as the file's connections open, with a reading of how many are open and why (read when a progress
     * event is built: nothing per chunk). A file fetched again from zero (content changed) calls it again. */
    watchConnections?: (reading: () => FileConnections) => void;
  };

/** A temp file opened for a transfer, with what its resume map says is already on disk. */
export interface OpenedTemp {
  readonly tempPath: string;
  readonly handle: TempHandle;
  readonly done: RangeSet;
  readonly etag: string | null;
  /** The temp file's bytes are kept and only the missing ranges are fetched. */
  readonly resumable: boolean;
  /** A resume map was on disk (deleted once the file is done). */
  readonly hadMap: boolean;
}

export type OpenTempParams = Pick<
  TransferFileParams,
  'expected' | 'tempPath' | 'resumeMapPath' | 'freshTemp'
>;

/**
 * The disk half of a transfer's start: read the resume map and open (or create) the temp file. A caller may
 * do it before it holds a fetch slot (download-file.ts) and pass the result to transferFile: opening goes
 * through the thread pool, and for small files it took a median of 6–8 ms (p90 17–23 ms) inside every
 * file's slot, a tenth of the slot, with no request in flight.
 */
export async function openTransferTemp(options: OpenTempParams): Promise<OpenedTemp> {
  const { expected, tempPath, resumeMapPath } = options;
  const done = new RangeSet();
  const loaded = options.freshTemp ? NO_MAP : await loadResumeMap(resumeMapPath);
  const map = loaded.map;
  // Without a map there is nothing to resume, so the temp file's size does not matter (no stat).
  const tempSize =
    map === null
      ? -1
      : await stat(tempPath).then(
          (stats) => stats.size,
          () => -1,
        );
  const resumable = map !== null && identityMatches(map, expected) && tempSize === expected.size;
  if (resumable) for (const [start, end] of map.ranges) done.add(start, end);
  // 'r+' keeps the bytes of a resumable file; 'w+' starts over.
  const handle = await openTemp(tempPath, resumable ? 'r+' : 'w+');
  return { tempPath, handle, done, etag: resumable ? map.etag : null, resumable, hadMap: loaded.exists };
}

/**
 * An opened temp that will not be transferred after all (the run was aborted before the file's turn): closed,
 * and deleted when it was created empty for this run; a resumable one keeps its bytes and map.
 */
export async function abandonOpenedTemp(opened: OpenedTemp): Promise<void> {
  await opened.handle.close().catch(() => {});
  if (!opened.resumable && !opened.hadMap) await rm(opened.tempPath, { force: true });
}

/**
 * `opened`: the temp file from openTransferTemp (transferFile closes it, and abandons it when it refuses to
 * start: bad options or an aborted signal); else transferFile opens it.
 */
export async function transferFile(
  options: TransferFileParams,
  opened?: OpenedTemp,
): Promise<{ fetchedBytes: number }> {
  const { expected, tempPath, resumeMapPath, signal } = options;
  try {
    validate(options);
    if (signal?.aborted) throw abortedError(signal);
  } catch (error) {
    if (opened) await abandonOpenedTemp(opened);
    throw error;
  }
  const emit = safeEmitter(options.onEvent);
  const temp = opened ?? (await openTransferTemp(options));
  const { handle, done, resumable } = temp;
  let fetchedBytes = 0;
  // Stops the fetch once the temp file is found deleted (its folder removed): no byte more goes into nothing. The
  // caller's stop reaches it by a listener, removed when the fetch ends, not AbortSignal.any (a composite signal
  // per file: segment-stream.ts).
  const fetchStop = new AbortController();
  const onStop = () => fetchStop.abort(signal?.reason);
  if (signal?.aborted) onStop();
  else signal?.addEventListener('abort', onStop, { once: true });
  const fetchSignal = fetchStop.signal;
  const mapWriter = new ResumeMapWriter({
    path: resumeMapPath,
    expected,
    done,
    etag: temp.etag,
    intervalMs: options.tuning?.resumeMapIntervalMs ?? DEFAULT_TRANSFER_TUNING.resumeMapIntervalMs,
    // Small files finish before the first interval and never write (or delete) a map.
    deferFirstWrite: true,
    // One fstat of the open descriptor per map write (≤ 5 a second): is the temp file still there?
    beforeWrite: async () => {
      if (await isUnlinked(handle)) throw tempDeletedError(options.path, tempPath);
    },
    onThrottledError: (error) => {
      if (isDeletionOf(error, tempPath)) fetchStop.abort(error);
    },
    // A temp file with a map has the expected size (sparse): that is how a later run tells it belongs to the
    // map. Sizing it only here saves an ftruncate per small file; positional writes never go past `size`, so
    // a file that finishes without a map has exactly `size` bytes anyway (checkSize below).
    ...(!resumable && { beforeFirstWrite: () => handle.truncate(expected.size) }),
  });
  // Hashes the finished prefix while the rest downloads (a resumed file: from byte 0 over what is done).
  const hasher = new PrefixHasher({ handle, size: expected.size, algorithm: expected.algorithm, done });
  let actual: string;
  let allWritten = false;
  try {
    // A map for other content (or a temp file of the wrong size) must not survive a crash beside the new
    // temp file: if its identity matched, a later run would trust its ranges. Replace it at once.
    if (temp.hadMap && !resumable) await mapWriter.flush();
    if (expected.size > 0 && done.totalBytes < expected.size) {
      hasher.start();
      fetchedBytes = await fetchMissing(
        { ...options, signal: fetchSignal },
        handle,
        done,
        mapWriter,
        hasher,
        emit,
      );
    }
    options.onFetched?.();
    await mapWriter.close();
    allWritten = true;
    await checkSize(options, handle);
    actual = await hasher.digest(signal);
  } catch (error) {
    await hasher.stop();
    // The temp file deleted under it (found so, or found now: a pause, another file's deletion): nothing kept.
    const gone = isDeletionOf(error, tempPath) || (await isUnlinked(handle));
    // Not one byte on disk (refused, unreachable, stopped before the first byte): nothing to resume, so no
    // empty temp file and map are left behind; else the map is flushed for the next run.
    const nothingKept = gone || done.totalBytes === 0;
    // A failed file left without a map (the disk filled up before its first map write) has nothing a later run
    // resumes from (never from a file's length alone), nor anything that tells it from another program's
    // download (docs/external-downloads.md): it goes too. A pause keeps it, in the paused job's folder.
    const unmapped = !nothingKept && !(await flushedOrStands(mapWriter, resumeMapPath));
    await mapWriter.close();
    await handle.close().catch(() => {});
    const discarded = nothingKept || (unmapped && !signal?.aborted);
    if (discarded) await discardTemp({ tempPath, resumeMapPath }).catch(() => {});
    if (gone) throw tempDeletedError(options.path, tempPath);
    if (signal?.aborted) throw abortedError(signal);
    // Every byte arrived but the file is not the expected one: nothing in it is worth resuming.
    if (allWritten && isHubgetError(error, 'SIZE_MISMATCH')) await discardTemp({ tempPath, resumeMapPath });
    const failure = toHubgetError(error);
    if (discarded) noteTempDiscarded(failure);
    throw failure;
  } finally {
    signal?.removeEventListener('abort', onStop);
  }
  await handle.close();

  await verify(options, actual, emit);
  if (temp.hadMap || mapWriter.wrote) await removeResumeMap(resumeMapPath);
  return { fetchedBytes };
}

/** The hasher's hook, plus the caller's observer only when there is one (nothing more per chunk without). */
function writtenObserver(
  hasher: PrefixHasher,
  tempPath: string,
  observer: TransferFileOptions['onRangeWritten'],
): (start: number, end: number, bytes: Buffer) => void {
  if (!observer) return (start, end, bytes) => hasher.noteWritten(start, end, bytes);
  return (start, end, bytes) => {
    hasher.noteWritten(start, end, bytes);
    notifyObserver(observer, tempPath, start, end);
  };
}

/** Calls an observer of the transfer (the mirror): its failures are its own, never the transfer's. */
function notifyObserver<A extends unknown[]>(observer: (...args: A) => void, ...args: A): void {
  try {
    observer(...args);
  } catch {
    // Observers' failures are theirs.
  }
}

/** Writes the map now; false when that fails and no earlier map stands on disk either. */
function flushedOrStands(mapWriter: ResumeMapWriter, resumeMapPath: string): Promise<boolean> {
  return mapWriter.flush().then(
    () => true,
    () => hasResumeMap(resumeMapPath),
  );
}

/** The caller normally made the folder already (download-model's run memo): mkdir only when missing. */
async function openTemp(tempPath: string, flags: 'r+' | 'w+'): Promise<TempHandle> {
  try {
    return await openTempHandle(tempPath, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || flags === 'r+') throw error;
  }
  await makeDirectory(dirname(tempPath));
  return openTempHandle(tempPath, flags);
}

async function fetchMissing(
  options: TransferFileParams,
  handle: TempHandle,
  done: RangeSet,
  mapWriter: ResumeMapWriter,
  hasher: PrefixHasher,
  emit: (event: TransferEvent) => void,
): Promise<number> {
  const tuning = { ...DEFAULT_TRANSFER_TUNING, ...options.tuning };
  let fetchedBytes = 0;
  for (let restarts = 0; ; restarts++) {
    const fetch = new SegmentedFetch({
      path: options.path,
      size: options.expected.size,
      handle,
      done,
      mapWriter,
      resolveUrl: options.resolveUrl,
      connections: options.connections,
      connectionBudget: options.connectionBudget,
      dispatcher: options.dispatcher ?? httpDispatcher(),
      rateLimiters: options.rateLimiters ?? [],
      signal: options.signal,
      onBytes: options.onBytes,
      onConnectionsChanged: options.onConnectionsChanged,
      onWritten: writtenObserver(hasher, options.tempPath, options.onRangeWritten),
      requestGate: options.requestGate,
      emit,
      ...(options.loopBusyMs && { loopBusyMs: options.loopBusyMs }),
      ...(options.now && { now: options.now }),
      tuning: {
        ...tuning,
        stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
        retry: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      },
    });
    options.watchConnections?.(() => fetch.connections);
    try {
      await fetch.run();
      return fetchedBytes + fetch.fetchedBytes;
    } catch (error) {
      fetchedBytes += fetch.fetchedBytes;
      // The remote content changed under us (new strong ETag): the bytes on disk may mix two versions.
      // Start the file over once; a second change fails the transfer.
      if (!isHubgetError(error, 'CONTENT_CHANGED') || restarts > 0) throw error;
      // Readers of the temp file (the mirror) learn it first: the bytes they were told of are going.
      if (options.onTempRestart) notifyObserver(options.onTempRestart, options.tempPath, error);
      await hasher.reset();
      done.clear();
      mapWriter.etag = null;
      await handle.truncate(0);
      await handle.truncate(options.expected.size);
      await mapWriter.flush();
    }
  }
}

/** The temp file must still be there, with exactly the expected size, before its hash means anything. */
async function checkSize(options: TransferFileParams, handle: TempHandle): Promise<void> {
  const { size, nlink } = await handle.stat();
  if (nlink === 0) throw tempDeletedError(options.path, options.tempPath);
  if (size !== options.expected.size) {
    throw new HubgetError(
      'SIZE_MISMATCH',
      ofFile(options.path, `temp file is ${size} bytes, expected ${options.expected.size}`),
    );
  }
}

async function verify(
  options: TransferFileParams,
  actual: string,
  emit: (event: TransferEvent) => void,
): Promise<void> {
  const { expected, tempPath, resumeMapPath, path } = options;
  if (actual !== expected.hex.toLowerCase()) {
    await discardTemp({ tempPath, resumeMapPath });
    throw new HubgetError(
      'INTEGRITY_MISMATCH',
      ofFile(path, `${expected.algorithm} is ${actual}, expected ${expected.hex.toLowerCase()}`),
      { details: { expected: expected.hex.toLowerCase(), actual, algorithm: expected.algorithm } },
    );
  }
  emit({ type: 'file-verified', path, algorithm: expected.algorithm });
}

function validate(options: TransferFileParams): void {
  const { expected, connections } = options;
  if (!Number.isSafeInteger(expected.size) || expected.size < 0) {
    throw new HubgetError('INVALID_ARGUMENT', `Expected size must be an integer ≥ 0, got ${expected.size}`);
  }
  if (!Number.isInteger(connections) || connections < 1) {
    throw new HubgetError('INVALID_ARGUMENT', `connections must be an integer ≥ 1, got ${connections}`);
  }
  const hexLength = expected.algorithm === 'sha256' ? 64 : 40;
  if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(expected.hex)) {
    const message = `Expected ${expected.algorithm} must be ${hexLength} hex digits`;
    throw new HubgetError('INVALID_ARGUMENT', message);
  }
}
