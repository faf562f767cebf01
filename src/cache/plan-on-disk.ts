/**
 * A download plan (the files one of hubget's jobs listed for one revision) checked against the disk: how many
 * of its files are not there. In a cached repo a file counts when the snapshot of the plan's commit holds it
 * (a link to its blob, or the file itself without symlinks) with the planned size; a plan whose snapshot is
 * gone (deleted since) says nothing about what is left. In a local dir, the folder the job wrote to, a file
 * counts when it has the planned size and its `.metadata` record (what huggingface_hub counts as downloaded,
 * docs/hub-disk-layout.md §3.12); an empty or malformed `.metadata` (a write cut short by a full disk) is no record.
 * A GGUF quantization of a completed download's plan with none of its files left was deleted since (`hubget rm
 * org/x:Q8_0`, the web UI's Delete of one quantization, or by hand): it leaves the plan, so the model stays
 * installed with the quantizations left; one with some of its parts missing still counts as missing.
 */
import { stat } from 'node:fs/promises';
import type { PlanCheck } from '../api-types.js';
import { listGgufQuants } from '../catalog/gguf-quants.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from '../transfer/map-bounded.js';
import { readLocalRecord } from './local-dir-metadata.js';
import { safeJoin } from './safe-path.js';
import type { ScannedModel } from './scanned-model.js';

export interface DownloadPlan {
  jobId: string;
  commit: string;
  files: { path: string; size: number }[];
  /** The job completed: every file was there then, so a quantization wholly gone since was deleted. */
  completed?: boolean;
}

async function hasFileOfSize(path: string, size: number): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size === size;
  } catch {
    return false;
  }
}

/** Where a plan's files go: the snapshot folder of its commit in a cached repo, or a local dir. */
export type PlanPlace = { snapshotPath: string } | { localDir: string };

/**
 * The planned files not on disk at `place`. The one rule of what counts as there, for the model list's
 * plan check and for a paused or queued job whose files another download put in place (src/jobs/found-on-disk.ts).
 */
export async function filesNotOnDisk(
  place: PlanPlace,
  files: DownloadPlan['files'],
): Promise<DownloadPlan['files']> {
  const isThere =
    'snapshotPath' in place
      ? async (file: DownloadPlan['files'][number]) =>
          hasFileOfSize(safeJoin(place.snapshotPath, file.path), file.size)
      : async (file: DownloadPlan['files'][number]) =>
          (await hasFileOfSize(safeJoin(place.localDir, file.path), file.size)) &&
          (await readLocalRecord(place.localDir, file.path)) !== undefined;
  // A path the listing should never have held (UNSAFE_PATH) is not on disk either.
  const present = await mapBounded(files, DISK_CHECKS_IN_FLIGHT, (file) => isThere(file).catch(() => false));
  return files.filter((_, index) => !present[index]);
}

/**
 * Where an installed model holds the files of `commit`: its snapshot of that commit in the cache (null when the
 * cache has none), or its local dir (which keeps one version of each file).
 */
export function placeOfCommit(
  model: Pick<ScannedModel, 'location' | 'path' | 'revisions'>,
  commit: string,
): PlanPlace | null {
  if (model.location !== 'cache') return { localDir: model.path };
  const snapshot = model.revisions.find((revision) => revision.commit === commit);
  return snapshot ? { snapshotPath: snapshot.path } : null;
}

/**
 * The paths of `files` that an installed copy holds at `commit` (by filesNotOnDisk's rule): what a download of
 * them would not fetch again. Empty without a copy, or when the cache has no snapshot of that commit. The
 * model page (src/server/routes/hub.ts) and `hubget info` (src/cli/info-run.ts) mark files and
 * quantizations with it.
 */
export async function filesOnDiskAt(
  copy: Pick<ScannedModel, 'location' | 'path' | 'revisions'> | null,
  commit: string,
  files: readonly { path: string; size: number }[],
): Promise<Set<string>> {
  const place = copy ? placeOfCommit(copy, commit) : null;
  if (!place) return new Set();
  const missing = new Set((await filesNotOnDisk(place, [...files])).map((file) => file.path));
  return new Set(files.filter((file) => !missing.has(file.path)).map((file) => file.path));
}

/**
 * The files of the quantizations of `files` (the rule of src/catalog/gguf-quants.ts) of which every file is
 * `missing`: deleted since a completed download.
 */
function filesOfDeletedQuants(files: DownloadPlan['files'], missing: DownloadPlan['files']): Set<string> {
  const gone = new Set(missing.map((file) => file.path));
  const deleted = listGgufQuants(files).quants.filter((quant) => quant.files.every((path) => gone.has(path)));
  return new Set(deleted.flatMap((quant) => quant.files));
}

/** Null when the plan does not apply to what is on disk (its snapshot is not in the cache). */
export async function checkPlanOnDisk(model: ScannedModel, plan: DownloadPlan): Promise<PlanCheck | null> {
  const place = placeOfCommit(model, plan.commit);
  if (!place) return null;
  const notThere = await filesNotOnDisk(place, plan.files);
  const deleted = plan.completed ? filesOfDeletedQuants(plan.files, notThere) : new Set<string>();
  const files = plan.files.filter((file) => !deleted.has(file.path));
  const missing = notThere.filter((file) => !deleted.has(file.path));
  return {
    jobId: plan.jobId,
    commit: plan.commit,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
    missingFiles: missing.length,
    missingBytes: missing.reduce((sum, file) => sum + file.size, 0),
  };
}
