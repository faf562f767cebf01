/**
 * One blob being fetched into the mirror's cache, shared by every client that asks for it while it
 * downloads. Which bytes are already on disk: when this process fetches it, each range as its write
 * resolves (`written`, from the engine's onRangeWritten), waking waiting clients at once; otherwise (a
 * fetch of another process, bytes from before this process) the transfer engine's own resume map (the
 * sidecar of the temp file, docs/transfer-engine.md: a range is listed only after its write resolved),
 * polled while clients wait, and read once for a temp file the writes announce (its resumed ranges). Once
 * the engine moves the verified file into place the whole blob is available.
 */
import { stat } from 'node:fs/promises';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { findResumableTemps } from '../cache/temp-files.js';
import { RangeSet } from '../transfer/range-set.js';
import { readResumeMapFile } from '../transfer/resume-map.js';
import type { ExpectedContent } from '../transfer/types.js';
import { PullFailures } from './pull-failures.js';
import { type ContentCheck, TempContentCheck } from './temp-content-check.js';
import { WaitingClients } from './waiting-clients.js';

export interface Availability {
  /** File to read from (the temp file while downloading, the blob once done). */
  path: string;
  /** Exclusive end of the bytes readable from the asked offset on. */
  until: number;
  /** The attempt these bytes belong to (InFlightBlob.attempt when they were found). */
  attempt: number;
}

export interface InFlightOptions {
  /** Final blob path (`…/blobs/<blobId>`): also the temp files' prefix. */
  blobPath: string;
  size: number;
  /** Resolves when the blob is in place; rejects when the fetch failed. */
  done: Promise<void>;
  /** How often the resume map is read while clients wait and no write was announced since. @default 100 */
  pollMs?: number;
  /** The clients waiting on this fetch (its fetcher's too); default a count of its own. */
  clients?: WaitingClients;
  /** How the mirror checks a whole temp file itself (checkWritten); default its hash. */
  matches?: ContentCheck;
  /** The client whose request started this fetch (InFlightBlob.startedBy); none for a pull joined from its job. */
  startedBy?: string;
}

export class InFlightBlob {
  readonly blobPath: string;
  readonly size: number;
  readonly done: Promise<void>;
  /** Requests answered from this blob now: each adds itself until its answer ends (file-requests.ts). */
  readonly clients: WaitingClients;
  /**
   * Its fetch's download job is paused (BlobFetchRequest.onPaused): the blob stays in flight, so a client asking
   * for it joins and resumes it, but nothing is pulled meanwhile (PullThrough.active, holds).
   */
  paused = false;
  /**
   * The client whose request started this fetch (PullThrough.source): the bytes it is sent were fetched for it, never
   * served from the cache, however early they reached the disk (onDiskNow).
   */
  readonly startedBy: string | undefined;
  readonly #pollMs: number;
  #ranges = new RangeSet();
  #tempPath: string | undefined;
  /** Bumped whenever the bytes announced stop holding: another attempt's temp file, or this one emptied. */
  #attempt = 0;
  #resumeMapPath: string | undefined;
  /** The temp file's writes are announced (`written`): its folder is not searched for another one. */
  #announced = false;
  /** The resume map of the announced temp file was read once (the ranges it had before its writes). */
  #announcedMapRead = false;
  /** A write was announced since the last poll: the poll need not read the map. */
  #heard = false;
  #finished = false;
  #failure: Error | undefined;
  /** What the upstream does to the fetch: its last failed attempt, its wait as a whole; both until it writes again. */
  readonly failures = new PullFailures();
  /** The whole temp file of an attempt, hashed by the mirror itself (checkWritten): whether it is the file. */
  readonly #checked: TempContentCheck;
  #waiters = new Set<() => void>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  /** The disk read in progress (readDisk, a poll's), which a caller of readDisk awaits instead of skipping. */
  #reading: Promise<void> | undefined;

  constructor(options: InFlightOptions) {
    this.blobPath = options.blobPath;
    this.size = options.size;
    this.startedBy = options.startedBy;
    this.#pollMs = options.pollMs ?? 100;
    this.clients = options.clients ?? new WaitingClients();
    this.#checked = new TempContentCheck(options.matches);
    this.done = options.done.then(
      () => {
        this.#finished = true;
        this.#wake();
      },
      (error: unknown) => {
        this.#failure = error instanceof Error ? error : new Error(String(error));
        this.#wake();
        throw this.#failure;
      },
    );
    this.done.catch(() => undefined);
  }

  get finished(): boolean {
    return this.#finished;
  }

