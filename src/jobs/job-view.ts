/** The JobView of one of hubget's own jobs: the stored record and its live telemetry, as the API shows it. */
import type { JobView } from '../api-types.js';
import type { JobInterruptions } from '../job-interruptions.js';
import type { StoredJob } from '../store/types.js';
import { jobCopyPlaces } from './job-file-record.js';
import type { JobEntry } from './job-service-options.js';

/** A time of the service's clock (ms) as the API writes it; null stays null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** `queuePosition`: 0-based place among queued jobs, null for any other state; `nowMs`: the service's clock. */
export function toJobView(entry: JobEntry, queuePosition: number | null, nowMs: number): JobView {
  const { job, telemetry } = entry;
  const running = job.state === 'running';
  const downloaded = telemetry.downloaded;
  const total = telemetry.total;
  const copiedFrom = jobCopyPlaces(telemetry.files.values());
  const percent =
    job.state === 'completed'
      ? 100
      : total > 0
        ? Math.min(100, Math.floor((downloaded / total) * 1000) / 10)
        : 0;
  return {
    id: job.id,
    kind: 'download',
    state: job.state,
    name: job.name,
    repair: job.repair,
    repoId: job.repoId,
    repoType: job.repoType,
    revision: job.revision,
    commit: telemetry.commit ?? job.commit,
    include: [...job.include],
    exclude: [...job.exclude],
    localDir: job.localDir,
    downloaded,
    total,
    percent,
    speed: running ? telemetry.speed() : 0,
    eta: running ? telemetry.eta() : null,
    filesDone: telemetry.filesDone,
    filesTotal: telemetry.filesTotal,
    stalled: running && telemetry.stalled,
    stallReason: running ? telemetry.stallReason : null,
    noDataSeconds: running ? telemetry.noDataSeconds(nowMs) : 0,
    retrying: running ? telemetry.retries.shown(nowMs) : null,
    waits: running ? telemetry.retries.waits(nowMs) : [],
    connections: running ? telemetry.connections : 0,
    connectionsReason: running ? telemetry.connectionsReason : null,
    waitingFor: running ? telemetry.waitingFor() : null,
    hubgetRuns: [],
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
    bandwidthLimit: job.bandwidthLimit,
    queuePosition,
    createdAt: iso(job.createdAt)!,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    lastActivityAt: iso(telemetry.lastActivityAt),
    ...telemetry.counts(),
    ...(copiedFrom.length > 0 && { copiedFrom }),
    interruptions: interruptionsView(job),
    resultPath: job.resultPath,
  };
}

/** The stored counts of the server stops that interrupted the job (src/jobs/job-interruptions.ts). */
export function interruptionsView(job: StoredJob): JobInterruptions {
  return {
    count: job.interruptions,
    crashes: job.crashes,
    cutOffs: job.cutOffs,
    lastAt: iso(job.lastInterruptedAt),
    // A crash and a cut-off shutdown can share a time (no progress saved between): the stored flag decides.
    lastCrash: !job.lastCutOff && job.lastCrashAt !== null && job.lastCrashAt === job.lastInterruptedAt,
    lastCutOff: job.lastCutOff,
  };
}
