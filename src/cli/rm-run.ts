/** `hubget rm`: the run (registered in rm-command.ts). Reference: docs/cli-models.md. */
import { join, resolve } from 'node:path';
import {
  confirmedPlan,
  type DeletionPlan,
  deleteFromCache,
  deleteQuantFromCache,
  deletionPlanChanged,
  freedTogether,
  isInside,
  localBookkeepingDir,
  localDirPlanChanged,
  planDeletion,
  planDownloadFolderDeletion,
  planQuantDeletion,
  quantPlanChanged,
  removeLocalDir,
  type SharedBlob,
} from '../cache/index.js';
import { HubgetError } from '../errors.js';
import { copyBytesLabel } from '../format/copy-bytes.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { formatBytes, plural } from '../format/units.js';
// Not the hub barrel: it loads the HTTP client (undici), which `hubget rm` never needs (test/build/cli-bundle.test.ts).
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { parseRepoRef } from '../hub/repo-id.js';
import type { RepoRef } from '../hub/types.js';
import { resolveDataDir } from '../hubget-folders.js';
import { isActiveCacheJobFor, isActiveJobInRealFolder, jobInUseError } from '../jobs/active-jobs.js';
import type { StoredJob } from '../store/index.js';
import type { DownloadPlace } from '../transfer/claims-folder.js';
// Not the transfer barrel: it loads the download engine (and undici).
import { refuseWhileDownloading, removeWhileNoDownloads } from '../transfer/downloads-here.js';
import { EXIT_INTERRUPTED, EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, writeLine } from './cli-io.js';
import { confirm } from './confirm-prompt.js';
import type { RepoChoice } from './repo-argument.js';
import type { RmOptions, RmSelection } from './rm-command.js';
import { type RmDetails, rmFailureJson, rmJson } from './rm-json.js';
import { lineWriter } from './terminal-lines.js';

/** What one `hubget rm` deletes: a repo (or revisions) in the HF cache, or a local-dir download. */
export interface RmTarget {
  /** Named when a download is in the way: the repo id, or the folder as given (quoted with a space: shell-word.ts). */
  name: string;
  /** What goes, named the same in every message: "org/name (2 revisions, whole repo)", "org/name revision
   * 0123456789ab", "local dir /models/x". */
  subject: string;
  /** Bytes the deletion plans to free (src/format/copy-bytes.ts: what `hubget ls` lists). */
  plannedBytes: number;
  /** Of them, what the temp files of unfinished downloads hold (a whole repo's or folder's), said apart. */
  plannedPartialBytes?: number;
  /** Bytes of its blobs that stay, since another repo's folder links them too (a fork's weights), said apart. */
  sharedBytes?: number;
  /** Those blobs, each name that goes: deleted together with their every other name, they are freed (countTogether). */
  sharedBlobs?: readonly SharedBlob[];
  /** Files in a local dir that no download wrote: they stay (listed by --dry-run as `kept: …`). */
  keptPaths: string[];
  /** What goes, listed by --dry-run. */
  paths: string[];
  /** What it is, for --json (rm-json.ts): the repo, revisions, quantization or folder. */
  details: RmDetails;
  /** An active job of hubget's server that downloads here. */
  ownedBy(job: StoredJob): boolean;
  /** Where downloads write, for asking who owns the files there (src/transfer/downloads-here.ts). */
  place: DownloadPlace;
  remove(): Promise<Freed>;
}

function hubCacheDirOf(options: RmOptions, io: CliIo): string {
  return resolveHubCacheDir({
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    env: io.env,
  });
}

/** Commits as rm names them: their first 12 characters. */
const shortCommits = (commits: readonly string[]) => commits.map((commit) => commit.slice(0, 12)).join(', ');

function cachePlanSubject(plan: DeletionPlan): string {
  // The GGUF quantizations that go with it, as the web UI's Delete names them (REPO:QUANT deletes one: quantTarget).
  const quants = plan.quants.length > 0 ? `with ${plan.quants.join(', ')}` : '';
  if (plan.wholeRepo) {
    const parts = [plural(plan.commits.length, 'revision'), 'whole repo', ...(quants ? [quants] : [])];
    return `${plan.repo.repoId} (${parts.join(', ')})`;
  }
  const revisions = `revision${plan.commits.length === 1 ? '' : 's'} ${shortCommits(plan.commits)}`;
  return `${plan.repo.repoId} ${revisions}${quants ? ` (${quants})` : ''}`;
}