  /**
   * Resolves true once the blob is in place, false as soon as `signal` aborts (a waiting client let go: the pull
   * stopped anyway, waiting-clients.ts), whichever comes first; rejects with the fetch's failure.
   */
  doneUnless(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const letGo = () => resolve(false);
      signal.addEventListener('abort', letGo, { once: true });
      this.done.then(
        () => resolve(true),
        (error: unknown) => reject(error),
      );
      this.done.finally(() => signal.removeEventListener('abort', letGo)).catch(() => undefined);
    });
  }

  /**
   * Which attempt the bytes announced belong to: a reader that read from the temp file under one attempt
   * must not be served the rest (or be vouched for) under another.
   */
  get attempt(): number {
    return this.#attempt;
  }

  /**
   * Every byte is known to be on disk: the blob in place, or its temp file whole (the fetch is only verifying
   * it and moving it into place). A reader from now on waits on nothing from the upstream.
   */
  get allWritten(): boolean {
    if (this.#finished) return true;
    return this.size > 0 && this.#tempPath !== undefined && this.#ranges.contiguousEnd(0) >= this.size;
  }

  /**
   * Whether every byte is on disk in a temp file whose content is `expected` (its hash checked by the mirror itself,
   * once per temp file and attempt, shared by the requests that ask meanwhile, and remembered: temp-content-check.ts):
   * the blob's own fetch verifies it only when it runs, and a paused one does not run. A response to the file's end
   * read from that temp file may then end normally (checkedTemp, blob-stream.ts); one that reaches its last chunk
   * while the hash runs waits for it there (tempCheck), not before its status. False when a byte is missing or the
   * content is not the file's.
   */
  checkWritten(expected: ExpectedContent): Promise<boolean> {
    if (this.#finished) return Promise.resolve(true);
    const path = this.#tempPath;
    if (!this.allWritten || path === undefined) return Promise.resolve(false);
    return this.#checked.start(path, this.#attempt, expected);
  }

  /** Whether the temp file at `path`, as of `attempt`, was found to hold the file (checkWritten). */
  checkedTemp(path: string, attempt: number): boolean {
    return attempt === this.#attempt && this.#checked.verdict(path, attempt) === true;
  }

  /** The check of the temp file at `path` as of `attempt` (checkWritten), running or done; undefined if none. */
  tempCheck(path: string, attempt: number): Promise<boolean> | undefined {
    return attempt === this.#attempt ? this.#checked.running(path, attempt) : undefined;
  }

  /** The verdict of the check of the temp file read now (checkWritten); undefined while none is known. */
  get tempVerdict(): boolean | undefined {
    return this.#tempPath === undefined ? undefined : this.#checked.verdict(this.#tempPath, this.#attempt);
  }

  /** The temp file the check found to hold the file, while its attempt holds (checkWritten). */
  get verifiedTemp(): string | undefined {
    return this.#checked.verified(this.#attempt);
  }

  /** How many bytes of the file are known to be on disk now (in any ranges; all of them once it is in place). */
  get bytesOnDisk(): number {
    if (this.#finished) return this.size;
    return this.#failure || this.#tempPath === undefined ? 0 : this.#ranges.totalBytes;
  }

  /**
   * The bytes on disk now and the attempt that wrote them: `coveredBytes(start, end)` later tells how many of a range
   * were already there then (those of the same attempt; none of another, whose bytes may differ).
   */
  onDiskNow(): { coveredBytes(start: number, end: number): number } {
    const attempt = this.#attempt;
    const finished = this.#finished;
    const ranges =
      this.#failure || this.#tempPath === undefined ? new RangeSet() : new RangeSet(this.#ranges.toArray());
    return {
      coveredBytes: (start, end) => {
        if (finished) return end - start;
        return this.#attempt === attempt ? end - start - ranges.uncoveredBytes(start, end) : 0;
      },
    };
  }

  /** Whether bytes from `offset` are known to be on disk now (next() would resolve without waiting). */
  hasBytesAt(offset: number): boolean {
    if (this.#failure) return false;
    if (this.#finished) return offset < this.size;
    return this.#tempPath !== undefined && this.#ranges.contiguousEnd(offset) > offset;
  }

  /**
   * Resolves with where bytes from `offset` can be read (at least one byte), waiting until there are. A reader
   * of the temp file passes the `attempt` it read under: once that attempt's bytes no longer hold (another
   * attempt, or the file emptied), it is told at once (startedOverError) instead of waiting for bytes there.
   */
  async next(offset: number, signal?: AbortSignal, attempt?: number): Promise<Availability> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (attempt !== undefined && this.#attempt !== attempt) throw startedOverError(this.blobPath);
      if (this.#finished) return { path: this.blobPath, until: this.size, attempt: this.#attempt };
      const until = this.#ranges.contiguousEnd(offset);
      if (until > offset && this.#tempPath !== undefined) {
        return { path: this.#tempPath, until, attempt: this.#attempt };
      }
      await this.#change(signal);
    }
  }

  /**
   * Resolves once the fetch is over for the bytes of `tempPath`: true when the blob is in place, false as soon
   * as this process's fetch announces another attempt's temp file (`written`: the engine started the file
   * over, the bytes read from `tempPath` will never be verified); rejects with the fetch's failure. A temp
   * file found by a poll is not taken for a new attempt (between the engine's removal of a resume map and its
   * rename into place a poll can find an older leftover); the caller's inode check settles those. While this
   * process's writes are announced nothing is polled: `written` and the end of the fetch wake it.
   */
  async settled(tempPath: string, attempt: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (this.#finished) return true;
      if (this.#attempt !== attempt || (this.#announced && this.#tempPath !== tempPath)) return false;
      await this.#change(signal, !this.#announced);
    }
  }

  /** Waits for the next write, poll (scheduled unless `poll` is false), end of the fetch or abort. */
  #change(signal: AbortSignal | undefined, poll = true): Promise<void> {
    // With the signal's reason when it has one: why the wait was given up (the upstream gone, a timeout).
    if (signal?.aborted)
      return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    return new Promise<void>((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
      if (poll) this.#schedule();
    });
  }

  /** Bytes [start, end) of `tempPath` are on disk (this process wrote them). */
  written(tempPath: string, start: number, end: number): void {
    if (tempPath !== this.#tempPath || !this.#announced) {
      // A new attempt's temp file (or the first one announced): what another one had does not count.
      if (tempPath !== this.#tempPath) {
        this.#ranges = new RangeSet();
        this.#attempt++;
      }
      this.#tempPath = tempPath;
      this.#resumeMapPath = `${tempPath}${RESUME_MAP_SUFFIX}`;
      this.#announced = true;
      this.#announcedMapRead = false;
    }
    this.#ranges.add(start, end);
    this.failures.wrote();
    this.#heard = true;
    this.#wake();
  }

  /** This process's fetch empties `tempPath` to write it again from zero: none of its bytes are there now. */
  restarted(tempPath: string): void {
    if (tempPath !== this.#tempPath) return;
    this.#ranges = new RangeSet();
    this.#attempt++;
    // This process's fetch writes it: its ranges come from `written`, never again from the resume map, which
    // lists the old attempt's until the engine rewrites it.
    this.#announced = true;
    this.#announcedMapRead = true;
    this.#wake();
  }

  /**
   * Reads what is on disk now (the blob in place, or the ranges its temp file's resume map lists), as a poll does:
   * for a fetch watched with no client and nothing announced yet (a paused job kept across a restart), whose bytes
   * hasBytesAt must know before any client waits.
   */
  async readDisk(): Promise<void> {
    if (this.#finished || this.#failure) return;
    // A read in progress (another request's, or a poll's) is awaited: returning before it, hasBytesAt and allWritten
    // would still say nothing is on disk.
    await (this.#reading ?? this.#readOnce());
  }

  /** Settles once the disk read in progress, if any, has ended (what readDisk would learn, without a new read). */
  diskReadDone(): Promise<void> {
    return this.#reading ?? Promise.resolve();
  }

  #readOnce(): Promise<void> {
    const reading = this.#readDisk().finally(() => {
      if (this.#reading === reading) this.#reading = undefined;
    });
    this.#reading = reading;
    return reading;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#finished || this.#failure) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, this.#pollMs);
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      // Writes announced since the last poll, and the map of their temp file read: nothing to learn from disk.
      const announcedOnly = this.#heard && this.#announcedMapRead;
      this.#heard = false;
      if (!announcedOnly) await (this.#reading ?? this.#readOnce());
    } finally {
      this.#polling = false;
    }
    this.#wake();
  }

  async #readDisk(): Promise<void> {
    const complete = await stat(this.blobPath).then(
      (info) => info.size === this.size,
      () => false,
    );
    if (complete) {
      this.#finished = true;
      return;
    }
    // The temp file found once is read directly; the folder is listed again only when it is gone.
    const tempPath = this.#tempPath;
    const attempt = this.#attempt;
    if (this.#announced && this.#announcedMapRead) return;
    let map = this.#resumeMapPath ? await readResumeMapFile(this.#resumeMapPath) : null;
    // Another temp file announced, or this one emptied, while the map was read: its ranges are not these.
    if (this.#tempPath !== tempPath || this.#attempt !== attempt) return;
    if (this.#announced) this.#announcedMapRead = true;
    else if (!map) {
      const [temp] = await findResumableTemps(this.blobPath);
      map = temp ? await readResumeMapFile(temp.resumeMapPath) : null;
      if (this.#announced) return;
      if (temp && map && map.size === this.size && temp.tempPath !== this.#tempPath) {
        this.#ranges = new RangeSet();
        this.#tempPath = temp.tempPath;
        this.#resumeMapPath = temp.resumeMapPath;
      }
    }
    // Ranges only grow: a map rewritten between reads never takes bytes back.
    if (map && map.size === this.size) for (const [start, end] of map.ranges) this.#ranges.add(start, end);
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
    if (this.#waiters.size > 0) this.#schedule();
  }
}

/** Cuts a reader whose bytes came from an attempt the fetch discarded, or from a temp file it emptied. */
export function startedOverError(blobPath: string): Error {
  return new Error(
    `The pull of ${blobPath} started the file over: the bytes sent are not the ones it verified`,
  );
}
