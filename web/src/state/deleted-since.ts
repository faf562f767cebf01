/**
 * A completed download whose files are gone since: its model (or the revision it fetched) was deleted,
 * here, with `hubget rm` or by hand. Its result path is then no installed model's folder or revision.
 */
import type { InstalledModel, JobView } from '../../../src/api-types.js';

type ModelEntries = readonly { installed: InstalledModel | null }[];

/** The folders of the installed models in a GET /api/models answer (and their revisions), built once per
 * answer: rows ask on every render. */
const foldersOf = new WeakMap<ModelEntries, ReadonlySet<string>>();

function installedFolders(models: ModelEntries): ReadonlySet<string> {
  let folders = foldersOf.get(models);
  if (folders === undefined) {
    folders = new Set(
      models.flatMap(({ installed }) =>
        installed ? [installed.path, ...installed.revisions.map((r) => r.path)] : [],
      ),
    );
    foldersOf.set(models, folders);
  }
  return folders;
}

/** `models` is the last GET /api/models answer, null until first read (then nothing is known deleted). */
export function deletedSince(
  job: Pick<JobView, 'state' | 'resultPath'>,
  models: ModelEntries | null,
): boolean {
  if (job.state !== 'completed' || !job.resultPath || models === null) return false;
  return !installedFolders(models).has(job.resultPath);
}
