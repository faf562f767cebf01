/**
 * Bytes on disk per file and overall, speed and ETA of one download run: the one place hubget measures a
 * download's speed (the jobs service and the CLI show these numbers, they do not recompute them).
 */
import { etaSeconds } from '../progress/eta.js';
import type { FileProgress, TransferEvent } from '../progress/events.js';
import { SpeedMeter } from '../progress/speed-meter.js';
import type { DownloadPlan, PlannedFile } from './types.js';

export class ProgressTracker {
  readonly #meter = new SpeedMeter();
  readonly #active = new Map<string, { file: PlannedFile; downloaded: number; meter: SpeedMeter }>();
  /** Bytes of resumable temp files not started yet: on disk, so counted from the first event. */
  readonly #waitingPartial = new Map<string, number>();
  #completedBytes: number;
  filesDone: number;
  fetchedBytes = 0;
  /** Bytes copied from the HF cache's blobs instead of fetched (local-dir mode). */
  copiedBytes = 0;
  /** Bytes of files another run fetched while this one waited for them, then linked or counted. */
  otherRunBytes = 0;

  constructor(
    private readonly plan: DownloadPlan,
    presentFiles: number,
    /** Connections this download has open (counted budget). */
    private readonly connections: () => number = () => 0,
  ) {
    this.#completedBytes = plan.presentBytes;
    this.filesDone = presentFiles;
    for (const file of plan.files) {
      if (!file.present && file.partialBytes > 0) this.#waitingPartial.set(file.path, file.partialBytes);
    }
  }

  start(file: PlannedFile, resumedBytes: number): void {
    this.#waitingPartial.delete(file.path);
    this.#active.set(file.path, {
      file,
      downloaded: Math.min(resumedBytes, file.size),
      meter: new SpeedMeter(),
    });
  }

  /** Restart a file from zero (its temp file was discarded); returns the bytes thrown away. */
  reset(file: PlannedFile): number {
    const entry = this.#active.get(file.path);
    if (!entry) return 0;
    const discarded = entry.downloaded;
    entry.downloaded = 0;
    return discarded;
  }

  bytes(file: PlannedFile, count: number): void {
    const entry = this.#active.get(file.path);
    this.fetchedBytes += count;
    this.#meter.add(count);
    if (!entry) return;
    entry.downloaded = Math.min(file.size, entry.downloaded + count);
    entry.meter.add(count);
  }

  /**
   * Bytes of a file another run is fetching that are on disk now (its temp file's resume map): counted like
   * a resumable temp file's, and what they grew by since the last look goes into the speed, so a run that
   * waits shows that download landing instead of standing still. Not `fetchedBytes`: this run fetched none.
   */
  landed(file: PlannedFile, bytesOnDisk: number): void {
    if (this.#active.has(file.path)) return;
    const before = this.#waitingPartial.get(file.path) ?? 0;
    const now = Math.min(bytesOnDisk, file.size);
    if (now <= before) return;
    this.#waitingPartial.set(file.path, now);
    this.#meter.add(now - before);
  }

  /** The file's content came from the HF cache's blob (counted by its finish). */
  copied(file: PlannedFile): void {
    this.copiedBytes += file.size;
  }

  finish(file: PlannedFile): void {
    this.#waitingPartial.delete(file.path);
    this.#active.delete(file.path);
    this.#completedBytes += file.size;
    this.filesDone++;
  }

  drop(file: PlannedFile): void {
    this.#active.delete(file.path);
  }

  event(): Extract<TransferEvent, { type: 'progress' }> {
    const now = Date.now();
    const activeFiles: FileProgress[] = [];
    let activeBytes = 0;
    for (const bytes of this.#waitingPartial.values()) activeBytes += bytes;
    for (const { file, downloaded, meter } of this.#active.values()) {
      activeBytes += downloaded;
      const rate = meter.reading(now);
      activeFiles.push({
        path: file.path,
        downloaded,
        size: file.size,
        bytesPerSecond: rate.bytesPerSecond,
        etaSeconds: etaSeconds(file.size - downloaded, rate),
      });
    }
    const downloaded = Math.min(this.plan.totalBytes, this.#completedBytes + activeBytes);
    const rate = this.#meter.reading(now);
    return {
      type: 'progress',
      downloaded,
      total: this.plan.totalBytes,
      bytesPerSecond: rate.bytesPerSecond,
      etaSeconds: etaSeconds(this.plan.totalBytes - downloaded, rate),
      filesDone: this.filesDone,
      filesTotal: this.plan.files.length,
      activeFiles,
      connections: this.connections(),
    };
  }
}
