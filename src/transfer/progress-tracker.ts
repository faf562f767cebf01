/**
 * Bytes on disk per file and overall, speed and ETA of one download run: the one place hubget measures a
 * download's speed (the jobs service and the CLI show these numbers, they do not recompute them).
 */

import type { CopyPlace } from '../format/copy-places.js';
import {
  connectionsReasonOf,
  type FileConnections,
  openConnections,
} from '../progress/connections-reason.js';
import { etaAfterWaits, etaSeconds, NO_RATE, type RateReading } from '../progress/eta.js';
import type { FileProgress, TransferEvent } from '../progress/events.js';
import { SpeedMeter } from '../progress/speed-meter.js';
import { copiedFromOf } from './plan-event.js';
import { RunRetryWaits } from './run-retry-waits.js';
import type { DownloadPlan, PlannedFile } from './types.js';

export class ProgressTracker {
  /** The bytes this run fetches (under its bandwidth limits). */
  readonly #meter = new SpeedMeter();
  /** The bytes other runs land in files this run waits for (not under this run's limits). */
  readonly #landedMeter = new SpeedMeter();
  readonly #active = new Map<string, ActiveFile>();
  /** Bytes of resumable temp files not started yet: on disk, so counted from the first event. */
  readonly #waitingPartial = new Map<string, number>();
  /** Files this run stopped with their bytes kept in their temp files: what each has on disk (counted). */
  readonly #stopped = new Map<string, number>();
  /** Files counted whole (`#completedBytes`): present at the plan, or finished by this run. */
  readonly #finished = new Set<string>();
  /** Files this run waits for (another run is fetching them): that run's bytes on disk and their rate. */
  readonly #otherRun = new Map<string, FileEntry>();
  #completedBytes: number;
  filesDone: number;
  fetchedBytes = 0;
  /** Bytes copied instead of fetched (PlannedFile.copiedFrom). */
  copiedBytes = 0;
  /** Of copiedBytes, those hard-linked from another repo's folder (copied(file, true)). */
  linkedBytes = 0;
  readonly #copiedFiles: PlannedFile[] = [];
  /** Bytes of files another run fetched while this one waited for them, then linked or counted. */
  otherRunBytes = 0;
  /** Files whose bytes this run is fetching over the network now (fetchStarted … fetchEnded). */
  readonly #fetching = new Set<string>();
  /** Time with at least one file being fetched, before the current stretch (see fetchingMs). */
  #fetchedForMs = 0;
  /** When the current stretch with a file being fetched began (none while no file is). */
  #fetchingSinceMs: number | undefined;
  /** The run stopped (runStopped): its readings claim no speed. */
  #runStopped = false;
  /**
   * Files waiting before a retry, none of their connections open, and the time every file fetched waited so: not
   * fetching time (retry-wait-time.ts), and the ETA no shorter than a wait; of those, the waits for the Hub (hubWaitedMs).
   */
  readonly #waits = new RunRetryWaits(this.#fetching, (path) => this.#openOf(path));

  constructor(
    readonly plan: DownloadPlan,
    presentFiles: number,
    /** Connection slots this download holds (counted budget); lanes waiting to retry are taken off. */
    private readonly connections: () => number = () => 0,
    /** The lowest bandwidth limit in force on this run's bytes, Infinity for none (lowestLimit). */
    private readonly limit: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.#completedBytes = plan.presentBytes;
    this.filesDone = presentFiles;
    for (const file of plan.files) {
      if (file.present) this.#finished.add(file.path);
      else if (file.partialBytes > 0) this.#waitingPartial.set(file.path, file.partialBytes);
    }
  }

