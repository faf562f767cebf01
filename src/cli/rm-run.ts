/** `hubget rm`: the run (registered in rm-command.ts). Reference: docs/cli.md. */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  ACTIVE_WRITE_WINDOW_MS,
  type DeletionPlan,
  deleteFromCache,
  isInside,
  planDeletion,
  recentTempFiles,
} from '../cache/index.js';
import { HubgetError } from '../errors.js';
import { formatBytes } from '../format/units.js';
import { parseRepoRef, resolveHubCacheDir } from '../hub/index.js';
import { isActiveCacheJobFor, jobInUseError } from '../jobs/active-jobs.js';
import { resolveDataDir } from '../server/load-server-config.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, writeLine } from './cli-io.js';
import type { RmOptions } from './rm-command.js';

function describe(plan: DeletionPlan): string {
  const what = plan.wholeRepo
    ? `${plan.repo.repoId} (${plan.commits.length} revision${plan.commits.length === 1 ? '' : 's'}, whole repo)`
    : `${plan.repo.repoId} revision${plan.commits.length === 1 ? '' : 's'} ${plan.commits.map((c) => c.slice(0, 12)).join(', ')}`;
  return `${what}: frees ${formatBytes(plan.freedBytes)}`;
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const stdin = io.stdin;
  if (!stdin?.isTTY) return false;
  const prompt = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

export async function runRm(reference: string, options: RmOptions, io: CliIo): Promise<number> {
  try {
    const at = reference.indexOf('@');
    const repo = parseRepoRef(at < 0 ? reference : reference.slice(0, at), options.repoType);
    const revision = at < 0 ? undefined : reference.slice(at + 1);
    if (revision === '')
      throw new HubgetError('INVALID_ARGUMENT', `Missing revision after "@" in "${reference}"`);
    const cacheDir = resolveHubCacheDir({
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      env: io.env,
    });
    const plan = await planDeletion(cacheDir, repo, revision === undefined ? undefined : [revision]);
    // First the server's jobs: a paused (or queued) one writes nothing, only its stored state says it owns
    // files here, and it is named precisely. A job that has run names its temp files: one in another cache
    // folder is not about this one. Then any other program's download that is writing now.
    const { readStoredJobs } = await import('./stored-jobs.js');
    const job = readStoredJobs(resolveDataDir(options.dataDir, io.env)).find(
      (candidate) =>
        isActiveCacheJobFor(candidate, repo.repoType, repo.repoId) &&
        (candidate.tempPrefixes.length === 0 ||
          candidate.tempPrefixes.some((prefix) => isInside(plan.repoDir, resolve(prefix)))),
    );
    if (job) throw jobInUseError(repo.repoId, job);
    const writing = await recentTempFiles(plan.repoDir);
    if (writing.length > 0) {
      const seconds = Math.max(0, Math.round((Date.now() - writing[0]!.mtimeMs) / 1000));
      throw new HubgetError(
        'IN_USE',
        `${repo.repoId} is being downloaded (a temp file was written ${seconds} s ago); ` +
          `wait for the download to finish or stop it, then run this again (quiet for ${ACTIVE_WRITE_WINDOW_MS / 1000} s counts as stopped)`,
        { details: { paths: writing.map((file) => file.path) } },
      );
    }
    if (options.dryRun) {
      writeLine(io.stdout, `Would delete ${describe(plan)}`);
      for (const path of plan.wholeRepo ? [plan.repoDir, ...plan.extras] : plan.paths)
        writeLine(io.stdout, `  ${path}`);
      return EXIT_SUCCESS;
    }
    if (!options.yes) {
      if (!io.stdin?.isTTY) {
        throw new HubgetError(
          'INVALID_ARGUMENT',
          `Not on a terminal: pass --yes to delete ${describe(plan)}`,
        );
      }
      if (!(await confirm(io, `Delete ${describe(plan)}?`))) {
        writeLine(io.stderr, 'Nothing deleted.');
        return EXIT_SUCCESS;
      }
    }
    const { freedBytes } = await deleteFromCache(plan);
    writeLine(io.stdout, `Deleted ${plan.repo.repoId}: freed ${formatBytes(freedBytes)}`);
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(io, error);
  }
}