/** What a deletion freed: its bytes, and of them what unfinished downloads' temp files held. */
interface Freed {
  freedBytes: number;
  partialBytes?: number;
}

/**
 * `3.15 MB`, or `20.50 kB + 3.00 MB partial` where unfinished downloads go too: the figures `hubget ls` shows (SIZE,
 * and the unfinished bytes of its STATE and total), by the one rule of src/format/copy-bytes.ts.
 */
function freedLabel(bytes: number, partialBytes = 0): string {
  return copyBytesLabel({ sizeOnDisk: bytes - partialBytes, unfinishedBytes: partialBytes });
}

/**
 * "org/name revision 0123456789ab: frees 3.15 MB" before, "…: freed 3.15 MB" after: one subject for both; a whole
 * repo beside unfinished downloads "frees 20.50 kB + 3.00 MB partial".
 */
function describe(target: RmTarget, done?: Freed): string {
  const bytes = done
    ? `freed ${freedLabel(done.freedBytes, done.partialBytes)}`
    : `frees ${freedLabel(target.plannedBytes, target.plannedPartialBytes)}`;
  const files = plural(target.keptPaths.length, 'file');
  const kept =
    target.keptPaths.length === 0
      ? ''
      : done
        ? ` (kept ${files} no download wrote)`
        : ` (keeps ${files} no download wrote)`;
  const shared = target.sharedBytes
    ? ` (${done ? 'kept' : 'keeps'} ${formatBytes(target.sharedBytes)} another repo links too)`
    : '';
  return colonAfter(target.subject, `${bytes}${kept}${shared}`);
}

/** An active job of this repo in this cache folder (a job that has run names its temp files: one in another
 * cache folder is not about this one). */
function cacheJobOwns(repo: RepoRef, repoDir: string): (job: StoredJob) => boolean {
  return (job) =>
    isActiveCacheJobFor(job, repo.repoType, repo.repoId) &&
    (job.tempPrefixes.length === 0 || job.tempPrefixes.some((prefix) => isInside(repoDir, resolve(prefix))));
}

async function cacheTarget(choice: RepoChoice, options: RmOptions, io: CliIo): Promise<RmTarget> {
  const repo = parseRepoRef(choice.repoId, choice.repoType);
  const revision = choice.revision;
  const cacheDir = hubCacheDirOf(options, io);
  const planNow = () => planDeletion(cacheDir, repo, revision === undefined ? undefined : [revision]);
  const plan = await planNow();
  return {
    name: repo.repoId,
    subject: cachePlanSubject(plan),
    plannedBytes: plan.freedBytes,
    plannedPartialBytes: plan.partialBytes,
    sharedBytes: plan.sharedBytes,
    sharedBlobs: plan.sharedBlobs,
    keptPaths: [],
    paths: plan.wholeRepo ? [plan.repoDir, ...plan.extras] : plan.paths,
    details: {
      target: plan.wholeRepo ? 'repo' : 'revisions',
      repoId: repo.repoId,
      repoType: repo.repoType,
      commits: plan.commits,
      quants: plan.quants,
    },
    ownedBy: cacheJobOwns(repo, plan.repoDir),
    place: { kind: 'cache', cacheDir: plan.cacheDir, repo },
    remove: async () => {
      const now = await confirmedPlan(repo.repoId, plan, planNow, deletionPlanChanged);
      return deleteFromCache(now);
    },
  };
}

