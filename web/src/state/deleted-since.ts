/**
 * A completed download whose files are gone since: its model (or the revision it fetched) was deleted,
 * here, with `hubget rm` or by hand. Its result path is then no installed model's folder or revision.
 */
import type { InstalledModel, JobView } from '../../../src/api-types.js';

export function deletedSince(
  job: Pick<JobView, 'state' | 'resultPath'>,
  installed: readonly InstalledModel[] | null,
): boolean {
  if (job.state !== 'completed' || !job.resultPath || installed === null) return false;
  const path = job.resultPath;
  return !installed.some(
    (model) => model.path === path || model.revisions.some((revision) => revision.path === path),
  );
}

/** The installed models of a GET /api/models answer. */
export function installedOf(entries: readonly { installed: InstalledModel | null }[]): InstalledModel[] {
  return entries.flatMap((entry) => (entry.installed ? [entry.installed] : []));
}
