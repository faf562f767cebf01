/**
 * The middle layer: fetches the missing ranges of one file over parallel range requests, writing each chunk
 * at its offset and recording it in the RangeSet (then the resume map).
 *
 * Lanes (docs/transfer-connections.md): a lane is one connection slot working segment after segment. The first
 * waits for a slot of the shared ConnectionBudget and keeps it until nothing is left; extra lanes start once the
 * first response told where the bytes are (file-url.ts), while the budget has room or another download owes this
 * one a slot, up to its share of its line's adaptive count (connection-line.ts) within `connections`. An extra lane
 * gives its slot back after a segment when the budget says so (`contended`) or the target went down, and at once
 * (its segment cut short, #giveBackNow) when a download waiting for its first slot is owed one, or when it runs
 * more than its share of the line while another file there runs fewer than its own.
 *
 * A segment (docs/transfer-engine.md): requesting → streaming → done, or → failed → backoff → requesting, or
 * → stalled/slow → requesting at once; its tail may be stolen by another lane (`end` shrinks), it may be cut
 * short when a limit is set (capInFlight), or cancelled when the server ignores Range (one lane takes over).
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HubgetError } from '../errors.js';
import { type FileConnections, fileConnectionsReason } from '../progress/connections-reason.js';
import { classifyTransferError } from './classify-error.js';
import { ConnectionLine, type LineMember } from './connection-line.js';
import type { RangeResponse } from './range-request.js';
import { rangesStillMissingError } from './ranges-still-missing.js';
import { fileConnectionsUnderLimits, segmentBytesForLimits } from './rate-bound-budget.js';
import { abortedError, anyLimited } from './rate-limiter.js';
import { checkEtag } from './resume-map.js';
import { SegmentRequests } from './segment-requests.js';
import { fetchSegment } from './segment-retries.js';
import { longestUnfinished, type Segment, SegmentScheduler } from './segment-scheduler.js';
import type { SegmentStreamHost } from './segment-stream.js';
import type { SegmentedFetchOptions } from './segmented-fetch-options.js';
import { StallWatchdog } from './stall-watchdog.js';
import { type CurrentUrl, TransferUrl } from './transfer-url.js';

export class SegmentedFetch {
  readonly #options: SegmentedFetchOptions;
  readonly #controller = new AbortController();
  readonly #watchdog: StallWatchdog;
  readonly #url: TransferUrl;
  /** This file's share of its line's adaptive connection count (connection-line.ts). */
  readonly #line: LineMember;
  readonly #host: SegmentStreamHost;
  #scheduler: SegmentScheduler;
  #fatal: HubgetError | undefined;
  #fetchedBytes = 0;
  #lanes = new Set<Promise<void>>();
  #startingLanes = 0;
  /** Lanes started and not yet finished (counted synchronously, unlike #lanes). */
  #laneCount = 0;
  /** Lanes holding a slot that wait out a retry delay after a failure (segment-retries.ts): none open. */
  #retryingLanes = 0;
  #rangesIgnored = false;
  /** Extra lanes start only once the first lane holds its slot (a file always gets one first). */
  #primaryRunning = false;
  /** The range requests in flight, by segment (segment-requests.ts). */
  readonly #requests = new SegmentRequests();
  /** Segments the extra lanes are fetching (each such lane holds a slot it may give back: #giveBackNow). */
  readonly #extraSegments = new Set<Segment>();
  /** Aborts the extra lanes still waiting for a slot once nothing is left to share (#dropWaiting). */
  #waiting = new AbortController();

  constructor(options: SegmentedFetchOptions) {
    this.#options = options;
    // Every range request of this file (up to the connection ceiling) listens on it (segment-stream.ts).
    setMaxListeners(0, this.#controller.signal);
    this.#scheduler = this.#newScheduler();
    const { tuning } = options;
    // Its knobs are the tuning's stallTimeoutMs and slow* fields (same names).
    this.#watchdog = new StallWatchdog(tuning);
    this.#url = new TransferUrl(options.resolveUrl, options.path, () =>
      options.emit({ type: 'url-refreshed', path: options.path }),
    );
    this.#line = (options.connectionBudget?.line ?? new ConnectionLine()).join({
      group: options.connectionBudget ?? this,
      initial: tuning.initialConnections,
      connections: options.connections,
      intervalMs: tuning.growIntervalMs,
      lanes: () => this.#laneCount,
      hasWork: () => this.#scheduler.hasWork(),
    });
    this.#host = this.#streamHost();
  }

  /** Connections open (lanes with a slot, less those waiting to retry) and why that many (fileConnectionsReason). */
  get connections(): FileConnections {
    const retrying = this.#retryingLanes;
    const open = this.#laneCount - this.#startingLanes - retrying;
    const limited = this.#underLimits();
    const reason = fileConnectionsReason({
      open,
      retrying,
      target: this.#target(limited),
      splittable: this.#scheduler.hasWork(),
      limited,
      budgetFull: (this.#wantsLane() || this.#startingLanes > 0) && !this.#budgetHasRoom(),
      verdict: this.#line.verdict,
    });
    return { open, retrying, reason };
  }

  /** Bytes newly written by this run (overlapping rewrites are not counted twice). */
  get fetchedBytes(): number {
    return this.#fetchedBytes;
  }

  run(): Promise<void> {
    return this.#run().finally(() => this.#line.leave());
  }

  async #run(): Promise<void> {
    const { signal } = this.#options;
    const onAbort = () => this.#controller.abort(abortedError(signal));
    if (signal?.aborted) throw abortedError(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    const now = this.#options.now ?? Date.now;
    // The event loop's own clock is in real ms: with an injected `now` and no `loopBusyMs`, no saturation.
    const loopBusyMs =
      this.#options.loopBusyMs ??
      (this.#options.now ? () => undefined : () => performance.eventLoopUtilization().active);
    const growTimer = setInterval(() => {
      // Under an active rate limit more connections cannot add speed: no probing then.
      const limited = anyLimited(this.#options.rateLimiters);
      this.#line.tick(now(), loopBusyMs(), this.#url.located && !limited);
      this.#dropWaiting();
      this.#giveBackNow();
      this.#grow();
    }, this.#options.tuning.growIntervalMs);
    growTimer.unref?.();
    const unwatchRates = this.#options.rateLimiters.map((l) => l.onRateChange(() => this.#capInFlight()));
    try {
      // A lane only exits when nothing is left to share, so one round normally finishes the file; the loop
      // is a guard against a range left behind by a lane that stopped early.
      for (let round = 0; round < 3 && !this.#stopped; round++) {
        if (this.#options.done.totalBytes >= this.#options.size) break;
        if (round > 0) {
          this.#rangesIgnored = false;
          this.#scheduler = this.#newScheduler();
        }
        this.#startLane(true);
        while (this.#lanes.size > 0 || this.#startingLanes > 0) {
          await Promise.race([...this.#lanes, sleep(50)]);
          this.#dropWaiting();
        }
      }
    } finally {
      clearInterval(growTimer);
      for (const unwatch of unwatchRates) unwatch();
      this.#watchdog.stop();
      signal?.removeEventListener('abort', onAbort);
      this.#requests.abortAll();
    }
    if (this.#fatal) throw this.#fatal;
    if (signal?.aborted) throw abortedError(signal);
    if (this.#options.done.totalBytes < this.#options.size) {
      throw rangesStillMissingError(this.#options.path);
    }
  }

  get #stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  #newScheduler(): SegmentScheduler {
    const { tuning, done, size } = this.#options;
    return new SegmentScheduler(done.missing(size), {
      // The lanes running now, not the hard cap: segments sized for 32 connections on a file that has 8 cost
      // twice the requests, each a round trip on a real CDN (docs/transfer-writing.md, "Segments and lanes").
      connections: () => this.#laneCount,
      minSegmentBytes: tuning.minSegmentBytes,
      maxSegmentBytes: tuning.maxSegmentBytes,
      capBytes: () =>
        this.#options.connectionBudget?.limitRequestBytes ??
        segmentBytesForLimits(this.#options.rateLimiters),
    });
  }

  /**
   * A limit changed: segments cut larger than a request may now ask for give back their unclaimed bytes and
   * stop at once (SegmentScheduler.capInFlight). Not while one stream rewrites the file (it cannot be cut).
   */
  #capInFlight(): void {
    if (this.#rangesIgnored || this.#stopped) return;
    for (const segment of this.#scheduler.capInFlight()) this.#requests.cut(segment);
  }

  /**
   * An extra lane's segment is cut short where it stands (the unclaimed rest is cut again), so the lane gives
   * its slot back now rather than at the end of a segment that at a paced connection lasts many seconds: when
   * a download waiting for its first slot is owed one by this one (connection-budget.ts, claimPromptRelease),
   * or when this file runs more than its share of the line while another there runs fewer than its own
   * (connection-line.ts: a download started beside one waited ~10 s on a 12 MB/s line for its share).
   */
  #giveBackNow(): void {
    if (this.#rangesIgnored || this.#stopped) return;
    const longest = longestUnfinished(this.#extraSegments);
    if (!longest) return;
    const aboveShare = this.#laneCount > this.#target() && this.#line.yieldNow;
    if (!aboveShare && !this.#options.connectionBudget?.claimPromptRelease?.()) return;
    this.#scheduler.cutShort(longest);
    this.#requests.cut(longest);
  }

  #fail(error: HubgetError): void {
    if (this.#fatal || this.#stopped) return;
    this.#fatal = error;
    this.#controller.abort(error);
  }

  /** Lanes wanted under a rate limit (rate-bound-budget.ts); undefined without one. */
  #underLimits() {
    const { rateLimiters, connectionBudget, connections } = this.#options;
    return fileConnectionsUnderLimits(rateLimiters, connectionBudget, this.#line.target, connections);
  }

  /** The adaptive target, or under a limit with slow connections as many as the limit can use. */
  #target(limited = this.#underLimits()): number {
    return limited?.target ?? this.#line.target;
  }

  /**
   * Adds lanes up to the adaptive target while there is work to share and the budget has room, or (waiting
   * for their slot) while another download owes this one a slot.
   */
  #grow(): void {
    while (this.#wantsLane() && this.#budgetHasRoom()) this.#startLane(false);
    while (this.#wantsLane() && this.#options.connectionBudget?.claimable) this.#startLane(false);
  }

  /** Nothing is left to share: the lanes still waiting for a slot stop waiting. */
  #dropWaiting(): void {
    if (this.#startingLanes === 0 || this.#scheduler.hasWork()) return;
    this.#waiting.abort();
    this.#waiting = new AbortController();
  }

  /** The connection budget (if any) has a free slot. */
  #budgetHasRoom(): boolean {
    const { connectionBudget } = this.#options;
    return connectionBudget === undefined || connectionBudget.available > 0;
  }

  /**
   * Another lane would start if the budget had a free slot: below the adaptive target, the URL located, the
   * server serving ranges, and work left to split.
   */
  #wantsLane(): boolean {
    return (
      !this.#stopped &&
      !this.#rangesIgnored &&
      this.#primaryRunning &&
      this.#url.located &&
      this.#scheduler.hasWork() &&
      this.#laneCount < this.#target()
    );
  }

  #startLane(primary: boolean): void {
    this.#startingLanes++;
    this.#laneCount++;
    const lane = this.#runLane(primary)
      .catch((error: unknown) => this.#fail(classifyTransferError(error)))
      .finally(() => {
        this.#laneCount--;
        this.#lanes.delete(lane);
        this.#options.onConnectionsChanged?.();
      });
    this.#lanes.add(lane);
  }

  async #runLane(primary: boolean): Promise<void> {
    const budget = this.#options.connectionBudget;
    const waiting = this.#waiting.signal;
    let release: (() => void) | undefined;
    try {
      const signal = primary ? this.#controller.signal : AbortSignal.any([this.#controller.signal, waiting]);
      release = budget ? await budget.acquire(signal) : undefined;
    } catch (error) {
      if (!primary && waiting.aborted && !this.#stopped) return;
      throw error;
    } finally {
      this.#startingLanes--;
    }
    this.#options.onConnectionsChanged?.();
    let flowing = false; // open on the line once a byte came (docs/transfer-connections.md, "Adaptive connections")
    const host: SegmentStreamHost = {
      ...this.#host,
      received: (bytes) => {
        if (!flowing) {
          flowing = true;
          this.#line.flowing(1);
        }
        this.#host.received(bytes);
      },
    };
    try {
      if (primary) {
        this.#primaryRunning = true;
        this.#grow();
      }
      for (;;) {
        if (this.#stopped || this.#rangesIgnored) return;
        const segment = this.#scheduler.next();
        if (!segment) return;
        if (!primary) this.#extraSegments.add(segment);
        try {
          await this.#fetchSegment(segment, host);
        } finally {
          this.#extraSegments.delete(segment);
          this.#scheduler.finish(segment);
        }
        this.#grow();
        if (primary) continue;
        // The adaptive target went down: this lane gives its connection back.
        if (this.#laneCount > this.#target()) return;
        if (budget && release && budget.contended !== false) {
          // Give the slot back when the budget says so (available is then 0 after release).
          release();
          release = undefined;
          if (budget.available <= 0) return;
          release = await budget.acquire(this.#controller.signal);
        }
      }
    } finally {
      if (primary) this.#primaryRunning = false;
      if (flowing) this.#line.flowing(-1);
      release?.();
    }
  }

  #fetchSegment(segment: Segment, host: SegmentStreamHost): Promise<void> {
    const { tuning, emit, path } = this.#options;
    return fetchSegment(
      {
        url: this.#url,
        retry: tuning.retry,
        ...(this.#options.requestGate && { gate: this.#options.requestGate }),
        emit,
        path,
        signal: this.#controller.signal,
        retryWait: (waiting) => {
          this.#retryingLanes += waiting ? 1 : -1;
          this.#options.onConnectionsChanged?.();
        },
        open: () => this.connections.open,
      },
      segment,
      host,
    );
  }

  #streamHost(): SegmentStreamHost {
    const options = this.#options;
    return {
      path: options.path,
      size: options.size,
      handle: options.handle,
      dispatcher: options.dispatcher,
      rateLimiters: options.rateLimiters,
      watchdog: this.#watchdog,
      signal: this.#controller.signal,
      emit: options.emit,
      track: (segment, controller) => this.#requests.track(segment, controller),
      opened: (segment, current, opened) => this.#opened(segment, current, opened),
      written: (start, end, bytes) => this.#recordWritten(start, end, bytes),
      received: (bytes) => this.#line.received(bytes),
    };
  }

  #opened(segment: Segment, current: CurrentUrl, opened: RangeResponse): void {
    const firstResponse = !this.#url.located;
    this.#url.noteResponse(current, opened.url);
    checkEtag(this.#options.mapWriter, opened.etag, this.#options.path);
    if (opened.kind === 'full') this.#takeOverWholeFile(segment);
    // The first response located the file: the other lanes may start now, at its final URL.
    else if (firstResponse) this.#grow();
  }

  #recordWritten(start: number, end: number, bytes: Buffer): void {
    const newBytes = this.#options.done.add(start, end);
    this.#options.onWritten?.(start, end, bytes);
    this.#url.progressed();
    if (newBytes > 0) {
      this.#fetchedBytes += newBytes;
      this.#options.mapWriter.markDirty();
      this.#options.onBytes?.(newBytes);
    }
  }

  /** The server ignored Range (200): this lane streams the whole file from byte 0; every other lane stops. */
  #takeOverWholeFile(segment: Segment): void {
    this.#rangesIgnored = true;
    this.#scheduler.takeOverAll(segment, this.#options.size);
    this.#requests.cancelAllBut(segment);
  }
}
