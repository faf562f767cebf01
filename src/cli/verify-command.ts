/**
 * `hubget verify [REPO[@REVISION]...]` — whether what is installed is intact: every file hashed again and compared
 * with the hash it is stored under, offline (src/transfer/verify-installed.ts); `--local-dir DIR` a local-dir
 * download; no REPO, every repo in the HF cache. `--repair` deletes what is corrupt or missing and downloads it
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

/** What one `hubget verify` checks: repos (or one revision of each) in the HF cache, all of them, or a local dir. */
export type VerifySelection = { repos: RepoChoice[] } | { everything: true } | { localDir: string };

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
      'verify this local-dir download (a folder made by download --local-dir) instead',
    )
    .option('--json', 'one JSON object per repo or local dir verified (NDJSON) on stdout')
    .option(
      '--repair',
      'delete the files found corrupt or missing and download them again at their revision (asks the Hub)',
    )
    .action(async (references: DownloadReference[] | undefined, options: VerifyOptions, command: Command) => {
      const given = references ?? [];
      if (options.localDir !== undefined && given.length > 0) {
        failUsage(command, 'give REPOs or --local-dir DIR, not both');
      }
      for (const reference of given) {
        if (reference.quant !== undefined)
          failUsage(command, `verify takes a repo, not one quantization (${reference.repoId})`);
      }
      const selection: VerifySelection =
        options.localDir !== undefined
          ? { localDir: options.localDir }
          : given.length === 0
            ? { everything: true }
            : { repos: given.map((reference) => chooseRepo(command, reference, options)) };
      const { runVerify } = await import('./verify-run.js');
      exitWith(await runVerify(selection, options, io));
    });
}
