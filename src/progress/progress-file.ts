/**
 * `download_{jobId}.json` progress files, in the shape the original Model Manager's scripts wrote
 * (docs/origins.md §2, "Progress files"), so external tools that poll such files keep
 * working: `{"downloaded", "total", "progress", "speed", "eta"}` = bytes, bytes, integer percent, bytes/s,
 * seconds (null when unknown). Only numbers go in: never a token, URL or header.
 *
 * Written atomically (temp file in the same folder + rename) so a reader never sees half a file, and at
 * most once per `minIntervalMs`; the last update of a burst is written when the interval has passed.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

export interface ProgressUpdate {
  /** Bytes on disk so far. */
  downloaded: number;
  /** Expected total bytes. */
  total: number;
  /** Bytes per second. */
  speed: number;
  /** Seconds remaining, null when unknown. */
  eta: number | null;
}

export interface ProgressFileContent extends ProgressUpdate {
  /** Integer percent 0–100. */
  progress: number;
}

export interface ProgressFileWriterOptions {
  dir: string;
  jobId: string;
  /** @default 1000 */
  minIntervalMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** Write failures never fail the job; they are reported here. */
  onError?: (error: unknown) => void;
}

export interface ProgressFileWriter {
  readonly path: string;
  /** Record the latest figures; written now if the last write is `minIntervalMs` old, else soon. */
  update(update: ProgressUpdate): void;
  /** Write the latest figures now (e.g. on pause) and wait for the write. */
  flush(): Promise<void>;
  /** Delete the file (job ended) and ignore later updates. */
  remove(): Promise<void>;
}

const SAFE_JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Turn an update into the file's content: whole numbers, percent clamped to 0–100. */
export function toProgressFileContent(update: ProgressUpdate): ProgressFileContent {
  const whole = (value: number) => (Number.isFinite(value) && value > 0 ? Math.round(value) : 0);
  const downloaded = whole(update.downloaded);
  const total = whole(update.total);
  const progress = total > 0 ? Math.min(100, Math.floor((downloaded * 100) / total)) : 0;
  const eta =
    update.eta === null || !Number.isFinite(update.eta) ? null : Math.max(0, Math.round(update.eta));
  return { downloaded, total, progress, speed: whole(update.speed), eta };
}

const PREFIX = 'download_';
const SUFFIX = '.json';

export function progressFileName(jobId: string): string {
  if (!SAFE_JOB_ID.test(jobId) || jobId.includes('..')) {
    throw new HubgetError('INVALID_ARGUMENT', `Job id ${JSON.stringify(jobId)} cannot name a progress file`);
  }
  return `${PREFIX}${jobId}${SUFFIX}`;
}

/** The job id a progress file's name holds (progressFileName's inverse); undefined for any other name. */
export function jobIdOfProgressFile(name: string): string | undefined {
  if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) return undefined;
  const id = name.slice(PREFIX.length, -SUFFIX.length);
  return SAFE_JOB_ID.test(id) && !id.includes('..') ? id : undefined;
}

export function createProgressFileWriter(options: ProgressFileWriterOptions): ProgressFileWriter {
  const path = join(options.dir, progressFileName(options.jobId));
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  let pending: ProgressUpdate | null = null;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  let removed = false;
  // Writes are chained so two renames never race and `remove()` runs after the last write.
  let chain: Promise<void> = Promise.resolve();

  async function writeNow(update: ProgressUpdate): Promise<void> {
    if (removed) return;
    try {
      // Only the folder itself: its parent was checked when the setting was made (progress-dir.ts).
      await makeDirectory(options.dir, { parents: false });
      // remove() waits for this write (the chain) before it deletes the file.
      await replaceFile(path, JSON.stringify(toProgressFileContent(update)));
    } catch (error) {
      onError(error);
    }
  }

  function writePending(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const update = pending;
    pending = null;
    if (!update) return chain;
    lastWriteAt = now();
    chain = chain.then(() => writeNow(update));
    return chain;
  }

  return {
    path,
    update(update) {
      if (removed) return;
      pending = { ...update };
      const waitMs = lastWriteAt + minIntervalMs - now();
      if (waitMs <= 0) {
        void writePending();
      } else if (!timer) {
        timer = setTimeout(() => void writePending(), waitMs);
        timer.unref();
      }
    },
    flush: () => writePending(),
    async remove() {
      removed = true;
      pending = null;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
      await rm(path, { force: true }).catch(onError);
    },
  };
}
