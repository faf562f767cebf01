/** `hubget verify`: the run (registered in verify-command.ts). Reference: docs/cli-verify.md. */

import { resolve } from 'node:path';
import { scanHubCacheReport } from '../cache/scan-cache.js';
import { DEFAULT_MAX_CONCURRENT_FILES } from '../defaults.js';
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import type { RepoRef } from '../hub/types.js';
import {
  cachedRepoPlace,
  localDirPlace,
  type PlaceToVerify,
  verifyItems,
} from '../transfer/verify-installed.js';
import {
  checkedBytes,
  type FileProblem,
  isBad,
  placeJson,
  problemsOf,
  type VerifiedPlace,
} from '../transfer/verify-problems.js';
import {
  localDirRepo,
  removeNotIntact,
  repairDownloads,
  unnamedRepoRefusal,
} from '../transfer/verify-repair.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, writeLine } from './cli-io.js';
import { runDownload } from './download-command.js';
import { commandWriter, lineWriter } from './terminal-lines.js';
import { progressBar } from './verify-bar.js';
import type { VerifyOptions, VerifySelection } from './verify-command.js';
import { placeLines } from './verify-report.js';

type Unverified = PlaceToVerify & { label: string };

export async function runVerify(
  selection: VerifySelection,
  options: VerifyOptions,
  io: CliIo,
): Promise<number> {
  const controller = new AbortController();
  const removeHandler = io.onSignal('SIGINT', () => controller.abort());
  try {
    const places = await placesOf(selection, options, io);
    const note = lineWriter(io.stderr);
    // On a terminal broken at spaces to its width (a hash is not cut in two); piped, one line each.
    const say = lineWriter(io.stdout);
    for (const place of places)
      for (const warning of place.targets.warnings) note(`warning: ${warning.path} — ${warning.message}`);
    const total = places.reduce((sum, place) => sum + checkedBytes(place), 0);
    const bar = io.stderr.isTTY && !options.json ? progressBar(io, total) : undefined;
    let bad = 0;
    try {
      for (const place of places) {
        bar?.label(place.label);
        const verdicts = await verifyItems(place.targets.items, {
          signal: controller.signal,
          onBytes: (bytes) => bar?.add(bytes),
        });
        const verified: VerifiedPlace = { ...place, verdicts };
        const problems = problemsOf(verified);
        bar?.pause();
        if (!options.json) for (const line of placeLines(verified, problems)) say(line);
        const repaired =
          options.repair && problems.some(isBad) ? await repair(place, problems, options, io) : null;
        if (options.json) writeLine(io.stdout, JSON.stringify(placeJson(verified, problems, repaired)));
        else if (repaired === true)
          writeLine(io.stdout, `${place.label}: repaired (downloaded again and verified)`);
        bar?.resume();
        if (problems.some(isBad) && repaired !== true) bad += 1;
      }
    } finally {
      bar?.stop();
    }
    if (bad > 0 && !options.repair && !options.json) {
      // The command whole on a line of its own when the line does not fit: it is copied, not read.
      commandWriter(io.stderr)(
        'To delete what is not intact and download it again:',
        repairCommand(selection, options, places),
      );
    }
    return bad > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
  } catch (error) {
    if (controller.signal.aborted) {
      writeLine(io.stderr, 'Interrupted: nothing was changed');
      return EXIT_INTERRUPTED;
    }
    return reportFailure(io, error);
  } finally {
    removeHandler();
  }
}

async function placesOf(
  selection: VerifySelection,
  options: VerifyOptions,
  io: CliIo,
): Promise<Unverified[]> {
  if ('localDir' in selection) {
    const localDir = resolve(selection.localDir);
    const place = await localDirPlace(localDir);
    const named = selection.repo && { repoId: selection.repo.repoId, repoType: selection.repo.repoType };
    return [
      { ...place, repo: localDirRepo(shellWord(localDir), place.repo, named), label: shellWord(localDir) },
    ];
  }
  const cacheDir = resolveHubCacheDir({
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    env: io.env,
  });
  const asked: { repo: RepoRef; revision?: string }[] =
    'everything' in selection
      ? (await scanHubCacheReport(cacheDir)).models
          .filter((model) => model.location === 'cache')
          .map((model) => ({ repo: { repoId: model.repoId, repoType: model.repoType } }))
      : selection.repos.map(({ repoId, repoType, revision }) => ({
          repo: { repoId, repoType },
          ...(revision !== undefined && { revision }),
        }));
  if (asked.length === 0)
    throw new HubgetError('REPO_NOT_FOUND', `Nothing installed in the HF cache ${cacheDir}`);
  const places: Unverified[] = [];
  for (const { repo, revision } of asked) {
    const place = await cachedRepoPlace(cacheDir, repo, revision);
    // One revision asked: named by its commit, as the cache holds it.
    const commit = place.targets.items[0]?.names[0]?.commit;
    const label =
      revision !== undefined && commit !== undefined ? `${repo.repoId}@${commit.slice(0, 7)}` : repo.repoId;
    places.push({ ...place, label });
  }
  return places;
}

/**
 * Deletes the files not intact (a corrupt blob and the snapshot files naming it, a dangling snapshot file; in a local
 * dir the file and its record), while no download writes there, and downloads them again at their commits. True when
 * every download succeeded (each verifies what it fetches).
 */
async function repair(
  place: Unverified,
  problems: readonly FileProblem[],
  options: VerifyOptions,
  io: CliIo,
) {
  const bad = problems.filter(isBad);
  if (place.repo === undefined) {
    writeLine(io.stderr, `${place.label}: ${unnamedRepoRefusal(place.path)}`);
    return false;
  }
  const { place: where, repo } = place;
  await removeNotIntact(place.label, where, bad);
  // The download's own lines on stderr: stdout keeps verify's (with --json, its objects only).
  const downloadIo: CliIo = { ...io, stdout: io.stderr };
  let ok = true;
  for (const { commit, paths } of repairDownloads(bad)) {
    const status = await runDownload(
      { repoId: repo.repoId },
      paths,
      {
        repoType: repo.repoType,
        revision: commit,
        ...(where.kind === 'cache' ? { cacheDir: where.cacheDir } : { localDir: where.localDir }),
        maxWorkers: DEFAULT_MAX_CONCURRENT_FILES,
        limitRate: 0,
        logInterval: 5000,
        ...(options.json && { quiet: true }),
      },
      downloadIo,
    );
    ok &&= status === EXIT_SUCCESS;
  }
  return ok;
}

/** The command that repairs what was found; for a local dir, with the repo it holds (REPO when nothing names it). */
function repairCommand(
  selection: VerifySelection,
  options: VerifyOptions,
  places: readonly Unverified[],
): string {
  const words = ['hubget', 'verify'];
  if ('repos' in selection)
    for (const repo of selection.repos)
      words.push(shellWord(repo.revision === undefined ? repo.repoId : `${repo.repoId}@${repo.revision}`));
  if ('localDir' in selection) {
    const held = places[0]?.repo;
    if (selection.repo !== undefined) words.push(shellWord(selection.repo.repoId));
    else if (held === undefined) words.push('REPO');
    words.push('--local-dir', shellWord(selection.localDir));
  }
  if (options.cacheDir !== undefined) words.push('--cache-dir', shellWord(options.cacheDir));
  if (options.repoType !== 'model') words.push('--repo-type', options.repoType);
  return [...words, '--repair'].join(' ');
}
