/**
 * What a job shows while it runs, folded from the engine's TransferEvent stream (progress is data: this is
 * one more subscriber). Speed is smoothed by the shared SpeedMeter; a stall is flagged from the engine's
 * `stall` events, or by the service's own clock when no byte arrived within the stall timeout, and cleared
 * as soon as bytes flow again.
 */

import type { JobFileView } from '../api-types.js';
import { etaSeconds } from '../progress/eta.js';
import type { TransferEvent } from '../progress/events.js';
import { SpeedMeter } from '../progress/speed-meter.js';

export interface TelemetrySnapshot {
  downloaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
  files: JobFileView[];
  lastActivityAt: number | null;
}

export class JobTelemetry {
  downloaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
  commit: string | null = null;
  lastActivityAt: number | null;
  stalled = false;
  stallReason: string | null = null;
  /** Range connections open, from the last progress event of the running run. */
  connections = 0;
  readonly files = new Map<string, JobFileView>();
  /** Paths whose state changed since the last `takeChangedFiles`. */
  readonly #changed = new Set<string>();
  #filesReplaced = false;
  #meter = new SpeedMeter();
  /** Bytes fetched over the network by this job's runs in this process (never bytes already on disk). */
  fetchedBytes = 0;
  /** `downloaded` of the last progress event of this run; undefined before the first. */
  #lastProgressDownloaded: number | undefined;
  /** When bytes last arrived, or the run started. */
  #lastBytesAtMs = 0;

  constructor(initial: TelemetrySnapshot) {
    this.downloaded = initial.downloaded;
    this.total = initial.total;
    this.filesDone = initial.filesDone;
    this.filesTotal = initial.filesTotal;
    this.lastActivityAt = initial.lastActivityAt;
    for (const file of initial.files) this.files.set(file.path, { ...file });
  }

  /** A new run starts (start, resume, retry, recovery): speed and stall start over. */
  beginRun(nowMs: number): void {
    this.#meter = new SpeedMeter();
    this.#lastProgressDownloaded = undefined;
    this.#lastBytesAtMs = nowMs;
    this.#clearStall();
  }

  /** The run ended: no speed, no stall. */
  endRun(): void {
    this.connections = 0;
    this.#meter.reset();
    this.#clearStall();
  }

  /** Folds one event in; returns true for events that change what the job shows at once (plan). */
  handle(event: TransferEvent, nowMs: number): boolean {
    switch (event.type) {
      case 'plan': {
        this.commit = event.commit;
        this.total = event.totalBytes;
        this.downloaded = event.presentBytes;
        this.filesTotal = event.filesTotal;
        this.filesDone = event.filesPresent;
        this.files.clear();
        for (const file of event.files) {
          this.files.set(file.path, {
            path: file.path,
            size: file.size,
            downloaded: file.present ? file.size : 0,
            state: file.present ? 'present' : 'pending',
          });
        }
        this.#filesReplaced = true;
        return true;
      }
      case 'file-start':
        this.#setFile(event.path, { state: 'downloading', downloaded: event.resumedBytes, size: event.size });
        return false;
      case 'progress': {
        // The first reading of a run is the baseline (resumed bytes are not speed); later deltas are
        // measured from it.
        if (this.#lastProgressDownloaded === undefined) this.#meter.startAt(nowMs);
        else if (event.downloaded > this.#lastProgressDownloaded) {
          this.#meter.add(event.downloaded - this.#lastProgressDownloaded, nowMs);
          this.fetchedBytes += event.downloaded - this.#lastProgressDownloaded;
        }
        if (event.downloaded > (this.#lastProgressDownloaded ?? this.downloaded)) this.#bytesArrived(nowMs);
        this.#lastProgressDownloaded = event.downloaded;
        this.downloaded = event.downloaded;
        this.total = event.total;
        this.filesDone = event.filesDone;
        this.filesTotal = event.filesTotal;
        this.connections = event.connections ?? 0;
        for (const active of event.activeFiles) {
          const file = this.files.get(active.path);
          if (file && file.downloaded !== active.downloaded) {
            this.#setFile(active.path, { downloaded: active.downloaded, state: 'downloading' });
          }
        }
        return false;
      }
      case 'stall':
        this.stalled = true;
        this.stallReason =
          event.reason === 'no-data'
            ? `No data for ${Math.round(event.idleMs / 1000)} s — reconnecting`
            : `Connection too slow on ${event.path} — reconnecting`;
        return true;
      case 'file-verified':
        this.#setFile(event.path, { state: 'verified' });
        return false;
      case 'file-done':
        this.#setFile(event.path, {
          state: event.reused ? 'present' : 'verified',
          downloaded: event.size,
          size: event.size,
        });
        this.filesDone = Math.max(this.filesDone, this.#countDone());
        return false;
      case 'file-failed':
        this.#setFile(event.path, { state: 'failed' });
        return false;
      default:
        return false;
    }
  }

  /** The service's own stall watch, for an engine that goes quiet without a `stall` event. */
  checkIdle(nowMs: number, stallTimeoutMs: number): boolean {
    const idleMs = nowMs - this.#lastBytesAtMs;
    if (this.stalled || idleMs < stallTimeoutMs || this.downloaded >= this.total) return false;
    this.stalled = true;
    this.stallReason = `No data for ${Math.round(idleMs / 1000)} s`;
    return true;
  }

  speed(nowMs: number): number {
    return Math.round(this.#meter.bytesPerSecond(nowMs));
  }

  eta(nowMs: number): number | null {
    return etaSeconds(this.total - this.downloaded, this.stalled ? 0 : this.speed(nowMs));
  }

  /** Files to persist: all of them after a new plan (`replace`), else only the changed ones. */
  takeChangedFiles(): { replace: boolean; files: JobFileView[] } {
    const replace = this.#filesReplaced;
    const files = replace
      ? [...this.files.values()]
      : [...this.#changed].flatMap((path) => this.files.get(path) ?? []);
    this.#filesReplaced = false;
    this.#changed.clear();
    return { replace, files };
  }

  /** All files verified or present: what completion marks them as. */
  markAllDone(): void {
    for (const file of this.files.values()) {
      if (file.state !== 'present' && file.state !== 'verified') {
        this.#setFile(file.path, { state: 'verified', downloaded: file.size });
      }
    }
    this.downloaded = this.total;
    this.filesDone = this.filesTotal;
  }

  #bytesArrived(nowMs: number): void {
    this.#lastBytesAtMs = nowMs;
    this.lastActivityAt = nowMs;
    this.#clearStall();
  }

  #clearStall(): void {
    this.stalled = false;
    this.stallReason = null;
  }

  #countDone(): number {
    let done = 0;
    for (const file of this.files.values())
      if (file.state === 'present' || file.state === 'verified') done += 1;
    return done;
  }

  #setFile(path: string, patch: Partial<JobFileView>): void {
    const file = this.files.get(path) ?? { path, size: 0, downloaded: 0, state: 'pending' as const };
    this.files.set(path, { ...file, ...patch });
    this.#changed.add(path);
  }
}
