/**
 * A completed download whose files are gone since: its model (or the revision it fetched) was deleted,
 * here, with `hubget rm` or by hand, or, for one GGUF quantization's download, that quantization (the model
 * page's Delete of one quantization, or the whole model deleted and another quantization fetched since into
 * the same snapshot). Its result path is then no installed model's folder or revision, or the model there
 * holds no such quantization any more (`InstalledModel.quants`).
 */
import type { InstalledModel, JobView } from '../../../src/api-types.js';
import { quantKey } from '../../../src/catalog/gguf-quants.js';
import { jobQuant } from '../format/quant-labels.js';

type ModelEntries = readonly { installed: InstalledModel | null }[];

/** The installed models in a GET /api/models answer by their folders (and their revisions'), built once per
 * answer: rows ask on every render. */
const foldersOf = new WeakMap<ModelEntries, ReadonlyMap<string, InstalledModel>>();

function installedFolders(models: ModelEntries): ReadonlyMap<string, InstalledModel> {
  let folders = foldersOf.get(models);
  if (folders === undefined) {
    folders = new Map(
      models.flatMap(({ installed }) =>
        installed
          ? [installed.path, ...installed.revisions.map((r) => r.path)].map(
              (path) => [path, installed] as const,
            )
          : [],
      ),
    );
    foldersOf.set(models, folders);
  }
  return folders;
}

/** `models` is the last GET /api/models answer, null until first read (then nothing is known deleted). */
export function deletedSince(
  job: Pick<JobView, 'state' | 'resultPath' | 'name' | 'include'>,
  models: ModelEntries | null,
): boolean {
  if (job.state !== 'completed' || !job.resultPath || models === null) return false;
  const model = installedFolders(models).get(job.resultPath);
  if (model === undefined) return true;
  const quant = jobQuant(job);
  return quant !== null && !model.quants.some((held) => quantKey(held) === quantKey(quant));
}
