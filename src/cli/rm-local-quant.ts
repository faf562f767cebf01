import {
  confirmedPlan,
  deleteQuantFromLocalDir,
  localQuantPlanChanged,
  planDownloadFolderDeletion,
  planLocalQuantDeletion,
  scanLocalDirs,
} from '../cache/index.js';
import { readLocalDirMarker } from '../cache/scan-local-marker.js';
import { quantKey } from '../catalog/gguf-quants.js';
import { HubgetError } from '../errors.js';
import { listWords } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { plural } from '../format/units.js';
import { defaultModelsDir } from '../hubget-folders.js';
import { isActiveJobInRealFolder } from '../jobs/active-jobs.js';
import type { CliIo } from './cli-io.js';
import type { RepoChoice } from './repo-argument.js';
import type { RmTarget } from './rm-run.js';

export async function localQuantTarget(
  choice: RepoChoice,
  folder: string,
  quant: string,
  hubCacheDir: string,
): Promise<RmTarget> {
  const planNow = async () => {
    const dir = await planDownloadFolderDeletion(folder, { protectedPaths: [hubCacheDir] });
    return planLocalQuantDeletion(dir.path, folder, quant);
  };
  const plan = await planNow();
  const marker = await readLocalDirMarker(plan.localDir);
  if (marker && (marker.repoId !== choice.repoId || marker.repoType !== choice.repoType)) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `${folder} is a download of ${marker.repoType} ${marker.repoId}, not of ${choice.repoType} ${choice.repoId}; nothing deleted`,
    );
  }
  const left = plan.remaining.length > 0 ? `; keeps ${plan.remaining.join(', ')}` : '; no quantization left';
  return {
    name: folder,
    subject: `${choice.repoId} quantization ${plan.quant} in local dir ${shellWord(plan.localDir)} (${plural(plan.quantFiles.length, 'file')}${left})`,
    plannedBytes: plan.freedBytes,
    keptPaths: [],
    paths: plan.paths,
    details: {
      target: 'quant',
      repoId: choice.repoId,
      repoType: choice.repoType,
      commits: plan.commits,
      quant: plan.quant,
      remainingQuants: plan.remaining,
      path: plan.localDir,
    },
    ownedBy: (job) => isActiveJobInRealFolder(job, plan.localDir),
    place: { kind: 'local', localDir: plan.localDir },
    remove: async () => {
      const now = await confirmedPlan(folder, plan, planNow, localQuantPlanChanged);
      return deleteQuantFromLocalDir(now);
    },
  };
}

/**
 * `hubget rm org/x:Q8_0` when the HF cache does not hold it (`cacheFailure`: not there, or not that
 * quantization): the local-dir download of org/x under the models folder (`--models-dir`, else
 * HUBGET_MODELS_DIR or ~/models) that holds it, as `hubget ls` lists it; several are refused, listed, for
 * `--local-dir` to name one; none rethrows the cache's refusal.
 */
export async function foundLocalDirOf(
  choice: RepoChoice,
  quant: string,
  modelsDir: string | undefined,
  io: Pick<CliIo, 'env'>,
  cacheFailure: unknown,
): Promise<string> {
  const wanted = quantKey(quant);
  const holding = (await scanLocalDirs(modelsDir ?? defaultModelsDir(io.env))).filter(
    (model) =>
      model.repoId === choice.repoId &&
      model.repoType === choice.repoType &&
      model.quants.some((name) => quantKey(name) === wanted),
  );
  if (holding.length === 0) throw cacheFailure;
  if (holding.length > 1) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `${wanted} of ${choice.repoId} is in ${holding.length} local dirs (${listWords(holding.map((model) => shellWord(model.path)))}); name one with --local-dir`,
    );
  }
  return (holding[0] as { path: string }).path;
}

/**
 * `hubget rm org/x` when the HF cache does not hold org/x (`cacheFailure`, REPO_NOT_FOUND) but a local-dir
 * download of it under the models folder does, as `hubget ls` lists it under the same REPO: the refusal names the
 * command that deletes it (a local dir goes only when named with `--local-dir`: it is a whole folder). Before,
 * it said only `is not in the cache`, of a repo `ls` had just listed.
 */
export async function withLocalDirHint(
  choice: RepoChoice,
  modelsDir: string | undefined,
  io: Pick<CliIo, 'env'>,
  cacheFailure: HubgetError,
): Promise<HubgetError> {
  const paths = (await scanLocalDirs(modelsDir ?? defaultModelsDir(io.env)))
    .filter((model) => model.repoId === choice.repoId && model.repoType === choice.repoType)
    .map((model) => model.path);
  if (paths.length === 0) return cacheFailure;
  const hint =
    paths.length === 1
      ? `it is a local-dir download: hubget rm --local-dir ${shellWord(paths[0]!)} deletes it`
      : `it has ${paths.length} local-dir downloads (${listWords(paths.map(shellWord))}): hubget rm --local-dir DIR deletes one`;
  return new HubgetError(cacheFailure.code, `${cacheFailure.message}; ${hint}`, {
    ...(cacheFailure.details !== undefined && { details: cacheFailure.details }),
  });
}