/** `org/name:Q8_0`: that quantization's files in every revision holding them (or the one named), and their blobs. */
async function quantTarget(
  choice: RepoChoice,
  quant: string,
  options: RmOptions,
  io: CliIo,
): Promise<RmTarget> {
  const repo = parseRepoRef(choice.repoId, choice.repoType);
  const cacheDir = hubCacheDirOf(options, io);
  const revisions = choice.revision === undefined ? undefined : [choice.revision];
  const planNow = () => planQuantDeletion(cacheDir, repo, quant, revisions);
  const plan = await planNow();
  const where = choice.revision === undefined ? '' : ` revision ${shortCommits(plan.commits)}`;
  const left = plan.remaining.length > 0 ? `; keeps ${plan.remaining.join(', ')}` : '; no quantization left';
  return {
    name: repo.repoId,
    subject: `${repo.repoId}${where} quantization ${plan.quant} (${plural(plan.files.length, 'file')}${left})`,
    plannedBytes: plan.freedBytes,
    sharedBytes: plan.sharedBytes,
    sharedBlobs: plan.sharedBlobs,
    keptPaths: [],
    paths: plan.paths,
    details: {
      target: 'quant',
      repoId: repo.repoId,
      repoType: repo.repoType,
      commits: plan.commits,
      quant: plan.quant,
      remainingQuants: plan.remaining,
    },
    // The same jobs as a deletion of the repo: a download of any of its files may be writing these.
    ownedBy: cacheJobOwns(repo, plan.repoDir),
    place: { kind: 'cache', cacheDir: plan.cacheDir, repo },
    remove: async () => {
      const now = await confirmedPlan(repo.repoId, plan, planNow, quantPlanChanged);
      return deleteQuantFromCache(now);
    },
  };
}

async function localDirTarget(folder: string, options: RmOptions, io: CliIo): Promise<RmTarget> {
  // The hub cache may sit inside a folder that looks like a local dir (HF_HOME in it): never take it along.
  const hubCacheDir = hubCacheDirOf(options, io);
  const planNow = () => planDownloadFolderDeletion(folder, { protectedPaths: [hubCacheDir] });
  const plan = await planNow();
  const others = plan.contents?.others ?? [];
  return {
    name: shellWord(folder),
    subject: `local dir ${shellWord(plan.path)}`,
    plannedBytes: plan.freedBytes,
    plannedPartialBytes: plan.partialBytes,
    keptPaths: others.map((path) => join(plan.path, path)),
    // The folder, when it goes whole; else each file that goes (and keptPaths, each that stays).
    paths:
      plan.contents && others.length > 0
        ? [...plan.contents.downloaded.map((file) => file.path), localBookkeepingDir(plan.path)]
        : [plan.path],
    details: { target: 'local-dir', path: plan.path },
    ownedBy: (job) => isActiveJobInRealFolder(job, plan.path),
    place: { kind: 'local', localDir: plan.path },
    remove: async () => {
      const now = await confirmedPlan(folder, plan, planNow, localDirPlanChanged);
      return removeLocalDir(now);
    },
  };
}

async function targetOf(selection: RmSelection, options: RmOptions, io: CliIo): Promise<RmTarget> {
  if ('localDir' in selection) return localDirTarget(selection.localDir, options, io);
  if (selection.quant === undefined) {
    try {
      return await cacheTarget(selection.repo, options, io);
    } catch (error) {
      if (!(error instanceof HubgetError && error.code === 'REPO_NOT_FOUND')) throw error;
      const { withLocalDirHint } = await import('./rm-local-quant.js');
      throw await withLocalDirHint(selection.repo, options.modelsDir, io, error);
    }
  }
  const { foundLocalDirOf, localQuantTarget } = await import('./rm-local-quant.js');
  let folder = selection.inLocalDir;
  if (folder === undefined) {
    try {
      return await quantTarget(selection.repo, selection.quant, options, io);
    } catch (error) {
      // Not in the HF cache: the local-dir download of the repo that holds it, as `hubget ls` lists it (a
      // local dir has no revisions to name).
      const notInCache =
        error instanceof HubgetError && ['REPO_NOT_FOUND', 'INVALID_ARGUMENT'].includes(error.code);
      if (!notInCache || selection.repo.revision !== undefined) throw error;
      folder = await foundLocalDirOf(selection.repo, selection.quant, options.modelsDir, io, error);
    }
  }
  return localQuantTarget(selection.repo, folder, selection.quant, hubCacheDirOf(options, io));
}

/**
 * Several targets deleted together (`hubget rm org/base other/fork`): a blob they link between them, which each one's
 * plan alone counts as kept by the other, is freed by the set, counted once (src/cache/freed-together.ts).
 */
function countTogether(targets: RmTarget[]): void {
  const together = freedTogether(targets.map((target) => ({ sharedBlobs: target.sharedBlobs ?? [] })));
  targets.forEach((target, index) => {
    const { alsoFrees, keeps } = together[index]!;
    target.plannedBytes += alsoFrees;
    if (target.sharedBytes !== undefined) target.sharedBytes = keeps;
  });
}

