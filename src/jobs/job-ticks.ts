/**
 * Persistence of a job's progress and the service's once-a-tick work on a running job: stall check by the
 * service's own clock, counters and changed files to the store, a speed sample (compacted once a minute),
 * and the `download_{jobId}.json` progress file; and the tick's publishing of other programs' downloads.
 */
import type { JobView } from '../api-types.js';
import { DEFAULT_PROGRESS_INTERVAL_MS } from '../defaults.js';
import type { Store } from '../store/types.js';
import type { JobEntry, JobsLogger } from './job-service-options.js';
import { updateProgressFile } from './progress-files.js';
import type { JobServiceEvent } from './types.js';

const COMPACT_EVERY_TICKS = 60;
/**
 * A run that ends this soon after its last sample adds none: a rate over a few milliseconds says more about when
 * the engine's last reading came than about the network.
 */
export const MIN_CLOSING_SAMPLE_MS = 250;

/** Writes the telemetry's counters and changed files into the job and the store. */
export function persistProgress(store: Store, entry: JobEntry): void {
  const { telemetry, job } = entry;
  const counters = {
    commit: telemetry.commit ?? job.commit,
    totalBytes: telemetry.total,
    downloadedBytes: telemetry.downloaded,
    filesTotal: telemetry.filesTotal,
    filesDone: telemetry.filesDone,
    lastActivityAt: telemetry.lastActivityAt,
    ...telemetry.counts(),
  };
  Object.assign(job, counters);
  store.updateJob(job.id, counters);
  const { replace, files } = telemetry.takeChangedFiles();
  if (replace) store.replaceJobFiles(job.id, files);
  else if (files.length > 0) store.upsertJobFiles(job.id, files);
}

interface TickContext {
  store: Store;
  logger: JobsLogger;
  stallTimeoutMs: number;
  /** null: no progress files. */
  progressDir: string | null;
}

/** One tick of a running job (the caller then publishes it). */
export function tickRunningJob(entry: JobEntry, nowMs: number, context: TickContext): void {
  const { store } = context;
  entry.ticks += 1;
  entry.telemetry.checkIdle(nowMs, context.stallTimeoutMs);
  persistProgress(store, entry);
  store.addSpeedSample(entry.job.id, {
    t: nowMs,
    bytesPerSecond: entry.telemetry.speed(),
    downloaded: entry.telemetry.downloaded,
    fetchedBytes: entry.telemetry.fetchedTotal(),
  });
  entry.lastSample = { t: countedAt(entry, nowMs), fetchedBytes: entry.telemetry.fetchedBytes };
  if (entry.ticks % COMPACT_EVERY_TICKS === 0) store.compactSpeedSamples(entry.job.id, nowMs);
  if (context.progressDir !== null) updateProgressFile(entry, context.progressDir, context.logger);
}

/**
 * When the fetched count a tick read was true: the engine reports every DEFAULT_PROGRESS_INTERVAL_MS, so the count
 * is as of its last report, when bytes last arrived while they flow (`lastActivityAt`), at most that interval
 * before the tick. Measured from the tick instead, a run ending 300 ms later credited those 300 ms with up to
 * 800 ms of bytes.
 */
function countedAt(entry: JobEntry, nowMs: number): number {
  const lastBytesMs = Math.min(nowMs, entry.telemetry.lastActivityAt ?? nowMs);
  return Math.max(nowMs - DEFAULT_PROGRESS_INTERVAL_MS, lastBytesMs);
}

/** A run starts: its closing sample measures from here until its first tick's sample. */
export function openSpeedSamples(entry: JobEntry, nowMs: number): void {
  entry.lastSample = { t: nowMs, fetchedBytes: entry.telemetry.fetchedBytes };
}

/**
 * A run ends (finished, paused, failed): one last sample for the bytes it fetched since its last one, at their
 * rate over that stretch. Without it a download that ends between two ticks (a small model fetched in a second,
 * the burst after a wait for the Hub) leaves its speed history without its fastest part, or empty.
 */
export function closeSpeedSamples(store: Store, entry: JobEntry, nowMs: number): void {
  const last = entry.lastSample;
  entry.lastSample = undefined;
  if (!last) return;
  const fetched = entry.telemetry.fetchedBytes - last.fetchedBytes;
  const elapsedMs = nowMs - last.t;
  if (fetched <= 0 || elapsedMs < MIN_CLOSING_SAMPLE_MS) return;
  store.addSpeedSample(entry.job.id, {
    t: nowMs,
    bytesPerSecond: Math.round((fetched * 1000) / elapsedMs),
    downloaded: entry.telemetry.downloaded,
    fetchedBytes: entry.telemetry.fetchedTotal(),
  });
}

/**
 * Publishes the external downloads (other programs') listed now, and `job-removed` once for each one the
 * last tick published that is no longer listed (it ended, or its temp files went), then calls `onEnded`
 * when there was one; the ids published.
 */
export function publishExternalJobs(
  jobs: readonly JobView[],
  previous: ReadonlySet<string>,
  publish: (event: JobServiceEvent) => void,
  onEnded: () => void = () => {},
): Set<string> {
  const listed = new Set<string>();
  for (const job of jobs) {
    listed.add(job.id);
    publish({ type: 'job', job });
  }
  let ended = false;
  for (const id of previous) {
    if (listed.has(id)) continue;
    publish({ type: 'job-removed', id });
    ended = true;
  }
  if (ended) onEnded();
  return listed;
}
