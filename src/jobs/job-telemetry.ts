/**
 * What a job shows while it runs, folded from the engine's TransferEvent stream (progress is data: this is
 * one more subscriber). Speed and ETA are the engine's own (its `progress` events, src/transfer/
 * progress-tracker.ts): computed once, not re-derived here. A stall is flagged from the engine's `stall`
 * events, or by the service's own clock when no byte arrived within the stall timeout, and cleared as soon
 * as bytes flow again.
 *
 * `downloaded` does not step back across runs of the same snapshot (pause/resume, restart, retry, stall
 * reconnect): a new plan counts only finished files and resume maps may hold a little less than was shown
 * (bytes in flight at the pause), so what was shown is a floor the engine's readings catch up to. It comes
 * down only with bytes that left the disk (docs/jobs.md): to the engine's reading of this run when that
 * fell (a temp file thrown away), on `file-discarded` (announced), and on a cancel (`dropPartialFiles`).
 */

import type { JobFileView, JobWaitingFor } from '../api-types.js';
import type { ConnectionsReason } from '../progress/connections-reason.js';
import type { TransferEvent } from '../progress/events.js';
import { ownerLabel } from '../progress/waiting-lines.js';
import { type JobCounts, JobRunCounts } from './job-counts.js';
import { planFileRecord } from './job-file-record.js';
import { RetryWaits } from './retry-waits.js';

/** The stored job the telemetry starts from; its counts are those of its earlier runs (null: not recorded). */
export interface TelemetrySnapshot extends JobCounts {
  downloaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
  files: JobFileView[];
  lastActivityAt: number | null;
  commit: string | null;
}

export class JobTelemetry {
  downloaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
  commit: string | null;
  lastActivityAt: number | null;
  stalled = false;
  stallReason: string | null = null;
  /** Each failing request's last retry until its bytes arrive: JobView.retrying and .waits read it. */
  readonly retries = new RetryWaits();
  /** Range connections open, from the last progress event of the running run. */
  connections = 0;
  /** Why that many, from the same event (null: none open). */
  connectionsReason: ConnectionsReason | null = null;
  readonly files = new Map<string, JobFileView>();
  /** Paths whose state changed since the last `takeChangedFiles`. */
  readonly #changed = new Set<string>();
  #filesReplaced = false;
  /** The engine's latest reading of this run. */
  #bytesPerSecond = 0;
  #etaSeconds: number | null = null;
  /** Bytes fetched over the network by this job's runs in this process, the engine's count (the server's counter). */
  fetchedBytes = 0;
  /** What the job fetched, had fetched for it or copied, and how long it fetched, all runs (job-counts.ts). */
  readonly #counts: JobRunCounts;
  /** `downloaded` of the engine's last progress event of this run (did bytes arrive?); undefined before the first. */
  #lastProgressDownloaded: number | undefined;
  /** When bytes last arrived, or the run started. */
  #lastBytesAtMs = 0;
  /**
   * Whether this run has its plan: before it (the listing) no byte is due, whatever `total` says (a queued job
   * may carry the size the Hub check told, a resumed one its last plan's).
   */
  #planned = false;
  /** Whether what is shown is a floor for the next plan of the same snapshot (false once a cancel deleted the partial files). */
  #shownIsFloor = true;
  /** Files of this run another download is fetching (`file-waiting`: size, whose), until done, failed or started. */
  readonly #waitingFiles = new Map<string, { size: number; owner: string }>();

  constructor(initial: TelemetrySnapshot) {
    this.downloaded = initial.downloaded;
    this.total = initial.total;
    this.filesDone = initial.filesDone;
    this.filesTotal = initial.filesTotal;
    this.lastActivityAt = initial.lastActivityAt;
    this.commit = initial.commit;
    this.#counts = new JobRunCounts(initial);
    for (const file of initial.files) this.files.set(file.path, { ...file });
  }

  /** A new run starts (start, resume, retry, recovery): speed and stall start over. */
  beginRun(nowMs: number): void {
    this.#waitingFiles.clear();
    this.#counts.beginRun();
    this.#resetSpeed();
    this.#lastProgressDownloaded = undefined;
    this.#lastBytesAtMs = nowMs;
    this.#planned = false;
    this.#clearStall();
  }