  /** Another run is fetching `file`: shown apart (`waitingFiles`) until it is in place or this run takes it. */
  waitFor(file: PlannedFile): void {
    if (this.#active.has(file.path) || this.#otherRun.has(file.path)) return;
    const downloaded = this.#waitingPartial.get(file.path) ?? 0;
    this.#otherRun.set(file.path, { file, downloaded, meter: new SpeedMeter() });
  }

  start(file: PlannedFile, resumedBytes: number): void {
    this.#waitingPartial.delete(file.path);
    this.#otherRun.delete(file.path);
    this.#active.set(file.path, {
      file,
      downloaded: Math.min(resumedBytes, file.size),
      meter: new SpeedMeter(),
    });
  }

  /** How many connections the active `file` has open and why (transferFile's watchConnections). */
  watchConnections(file: PlannedFile, reading: () => FileConnections): void {
    const entry = this.#active.get(file.path);
    if (entry) entry.connections = reading;
  }

  /**
   * The file's connections opened or closed (transferFile's onConnectionsChanged): its last open one closing while
   * another waits for its retry makes it wait from then, not from the next event (run-retry-waits.ts).
   */
  connectionsChanged(file: PlannedFile, now = Date.now()): void {
    this.#waits.connectionsChanged(file.path, now);
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
    // Its bytes arrive: one of its connections is open, whatever others of them wait (retry-wait-time.ts).
    this.#waits.bytesArrived(file.path, Date.now());
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
    this.#landedMeter.add(now - before);
    const waited = this.#otherRun.get(file.path);
    if (waited) {
      waited.meter.add(now - waited.downloaded);
      waited.downloaded = now;
    }
  }

  /**
   * Bytes another run has fetched of a file this run waits for, into another place (the HF cache, for a
   * local-dir run, or the reverse: other-layout-runs.ts): shown as that waiting file's progress and in the speed, but not
   * counted as on disk here, since they are not in this run's destination until they are copied.
   */
  landedElsewhere(file: PlannedFile, bytes: number): void {
    const waited = this.#otherRun.get(file.path);
    const now = Math.min(bytes, file.size);
    if (!waited || now <= waited.downloaded) return;
    waited.meter.add(now - waited.downloaded);
    this.#landedMeter.add(now - waited.downloaded);
    waited.downloaded = now;
  }

  /**
   * The file's content was copied from `file.copiedFrom` (counted by its finish); `linked`: as a hard link of another
   * repo's blob (link-other-repo-blob.ts), which takes no room, counted in `linkedBytes` too.
   */
  copied(file: PlannedFile, linked = false): void {
    this.copiedBytes += file.size;
    if (linked) this.linkedBytes += file.size;
    this.#copiedFiles.push(file);
  }

  /**
   * Where this run's copies came from, each place once, in the plan's file order as the `plan` event names them (the
   * `done` event's `copiedFrom`): not in the order the copies happened to finish.
   */
  copiedFrom(): CopyPlace[] {
    const copied = new Map(this.#copiedFiles.map((file) => [file.path, file]));
    return copiedFromOf(this.plan.files.flatMap((file) => copied.get(file.path) ?? []));
  }

  finish(file: PlannedFile): void {
    this.#waitingPartial.delete(file.path);
    this.#otherRun.delete(file.path);
    this.#active.delete(file.path);
    this.fetchEnded(file);
    this.#finished.add(file.path);
    this.#completedBytes += file.size;
    this.filesDone++;
  }

  /** The files counted as on disk: whole (present, finished) and partly (temp files kept, not in flight). */
  countedOnDisk(): { finished: PlannedFile[]; partial: PlannedFile[] } {
    const { files } = this.plan;
    return {
      finished: files.filter((file) => this.#finished.has(file.path)),
      partial: files.filter((file) => this.#waitingPartial.has(file.path) || this.#stopped.has(file.path)),
    };
  }

  /** These files left the disk (deleted under the run, deleted-files.ts): counted no more, whole or partly. */
  lost(files: readonly PlannedFile[]): void {
    for (const file of files) {
      if (this.#finished.delete(file.path)) {
        this.#completedBytes -= file.size;
        this.filesDone--;
      }
      this.#waitingPartial.delete(file.path);
      this.#stopped.delete(file.path);
    }
  }

  /**
   * The file stopped in this run (failed, or the run was stopped). What it wrote stays on disk in its temp file
   * for the next run, and stays counted, so `downloaded` does not go down; unless the temp file is gone
   * (`tempKept: false`, a content that failed its hash check for the last time).
   */
  drop(file: PlannedFile, tempKept = true): void {
    const entry = this.#active.get(file.path);
    if (entry && tempKept && entry.downloaded > 0) this.#stopped.set(file.path, entry.downloaded);
    this.#active.delete(file.path);
    this.fetchEnded(file);
    this.#otherRun.delete(file.path);
  }

  /**
   * The run stopped (it failed, or was aborted: a pause, a Ctrl-C): from now on its events keep their counts
   * but claim no speed and no ETA, for the download or any file. A speed is a measure of bytes arriving
   * (speed-meter.ts), and none arrive any more; the window's last seconds would read as a speed for 5 s.
   */
  runStopped(): void {
    this.#runStopped = true;
  }

  /** A meter's reading, under `limit`; nothing once the run stopped. */
  #rate(meter: SpeedMeter, now: number, limit?: number): RateReading {
    return this.#runStopped ? NO_RATE : meter.reading(now, limit);
  }

  /**
   * A rate limit changed: the speeds of this run's bytes (and so the ETAs) measure from now, not the last
   * window at the old rate, and read meanwhile what they read before, under the new limit (SpeedMeter).
   */
  speedsRestart(now = Date.now()): void {
    for (const meter of [this.#meter, ...[...this.#active.values()].map((entry) => entry.meter)]) {
      meter.restart(now);
    }
  }

  /** The file's bytes start coming over the network (its request is about to be sent). */
  fetchStarted(file: PlannedFile, now = Date.now()): void {
    if (this.#fetching.size === 0) this.#fetchingSinceMs = now;
    this.#changeFetching(now, () => this.#fetching.add(file.path));
  }

  /** The file's bytes are all on disk, or its fetch stopped (idempotent: finish and drop end it too). */
  fetchEnded(file: PlannedFile, now = Date.now()): void {
    this.#waits.end(file.path, now);
    if (!this.#fetching.has(file.path)) return;
    this.#changeFetching(now, () => this.#fetching.delete(file.path));
    if (this.#fetching.size > 0) return;
    if (this.#fetchingSinceMs !== undefined) this.#fetchedForMs += now - this.#fetchingSinceMs;
    this.#fetchingSinceMs = undefined;
  }

  /**
   * A `retry` event makes one of its file's connections wait until its next try, and the file with it while none of
   * its connections is open (retry-wait-time.ts): while every file fetched waits so, it is not fetching time, and the
   * ETA is not shorter than a waiting file's wait (for the Hub or a dropped connection's backoff alike: eta.ts). One
   * whose answer asks to retry (408, 429, 5xx) is a wait for the Hub: counted apart (hubWaitedMs).
   */
  noteRetry(event: Extract<TransferEvent, { type: 'retry' }>, now = Date.now()): void {
    this.#waits.note(event, now);
  }

  /** The file's connections in a request now (none before they open). */
  #openOf(path: string): number {
    return this.#active.get(path)?.connections?.().open ?? 0;
  }

  /** `apply` changes the files fetched at `now` (retry-wait-time.ts change). */
  #changeFetching(now: number, apply: () => void): void {
    this.#waits.changeFetching(now, apply);
  }

  /**
   * Milliseconds during which this run was fetching at least one file over the network (from just before its
   * first request to its last byte on disk), overlapping files counted once: not the time spent waiting for
   * another download or a slot, copying from the HF cache, or hashing and committing a file after its last
   * byte (a file taken over near its end hashes its whole prefix), nor the time in which every file being
   * fetched waited before a retry: for the Hub (hubWaitedMs) or a dropped connection's backoff, no request open
   * (retry-wait-time.ts). What this run's own speed is measured over.
   */
  fetchingMs(now = Date.now()): number {
    const fetching =
      this.#fetchedForMs + (this.#fetchingSinceMs === undefined ? 0 : now - this.#fetchingSinceMs);
    return Math.max(0, fetching - this.#waits.waitedMs(now));
  }

  /**
   * Milliseconds in which every file this run was fetching waited for the Hub (a `429`'s Retry-After, a `5xx`
   * backoff: noteRetry) and none fetched a byte, overlapping waits counted once: the run's time that is
   * neither fetching nor anything else (the `done` event's `hubWaitedMs`).
   */
  hubWaitedMs(now = Date.now()): number {
    return this.#waits.hubWaitedMs(now);
  }

  /** The bytes on disk now: the `downloaded` of event(), without building the event. */
  downloaded(): number {
    let activeBytes = 0;
    for (const bytes of this.#waitingPartial.values()) activeBytes += bytes;
    for (const bytes of this.#stopped.values()) activeBytes += bytes;
    for (const { downloaded } of this.#active.values()) activeBytes += downloaded;
    return Math.min(this.plan.totalBytes, this.#completedBytes + activeBytes);
  }

  event(): Extract<TransferEvent, { type: 'progress' }> {
    const now = Date.now();
    const limit = this.limit();
    this.#waits.relook(now);
    // Each file's connections read once per event (the reading works out its reason).
    const active = [...this.#active.values()].map((entry) => ({ entry, reading: entry.connections?.() }));
    const activeFiles = active.map(({ entry, reading }) =>
      fileProgress(entry, this.#rate(entry.meter, now, limit), reading?.open),
    );
    const waitingFiles = [...this.#otherRun.values()].map((entry) =>
      fileProgress(entry, this.#rate(entry.meter, now)),
    );
    const stoppedFiles = [...this.#stopped].map(([path, downloaded]) => ({ path, downloaded }));
    const downloaded = this.downloaded();
    const own = this.#rate(this.#meter, now, limit);
    const lacks = (path: string): number => {
      const entry = this.#active.get(path);
      return entry === undefined ? 0 : entry.file.size - entry.downloaded;
    };
    const landed = this.#rate(this.#landedMeter, now);
    const rate = {
      bytesPerSecond: own.bytesPerSecond + landed.bytesPerSecond,
      sampledMs: Math.max(own.sampledMs, landed.sampledMs),
    };
    return {
      type: 'progress',
      downloaded,
      total: this.plan.totalBytes,
      bytesPerSecond: rate.bytesPerSecond,
      etaSeconds: etaAfterWaits(this.plan.totalBytes - downloaded, rate, this.#waits.ahead(now, lacks)),
      filesDone: this.filesDone,
      filesTotal: this.plan.files.length,
      activeFiles,
      ...(waitingFiles.length > 0 && { waitingFiles }),
      ...(stoppedFiles.length > 0 && { stoppedFiles }),
      connections: openConnections(this.connections(), active),
      ...connectionsReasonOf(active.flatMap(({ reading }) => (reading ? [reading] : []))),
      fetchedBytes: this.fetchedBytes,
      otherRunBytes: this.otherRunBytes,
      copiedBytes: this.copiedBytes,
      ...(this.linkedBytes > 0 && { linkedBytes: this.linkedBytes }),
      fetchingMs: this.fetchingMs(now),
      hubWaitedMs: this.hubWaitedMs(now),
    };
  }
}

/** A file's bytes on disk and their rate. */
interface FileEntry {
  file: PlannedFile;
  downloaded: number;
  meter: SpeedMeter;
}

/** A file this run fetches. */
interface ActiveFile extends FileEntry {
  /** Its connections open and why, once they open. */
  connections?: () => FileConnections;
}

function fileProgress(entry: ActiveFile, rate: RateReading, open = entry.connections?.().open): FileProgress {
  const { file, downloaded } = entry;
  return {
    path: file.path,
    downloaded,
    size: file.size,
    bytesPerSecond: rate.bytesPerSecond,
    etaSeconds: etaSeconds(file.size - downloaded, rate),
    ...(open !== undefined && { connections: open }),
  };
}
