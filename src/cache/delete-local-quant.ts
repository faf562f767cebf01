/**
 * Deleting one GGUF quantization from a local-dir download (`hubget rm org/x:Q8_0 --local-dir DIR`, the web UI's
 * Delete of one quantization of a folder under the models dir): its `.gguf` file(s), every part of a split one,
 * by the one quantization rule (src/catalog/gguf-quants.ts), with their `.cache/huggingface/download/<path>.metadata`
 * records; then the sub-folders this leaves empty (a `Q4_K_M/` folder, its mirror under `download/`). Only files
 * a download wrote count (those with a record, as the folder's whole deletion: local-dir-contents.ts): a `.gguf`
 * of the user's own in the folder stays. A local dir keeps one version of each file, so there are no shared
 * blobs to weigh: what goes is freed. The caller has checked the folder (planLocalDirDeletion or
 * planDownloadFolderDeletion: a download folder, not the home folder or the hub cache) and refuses while a job
 * downloads into it; the removal runs under the claims' mutex (src/transfer/downloads-here.ts).
 */
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { listGgufQuants, quantKey } from '../catalog/gguf-quants.js';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { pruneEmptyParents, removeAll, sameSet } from './delete-cache.js';
import {
  localBookkeepingDir,
  localDownloadDir,
  localFilePath,
  localMetadataPath,
} from './local-dir-layout.js';
import { readLocalDirRecords } from './local-dir-records.js';
import { isInside, realpathOfExisting } from './safe-path.js';

export interface LocalQuantDeletionPlan {
  /** The local dir's real path (as the folder check resolved it). */
  localDir: string;
  /** The quantization as the folder's files spell it (`Q8_0`). */
  quant: string;
  /** The commits the deleted files' records name, sorted. */
  commits: string[];
  /** Their paths inside the folder (`Q8_0/x-Q8_0-00001-of-00002.gguf`), sorted. */
  quantFiles: string[];
  /** Bytes freed: the files' sizes. */
  freedBytes: number;
  /** The quantizations left in the folder after the deletion, smallest first. */
  remaining: string[];
  /** Every path removed: the files, then their metadata records. */
  paths: string[];
}

/**
 * Plan the deletion of quantization `quant` (case-insensitive) from the local dir `localDir` (a real path the
 * caller has checked); `name` is how messages name the folder. INVALID_ARGUMENT, listing the quantizations the
 * folder holds, when none of its files is there.
 */
export async function planLocalQuantDeletion(
  localDir: string,
  name: string,
  quant: string,
): Promise<LocalQuantDeletionPlan> {
  const records = await readLocalDirRecords(localDir);
  const files = records.map((record) => ({ path: record.path, size: record.bytes }));
  const wanted = quantKey(quant);
  const onDisk = listGgufQuants(files).quants;
  const found = onDisk.find((candidate) => candidate.name === wanted);
  if (!found) {
    const names = onDisk.map((candidate) => candidate.name);
    throw new HubgetError(
      'INVALID_ARGUMENT',
      names.length > 0
        ? `No quantization ${wanted} in the local dir ${name}; on disk: ${names.join(', ')}`
        : `The local dir ${name} has no GGUF quantization`,
      { details: { localDir, quant: wanted, available: names } },
    );
  }
  const gone = new Set(found.files);
  const removed = records.filter((record) => gone.has(record.path));
  const quantFiles = removed.map((record) => record.path).sort();
  return {
    localDir,
    quant: wanted,
    commits: [...new Set(removed.map((record) => record.commit))].sort(),
    quantFiles,
    freedBytes: removed.reduce((sum, record) => sum + record.bytes, 0),
    remaining: listGgufQuants(files.filter((file) => !gone.has(file.path))).quants.map((q) => q.name),
    paths: [
      ...quantFiles.map((path) => localFilePath(localDir, path)),
      ...quantFiles.map((path) => localMetadataPath(localDir, path)),
    ],
  };
}

/** Whether a plan made again just before deleting removes other files than the one confirmed. */
export function localQuantPlanChanged(
  confirmed: LocalQuantDeletionPlan,
  now: LocalQuantDeletionPlan,
): boolean {
  return confirmed.localDir !== now.localDir || !sameSet(confirmed.paths, now.paths);
}

/**
 * Execute a plan: every path is checked again to lie in the local dir, and none but the metadata records in its
 * bookkeeping folder (a tampered plan deletes nothing else); then the folders the files leave empty, never
 * the local dir itself nor the download folder. All deletions are attempted; failures are reported together.
 */
export async function deleteQuantFromLocalDir(plan: LocalQuantDeletionPlan): Promise<{ freedBytes: number }> {
  const root = resolve(plan.localDir);
  const bookkeeping = localBookkeepingDir(root);
  const downloadDir = localDownloadDir(root);
  for (const target of plan.paths) {
    const path = resolve(target);
    // Its folder resolved too: a linked sub-folder must not lead out of the local dir.
    const real = join(realpathOfExisting(dirname(path)), basename(path));
    const allowed = isInside(bookkeeping, path)
      ? isInside(downloadDir, real) && path.endsWith('.metadata')
      : isInside(root, real) && !isInside(bookkeeping, real);
    if (!allowed)
      throw new HubgetError(
        'UNSAFE_PATH',
        colonAfter(`Refusing to delete ${shellWord(path)}`, `not a file of ${shellWord(root)}`),
      );
  }
  await removeAll(plan.paths, (target) => rm(target, { force: true }));
  for (const path of plan.paths)
    await pruneEmptyParents(path, isInside(bookkeeping, path) ? downloadDir : root);
  return { freedBytes: plan.freedBytes };
}