/** `in all: frees 300.02 kB` after the targets' own lines, when there are several. */
function inAll(targets: readonly RmTarget[], freed?: readonly Freed[]): string {
  const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const bytes = freed
    ? freedLabel(sum(freed.map((done) => done.freedBytes)), sum(freed.map((done) => done.partialBytes)))
    : freedLabel(
        sum(targets.map((target) => target.plannedBytes)),
        sum(targets.map((target) => target.plannedPartialBytes)),
      );
  return `in all: ${freed ? 'freed' : 'frees'} ${bytes}`;
}

export async function runRm(
  selection: RmSelection | readonly RmSelection[],
  options: RmOptions,
  io: CliIo,
): Promise<number> {
  const selections = Array.isArray(selection) ? selection : [selection as RmSelection];
  try {
    const targets: RmTarget[] = [];
    for (const each of selections) targets.push(await targetOf(each, options, io));
    countTogether(targets);
    const several = targets.length > 1;
    // First the server's jobs: a paused (or queued) one writes nothing and holds no claim, only its stored
    // state says it owns files here, and it is named precisely. Then any other download that owns files here.
    const { readStoredJobs } = await import('./stored-jobs.js');
    const refuseJobs = (target: RmTarget) => {
      const job = readStoredJobs(resolveDataDir(options.dataDir, io.env)).find(target.ownedBy);
      if (job) throw jobInUseError(target.name, job);
    };
    // Before a question (or a dry run's answer): the user is not asked about what would be refused. With
    // --yes the check under the mutexes below is the only one.
    if (options.dryRun || !options.yes) {
      for (const target of targets) {
        refuseJobs(target);
        await refuseWhileDownloading(target.name, target.place);
      }
    }
    if (options.dryRun) {
      for (const target of targets) {
        const line = `Would delete ${describe(target)}`;
        if (options.json) {
          writeLine(io.stdout, rmJson(target, line));
          continue;
        }
        // The summary on a terminal broken at spaces to its width (terminal-lines.ts); the paths whole, to copy.
        lineWriter(io.stdout)(line);
        // Quoted when it holds a space, as every path the CLI prints (shell-word.ts).
        for (const path of target.paths) writeLine(io.stdout, `  ${shellWord(path)}`);
        for (const path of target.keptPaths) writeLine(io.stdout, `  kept: ${shellWord(path)}`);
      }
      if (several && !options.json)
        lineWriter(io.stdout)(`Would delete ${targets.length} targets, ${inAll(targets)}`);
      return EXIT_SUCCESS;
    }
    if (!options.yes) {
      const question = [
        ...targets.map((target) => describe(target)),
        ...(several ? [inAll(targets)] : []),
      ].join('; ');
      if (!io.stdin?.isTTY) {
        throw new HubgetError('INVALID_ARGUMENT', `Not on a terminal: pass --yes to delete ${question}`);
      }
      const answer = await confirm(io, `Delete ${question}?`);
      if (answer !== 'yes') {
        lineWriter(io.stderr)('Nothing deleted.');
        return answer === 'interrupted' ? EXIT_INTERRUPTED : EXIT_SUCCESS;
      }
    }
    // Checked (again, after a question: a download may have started while it waited for an answer), and the
    // files go under the claims' mutexes: no download can claim files here between that check and the removal.
    // In order: the last to go of a blob several of them link frees it (its plan, made again, counts it).
    const freed: Freed[] = [];
    for (const target of targets) {
      refuseJobs(target);
      const done = await removeWhileNoDownloads(target.name, target.place, () => target.remove());
      freed.push(done);
      const line = `Deleted ${describe(target, done)}`;
      if (options.json) writeLine(io.stdout, rmJson(target, line, done.freedBytes));
      else lineWriter(io.stdout)(line);
    }
    if (several && !options.json)
      lineWriter(io.stdout)(`Deleted ${targets.length} targets, ${inAll(targets, freed)}`);
    return EXIT_SUCCESS;
  } catch (error) {
    // --json: stdout still ends with one object, which says nothing was deleted and why.
    if (options.json) writeLine(io.stdout, rmFailureJson(error));
    return reportFailure(io, error);
  }
}
