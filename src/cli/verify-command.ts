/**
 * `hubget verify [REPO[@REVISION]...]` — whether what is installed is intact: every file hashed again and compared
 * with the hash it is stored under, offline (src/transfer/verify-installed.ts); `--local-dir DIR` a local-dir
 * download (with one REPO, the repo it holds: a folder huggingface_hub made names none); no REPO, every repo in the HF cache. `--repair` deletes what is corrupt or missing and downloads it
 * again at its revision. Reference: docs/cli-verify.md.
 */
import type { Command } from 'commander';
import type { RepoType } from '../hub/index.js';
import { type DownloadReference, parseRmReference } from './argument-parsers.js';
import { CACHE_DIR_FLAGS, CACHE_DIR_HELP, repoTypeOption } from './cache-dir-option.js';
import { failUsage } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { ExitWith } from './download-command.js';
import { chooseRepo, type RepoChoice } from './repo-argument.js';

export interface VerifyOptions {
  repoType: RepoType;
  cacheDir?: string;
  localDir?: string;
  json?: boolean;
  repair?: boolean;
}

/**
 * What one `hubget verify` checks: repos (or one revision of each) in the HF cache, all of them, or a local dir — with
 * the repo it holds when one is given (`hubget verify org/x --local-dir DIR`: a folder huggingface_hub made has no
 * hubget marker to name it, and a repair needs it).
 */
export type VerifySelection =
  | { repos: RepoChoice[] }
  | { everything: true }
  | { localDir: string; repo?: RepoChoice };

export function registerVerifyCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('verify')
    .description(
      'Check that installed files are intact: hash every file again and compare it with the hash it is stored under (offline); --repair fetches what is not',
    )
    .argument(
      '[REPO...]',
      'repository id, optionally with @REVISION (a branch, tag, or commit, full or its first 7+ characters), or its Hub URL; none: every repo in the HF cache',
      (text: string, previous: DownloadReference[] | undefined) => [
        ...(previous ?? []),
        parseRmReference(text),
      ],
    )
    .addOption(repoTypeOption())
    .option(CACHE_DIR_FLAGS, CACHE_DIR_HELP)
    .option(
      '--local-dir <dir>',
      'verify this local-dir download (a folder made by download --local-dir) instead; a REPO given names the repo it holds',
    )
    .option('--json', 'one JSON object per repo or local dir verified (NDJSON) on stdout')
    .option(
      '--repair',
      'delete the files found corrupt or missing and download them again at their revision (asks the Hub)',
    )
    .action(async (references: DownloadReference[] | undefined, options: VerifyOptions, command: Command) => {
      const given = references ?? [];
      if (options.localDir !== undefined && given.length > 1) {
        failUsage(command, 'with --local-dir DIR give at most one REPO: the repo the folder holds');
      }
      for (const reference of given) {
        if (reference.quant !== undefined)
          failUsage(command, `verify takes a repo, not one quantization (${reference.repoId})`);
        if (options.localDir !== undefined && reference.revision !== undefined)
          failUsage(
            command,
            `a local dir's files name their commits: give ${reference.repoId} without @REVISION`,
          );
      }
      const held =
        options.localDir !== undefined && given[0] ? chooseRepo(command, given[0], options) : undefined;
      const selection: VerifySelection =
        options.localDir !== undefined
          ? { localDir: options.localDir, ...(held && { repo: held }) }
          : given.length === 0
            ? { everything: true }
            : { repos: given.map((reference) => chooseRepo(command, reference, options)) };
      const { runVerify } = await import('./verify-run.js');
      exitWith(await runVerify(selection, options, io));
    });
}
