/**
 * Whether the server's previous run stopped cleanly (GET /api/system/status, docs/api-hub-system.md): a crash
 * with no job running left no trace before, and one with jobs left only each job's own count.
 *
 * The record is `{dataDir}/server-run.json`, read and written only by the holder of the data dir
 * (data-dir-lock.ts), each write a whole-file replace (replace-file.ts): the run's start, the last moment it
 * was known alive (rewritten every SERVER_ALIVE_INTERVAL_MS), when a shutdown began, and when it finished,
 * everything saved. At start the previous run's record is read before the new one replaces it; the new one is
 * written only once the port is bound, so a start that failed (port in use) leaves the previous run's record
 * as it was, to be told by the next start. No `stoppedAt`: the run did not stop cleanly; with `shutdownAt`, a
 * shutdown began and did not finish (cut off by its time limit, a second signal, a kill meanwhile).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerStatus, UncleanStop } from '../api-server-status.js';
import type { JobView } from '../api-types.js';
import { SERVER_ALIVE_INTERVAL_MS } from '../defaults.js';
import { plural } from '../format/units.js';
import { uncleanStopKind } from '../job-interruptions.js';
import { replaceFileSync } from '../replace-file.js';

export const SERVER_RUN_FILE_NAME = 'server-run.json';

/** One run of the server, as `server-run.json` holds it (Unix ms). */
export interface RunRecord {
  pid: number;
  startedAt: number;
  aliveAt: number;
  /** A shutdown began (a signal); null while none did. */
  shutdownAt: number | null;
  /** The shutdown finished, the jobs saved: a clean stop. */
  stoppedAt: number | null;
}

/** The record the previous run left, or null: none (a first start), or unreadable (then nothing is claimed). */
export function readRunRecord(dataDir: string): RunRecord | null {
  try {
    const value = JSON.parse(readFileSync(join(dataDir, SERVER_RUN_FILE_NAME), 'utf8')) as Partial<RunRecord>;
    const time = (field: unknown) => (typeof field === 'number' && Number.isFinite(field) ? field : null);
    const startedAt = time(value.startedAt);
    const aliveAt = time(value.aliveAt);
    if (startedAt === null || aliveAt === null) return null;
    return {
      pid: typeof value.pid === 'number' ? value.pid : 0,
      startedAt,
      aliveAt,
      shutdownAt: time(value.shutdownAt),
      stoppedAt: time(value.stoppedAt),
    };
  } catch {
    return null;
  }
}

/** The run began a shutdown that did not finish (its time limit, a second signal, a kill meanwhile). */
export function shutdownCutOff(record: RunRecord | null): boolean {
  return record !== null && record.stoppedAt === null && record.shutdownAt !== null;
}

/**
 * How the previous run ended, when not cleanly: its record says it did not stop, or a job it was running was
 * not saved by a shutdown (its interruption counted a crash or a shutdown cut off: a record lost with a power
 * cut, or left by a hubget from before it). `interrupted`: the views, after the start recovered them, of the jobs
 * it was running. Its kind is uncleanStopKind's, the rule by which the start counted each job's interruption.
 */
export function uncleanStopOf(previous: RunRecord | null, interrupted: JobView[]): UncleanStop | null {
  const unsaved = interrupted.filter((job) => job.interruptions.lastCrash || job.interruptions.lastCutOff);
  const stopped = previous?.stoppedAt !== null && previous?.stoppedAt !== undefined;
  if ((previous === null || stopped) && unsaved.length === 0) return null;
  const savedAt = unsaved.map((job) => Date.parse(job.interruptions.lastAt ?? '')).filter(Number.isFinite);
  const lastAliveAt = Math.max(previous?.aliveAt ?? 0, previous?.shutdownAt ?? 0, ...savedAt);
  const kind = uncleanStopKind(shutdownCutOff(previous));
  const shutdownAt = kind === 'unclean-shutdown' ? (previous?.shutdownAt ?? null) : null;
  return {
    kind,
    lastAliveAt: new Date(lastAliveAt).toISOString(),
    shutdownStartedAt: shutdownAt === null ? null : new Date(shutdownAt).toISOString(),
    previousStartedAt: previous === null ? null : new Date(previous.startedAt).toISOString(),
    interruptedJobs: interrupted.length,
    jobIds: interrupted.map((job) => job.id),
  };
}

/** The log line of an unclean stop found at start. */
export function uncleanStopMessage(stop: UncleanStop): string {
  const jobs =
    stop.interruptedJobs === 0
      ? 'no job was running'
      : `${plural(stop.interruptedJobs, 'running job')} ${stop.interruptedJobs === 1 ? 'was' : 'were'} interrupted and resumed`;
  if (stop.kind === 'unclean-shutdown') {
    return `hubget restarted after an unclean shutdown: the shutdown begun at ${stop.shutdownStartedAt} did not finish (cut off by its time limit, or killed); last known alive at ${stop.lastAliveAt}; ${jobs}`;
  }
  return `hubget restarted after a crash (it was not shut down cleanly): last known alive at ${stop.lastAliveAt}; ${jobs}`;
}

export interface ServerRun {
  readonly status: ServerStatus;
  /** A shutdown begins: recorded at once, so one cut off is told from a crash. */
  shutdownBegun(): void;
  /** The shutdown finished with the jobs saved: the next start finds a clean stop. */
  stopped(): void;
  /** Ends the heartbeat (whether or not the stop was clean). */
  end(): void;
}

export interface ServerRunOptions {
  dataDir: string;
  previous: RunRecord | null;
  /** The views of the jobs the previous run was running, after the start recovered them. */
  interrupted: JobView[];
  /** A write that failed (a full or read-only disk): the run goes on, the record is only less precise. */
  onError(error: unknown): void;
  now?: () => number;
  aliveIntervalMs?: number;
}

/** Records this run (it is listening) and keeps its heartbeat, writing synchronously: no write overtakes another. */
export function startServerRun(options: ServerRunOptions): ServerRun {
  const now = options.now ?? Date.now;
  const path = join(options.dataDir, SERVER_RUN_FILE_NAME);
  const startedAt = now();
  const record: RunRecord = {
    pid: process.pid,
    startedAt,
    aliveAt: startedAt,
    shutdownAt: null,
    stoppedAt: null,
  };
  let failed = false;
  const write = () => {
    try {
      replaceFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    } catch (error) {
      // Said once: a heartbeat that fails every 10 s would fill the log.
      if (!failed) options.onError(error);
      failed = true;
    }
  };
  write();
  const timer = setInterval(() => {
    record.aliveAt = now();
    write();
  }, options.aliveIntervalMs ?? SERVER_ALIVE_INTERVAL_MS);
  timer.unref();
  return {
    status: {
      startedAt: new Date(startedAt).toISOString(),
      uncleanStop: uncleanStopOf(options.previous, options.interrupted),
    },
    shutdownBegun() {
      record.shutdownAt = record.aliveAt = now();
      write();
    },
    stopped() {
      record.stoppedAt = record.aliveAt = now();
      write();
    },
    end() {
      clearInterval(timer);
    },
  };
}