  /** The run ended: no speed, no stall, and no file `downloading` (partly fetched ones are `pending`, bytes kept). */
  endRun(): void {
    for (const file of this.files.values())
      if (file.state === 'downloading') this.#setFile(file.path, { state: 'pending' });
    this.#waitingFiles.clear();
    this.connections = 0;
    this.connectionsReason = null;
    this.#resetSpeed();
    this.#clearStall();
  }

  /** Folds one event in; returns true for events that change what the job shows at once (plan, stall). */
  handle(event: TransferEvent, nowMs: number): boolean {
    switch (event.type) {
      case 'plan': {
        // Same snapshot: what was shown stays a floor, but for failed files (temp maybe gone; what one kept is
        // in `resumedBytes`); another commit is another set of files; after a cancel only the disk counts.
        const sameCommit = this.commit === event.commit;
        const keepShown = sameCommit && this.#shownIsFloor;
        this.#shownIsFloor = true;
        this.#planned = true;
        // Where a file still there was copied from holds across a cancel too (the History of a retried job).
        const lastFiles = sameCommit ? new Map(this.files) : new Map<string, JobFileView>();
        const previousFiles = keepShown ? lastFiles : new Map<string, JobFileView>();
        this.commit = event.commit;
        this.total = event.totalBytes;
        const onDisk = event.presentBytes + (event.resumedBytes ?? 0);
        let floor = keepShown ? this.downloaded : 0;
        for (const file of previousFiles.values()) if (file.state === 'failed') floor -= file.downloaded;
        this.downloaded = Math.min(this.total, Math.max(floor, onDisk));
        this.filesTotal = event.filesTotal;
        this.filesDone = Math.max(keepShown ? this.filesDone : 0, event.filesPresent);
        // The engine counts from what is on disk: growth from here on is bytes arriving, from the first reading.
        this.#lastProgressDownloaded = onDisk;
        this.files.clear();
        for (const file of event.files) {
          const before = previousFiles.get(file.path);
          this.files.set(file.path, planFileRecord(file, before, lastFiles.get(file.path)?.copiedFrom));
        }
        this.#filesReplaced = true;
        // The listing answered: a retry of it (a Hub call before the plan) is over.
        this.retries.drop('');
        return true;
      }
      case 'file-waiting':
        this.#waitingFiles.set(event.path, { size: event.size, owner: ownerLabel(event.owner) });
        return false;
      case 'file-start': {
        this.#waitingFiles.delete(event.path);
        const before = this.files.get(event.path)?.downloaded ?? 0;
        this.#setFile(event.path, {
          state: 'downloading',
          downloaded: Math.max(before, event.resumedBytes),
          size: event.size,
        });
        return false;
      }
      case 'progress': {
        this.fetchedBytes += this.#counts.note(event);
        const previous = this.#lastProgressDownloaded;
        this.retries.filesGrew(event.activeFiles, this.files, nowMs);
        if (event.downloaded > (previous ?? this.downloaded)) this.#bytesArrived(nowMs);
        this.#lastProgressDownloaded = event.downloaded;
        this.#bytesPerSecond = event.bytesPerSecond;
        this.#etaSeconds = event.etaSeconds;
        this.total = event.total;
        // The engine's reading fell: bytes left the disk, and no floor from before stands above it.
        const lost = previous !== undefined && event.downloaded < previous;
        const shown = lost ? event.downloaded : Math.max(this.downloaded, event.downloaded);
        this.downloaded = Math.min(this.total, shown);
        this.filesDone = lost ? event.filesDone : Math.max(this.filesDone, event.filesDone);
        this.filesTotal = event.filesTotal;
        this.connections = event.connections ?? 0;
        this.connectionsReason = event.connectionsReason ?? null;
        // Waiting for a first connection slot (other jobs hold the budget) is a wait, not a quiet connection:
        // the seconds without data count from when it ends.
        if (this.#waitingForSlot()) this.#lastBytesAtMs = nowMs;
        for (const active of event.activeFiles) this.#fileGrew(active, { state: 'downloading' });
        // A paused or failed run's last event: the bytes its stopped files wrote since the previous one.
        for (const stopped of event.stoppedFiles ?? []) this.#fileGrew(stopped);
        this.#failedFilesKept(event.stoppedFiles ?? []);
        return false;
      }
      case 'file-discarded': {
        const file = this.files.get(event.path);
        const shown = file?.downloaded ?? 0;
        this.downloaded = Math.max(0, this.downloaded - Math.max(shown, event.discardedBytes));
        this.#setFile(event.path, { downloaded: 0, state: 'downloading' });
        // The engine's next reading lies below its last one by the bytes discarded, taken off already.
        this.#lastProgressDownloaded = Math.max(
          0,
          (this.#lastProgressDownloaded ?? 0) - event.discardedBytes,
        );
        // The last ETA was for bytes now thrown away (often 0: all were on disk); the next reading says.
        this.#etaSeconds = null;
        return true;
      }
      case 'retry':
        // A stalled connection's reconnect is said by the stall itself (stallReason).
        if (event.error.code === 'STALLED') return false;
        this.retries.note(event, nowMs);
        return true;
      case 'stall':
        this.stalled = true;
        this.stallReason =
          event.reason === 'no-data'
            ? `No data for ${Math.round(event.idleMs / 1000)} s — reconnecting`
            : `Connection too slow on ${event.path} — reconnecting`;
        return true;
      case 'done':
        this.fetchedBytes += this.#counts.note(event);
        return false;
      case 'file-verified':
        this.#setFile(event.path, { state: 'verified' });
        return false;
      case 'file-done':
        this.#waitingFiles.delete(event.path);
        this.retries.drop(event.path);
        this.#setFile(event.path, {
          state: event.reused ? 'present' : 'verified',
          downloaded: event.size,
          size: event.size,
        });
        this.filesDone = Math.max(this.filesDone, this.#countDone());
        return false;
      case 'file-failed':
        this.#waitingFiles.delete(event.path);
        this.retries.drop(event.path);
        this.#setFile(event.path, { state: 'failed' });
        return false;
      default:
        return false;
    }
  }

  /** The service's own stall watch, for an engine that goes quiet without a `stall` event. */
  checkIdle(nowMs: number, stallTimeoutMs: number): boolean {
    const idleMs = nowMs - this.#lastBytesAtMs;
    if (this.stalled || !this.#planned || idleMs < stallTimeoutMs || this.downloaded >= this.total)
      return false;
    if (this.#onlyWaiting() || this.#waitingForSlot() || this.retries.waitLasts(nowMs)) return false;
    this.stalled = true;
    this.stallReason = `No data for ${Math.round(idleMs / 1000)} s`;
    return true;
  }

  /**
   * Whole seconds since bytes last arrived in this run (or it began, or last waited for a connection slot),
   * while bytes are missing: 0 before the plan unless its listing is being retried, while it waits for its
   * first slot of the connection budget, and once every byte is on disk (verifying).
   */
  noDataSeconds(nowMs: number): number {
    const missing = this.#planned ? this.downloaded < this.total : this.retries.size > 0;
    if (!missing || this.#onlyWaiting() || this.#waitingForSlot()) return 0;
    return Math.max(0, Math.floor((nowMs - this.#lastBytesAtMs) / 1000));
  }

  /** What this run waits for another download to fetch; null when nothing. */
  waitingFor(): JobWaitingFor | null {
    if (this.#waitingFiles.size === 0) return null;
    let bytes = 0;
    const owners = new Set<string>();
    for (const file of this.#waitingFiles.values()) {
      bytes += file.size;
      owners.add(file.owner);
    }
    return { files: this.#waitingFiles.size, bytes, owners: [...owners] };
  }

  /** Waiting for another download, with no transfer of its own: quiet by design, neither stalled nor without data. */
  #onlyWaiting(): boolean {
    if (this.#waitingFiles.size === 0) return false;
    for (const file of this.files.values()) if (file.state === 'downloading') return false;
    return true;
  }

  /** No connection open, every one the budget allows held by others: it waits for a slot, quiet by design. */
  #waitingForSlot(): boolean {
    return this.connections === 0 && this.connectionsReason === 'budget';
  }

  /** Bytes a run killed with the server fetched after its last stored count (crash-fetched.ts). */
  addFetchedBeforeCrash(bytes: number): void {
    this.#counts.addFetchedBeforeCrash(bytes);
  }

  /** The job's counts, all runs together (job-counts.ts); each null when its earlier runs were not recorded. */
  counts(): JobCounts {
    return this.#counts.totals();
  }

  /** What the job fetched over the network, all runs together; null when its earlier runs were not recorded. */
  fetchedTotal(): number | null {
    return this.counts().fetchedBytes;
  }

  /** Bytes/s as the engine last measured them (0 between runs and while stalled). */
  speed(): number {
    return this.stalled ? 0 : Math.round(this.#bytesPerSecond);
  }

  /** The engine's ETA; null while stalled or unknown. */
  eta(): number | null {
    if (this.downloaded >= this.total && this.total > 0) return 0;
    return this.stalled ? null : this.#etaSeconds;
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

  /**
   * A cancel deleted the partial files; the finished ones stay. `downloaded` and the files come down to
   * those, and the next plan (a retry) counts only what is on disk: progress is never ahead of the disk.
   */
  dropPartialFiles(): void {
    let kept = 0;
    for (const file of this.files.values()) {
      if (file.state === 'present' || file.state === 'verified') kept += file.size;
      else if (file.downloaded > 0 || file.state !== 'pending') {
        this.#setFile(file.path, { downloaded: 0, state: 'pending' });
      }
    }
    this.downloaded = Math.min(this.total, kept);
    this.filesDone = this.#countDone();
    this.#shownIsFloor = false;
  }

  /** All files on disk: the others become `state` (verified by this run; present when another put them there). */
  markAllDone(state: 'verified' | 'present' = 'verified'): void {
    for (const file of this.files.values()) {
      if (file.state !== 'present' && file.state !== 'verified') {
        this.#setFile(file.path, { state, downloaded: file.size });
      }
    }
    this.downloaded = this.total;
    this.filesDone = this.filesTotal;
  }

  #resetSpeed(): void {
    this.#bytesPerSecond = 0;
    this.#etaSeconds = null;
  }

  #bytesArrived(nowMs: number): void {
    this.#lastBytesAtMs = nowMs;
    this.lastActivityAt = nowMs;
    this.#clearStall(nowMs);
  }

  /** No stall; of the retries, those whose wait is over by `nowMs` (bytes arrived), else all (a run begins or ends). */
  #clearStall(nowMs?: number): void {
    this.stalled = false;
    this.stallReason = null;
    if (nowMs === undefined) this.retries.clear();
    else this.retries.bytesArrived(nowMs);
  }

  #countDone(): number {
    let done = 0;
    for (const file of this.files.values())
      if (file.state === 'present' || file.state === 'verified') done += 1;
    return done;
  }

  /** A file's bytes on disk, as the engine reports them: its row only ever grows (to its size). */
  #fileGrew(
    { path, downloaded }: { path: string; downloaded: number },
    patch: Partial<JobFileView> = {},
  ): void {
    const file = this.files.get(path);
    if (file && downloaded > file.downloaded) {
      this.#setFile(path, { ...patch, downloaded: Math.min(file.size, downloaded) });
    }
  }

  /** A failed file's row: what its temp file kept (`stoppedFiles`), 0 when that was thrown away. */
  #failedFilesKept(stopped: readonly { path: string; downloaded: number }[]): void {
    for (const { path, size, state, downloaded } of this.files.values()) {
      const kept = Math.min(size, stopped.find((entry) => entry.path === path)?.downloaded ?? 0);
      if (state === 'failed' && kept !== downloaded) this.#setFile(path, { downloaded: kept });
    }
  }

  #setFile(path: string, patch: Partial<JobFileView>): void {
    const file = this.files.get(path) ?? { path, size: 0, downloaded: 0, state: 'pending' as const };
    this.files.set(path, { ...file, ...patch });
    this.#changed.add(path);
  }
}
