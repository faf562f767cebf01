/**
 * A completed download whose files are gone since: its model (or the revision it fetched) was deleted,
 * here, with `hubget rm` or by hand. Its result path is then no installed model's folder or revision.
 */
import type { InstalledModel, JobView } from '../../../src/api-types.js';

/** The folders of `installed` (models and their revisions), built once per list: rows ask on every render. */
const foldersOf = new WeakMap<readonly InstalledModel[], ReadonlySet<string>>();

function installedFolders(installed: readonly InstalledModel[]): ReadonlySet<string> {
  let folders = foldersOf.get(installed);
  if (folders === undefined) {
    folders = new Set(installed.flatMap((model) => [model.path, ...model.revisions.map((r) => r.path)]));
    foldersOf.set(installed, folders);
  }
  return folders;
}

export function deletedSince(
  job: Pick<JobView, 'state' | 'resultPath'>,
  installed: readonly InstalledModel[] | null,
): boolean {
  if (job.state !== 'completed' || !job.resultPath || installed === null) return false;
  return !installedFolders(installed).has(job.resultPath);
}

/** The installed models of a GET /api/models answer. */
export function installedOf(entries: readonly { installed: InstalledModel | null }[]): InstalledModel[] {
  return entries.flatMap((entry) => (entry.installed ? [entry.installed] : []));
}
