/**
 * The bytes a job fetched in its last moments before the server was killed (kill -9, an OOM kill, a power
 * cut). Its counters are stored once a tick (job-ticks.ts) from the engine's last progress event, so the
 * stored `fetchedBytes` lacks what arrived after that event: up to a tick plus a progress interval of bytes.
 * The resume maps, written at most a map interval apart, kept most of them. For each file the job was
 * fetching at its last stored tick, what the first plan after the restart finds on disk above the file's
 * stored `downloaded` (read from the same progress event as `fetchedBytes`) arrived after that tick: it is
 * added to the job's earlier runs.
 *
 * Not exact, by what the disk does not show: bytes written after a map's last write are fetched again and
 * stay uncounted (up to a map interval of each file's bytes), and so do the bytes of a file the job started
 * after its last stored tick (its row did not say `downloading` yet). Bytes another program wrote after the
 * crash (a CLI run that took a file over while the server was down) are not the job's: a file counts only
 * when its map, or the finished file, was last written within LAST_WRITE_WINDOW_MS of the job's stored last
 * activity, the only time the killed run could have written it.
 */
import { stat } from 'node:fs/promises';
import { findResumableTemps } from '../cache/temp-files.js';
import { DEFAULT_JOB_BROADCAST_INTERVAL_MS, DEFAULT_PROGRESS_INTERVAL_MS } from '../defaults.js';
import { tempPrefixOf } from '../transfer/plan-download.js';
import { readResumeMapFile } from '../transfer/resume-map.js';
import type { DownloadPlan, PlannedFile } from '../transfer/types.js';
import type { JobEntry } from './job-service-options.js';

/**
 * How long after its stored last activity a killed run may still have written: the stored counters are at
 * most a progress interval older than their tick, and the next tick (which did not come) at most a tick
 * later; doubled for a busy event loop. Later writes are another program's.
 */
const LAST_WRITE_WINDOW_MS = 2 * (DEFAULT_JOB_BROADCAST_INTERVAL_MS + DEFAULT_PROGRESS_INTERVAL_MS);

/** What a job's stored rows said at its last tick before the crash. */
export interface CrashBaseline {
  commit: string;
  /** The job's stored last activity (Unix ms). */
  lastActivityAt: number;
  /** The files it was fetching then, and their bytes on disk. */
  fetching: ReadonlyMap<string, number>;
}

/**
 * The baseline of a job the server was killed while it ran (stored as running), from its stored rows;
 * undefined when nothing can be added (no file being fetched, or a count not recorded: a job from before).
 */
export function crashBaselineOf(entry: JobEntry): CrashBaseline | undefined {
  const { commit, lastActivityAt } = entry.job;
  if (commit === null || lastActivityAt === null || entry.telemetry.fetchedTotal() === null) return undefined;
  const fetching = new Map<string, number>();
  for (const file of entry.telemetry.files.values()) {
    if (file.state === 'downloading') fetching.set(file.path, file.downloaded);
  }
  return fetching.size > 0 ? { commit, lastActivityAt, fetching } : undefined;
}

/**
 * Bytes the killed run fetched after its last stored tick that are on disk, from the first plan after the
 * restart (its `partialBytes` and `present` were read before the run writes anything). Never throws.
 */
export async function fetchedAfterLastTick(baseline: CrashBaseline, plan: DownloadPlan): Promise<number> {
  if (plan.commit !== baseline.commit) return 0;
  const latest = baseline.lastActivityAt + LAST_WRITE_WINDOW_MS;
  let bytes = 0;
  for (const file of plan.files) {
    const before = baseline.fetching.get(file.path);
    if (before === undefined) continue;
    const grew = (file.present ? file.size : file.partialBytes) - before;
    if (grew <= 0) continue;
    const writtenAt = await lastWriteOf(plan, file);
    if (writtenAt !== null && writtenAt <= latest) bytes += grew;
  }
  return bytes;
}

/** When the bytes on disk of `file` were last written: the finished file's mtime, or its map's `updatedAt`. */
async function lastWriteOf(plan: DownloadPlan, file: PlannedFile): Promise<number | null> {
  try {
    if (file.present) return (await stat(file.finalPath)).mtimeMs;
    const [temp] = await findResumableTemps(tempPrefixOf(plan, file));
    const map = temp ? await readResumeMapFile(temp.resumeMapPath) : null;
    const at = map ? Date.parse(map.updatedAt) : Number.NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    return null;
  }
}
