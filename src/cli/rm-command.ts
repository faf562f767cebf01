/**
 * `hubget rm REPO[@REVISION]...` — delete from the HF cache like `hf cache delete`: a revision's snapshot and
 * refs, and only the blobs no other revision uses (src/cache/delete-cache.ts); without a revision, the whole
 * repo; `REPO:QUANT` deletes one GGUF quantization's files and the blobs only they used, in every revision
 * (src/cache/delete-quant.ts); several REPOs go together, a blob they hard-link between them counted as freed
 * (src/cache/freed-together.ts). `hubget rm --local-dir DIR` deletes a local-dir download instead (src/cache/delete-local-dir.ts),
 * and `REPO:QUANT --local-dir DIR` one quantization of it (rm-local-quant.ts).
 * Says how much it frees, asks on a terminal (--yes skips, --dry-run only tells; --json says it as one object and
 * asks nothing: rm-json.ts), and refuses while a job of
 * hubget's server (queued, running or paused: src/jobs/active-jobs.ts) or any other download owns files there
 * (src/transfer/downloads-here.ts).
 */
import type { Command } from 'commander';
import type { RepoType } from '../hub/index.js';
import { type DownloadReference, parseRmReference } from './argument-parsers.js';
import {
  CACHE_DIR_FLAGS,
  CACHE_DIR_HELP,
  MODELS_DIR_FLAGS,
  MODELS_DIR_HELP,
  repoTypeOption,
} from './cache-dir-option.js';
import { failUsage } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { ExitWith } from './download-command.js';
import { chooseRepo, type RepoChoice } from './repo-argument.js';

/**
 * What one `hubget rm` deletes: a repo (or one revision, or one GGUF quantization: `quant`) in the HF cache, or
 * a local-dir download.
 */
export type RmSelection =
  | {
      repo: RepoChoice;
      quant?: string;
      /** With `quant`: the local-dir download it goes from (`--local-dir DIR`), not the HF cache. */
      inLocalDir?: string;
    }
  | { localDir: string };

export interface RmOptions {
  repoType: RepoType;
  cacheDir?: string;
  /** Where REPO:QUANT looks for local-dir downloads of REPO when the HF cache does not hold it (rm-local-quant.ts). */
  modelsDir?: string;
  localDir?: string;
  dataDir?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerRmCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('rm')
    .description(
      'Delete a repo (or one revision, or one GGUF quantization) from the HF cache, freeing the blobs nothing else uses; or a local-dir download',
    )
    .argument(
      '[REPO...]',
      'repository id, optionally with @REVISION (a branch, tag, or commit, full or its first 7+ characters), e.g. org/name@main, and/or :QUANT (one GGUF quantization, e.g. org/name:Q8_0); or its Hub URL. Several are deleted together, a blob they link between them freed',
      (text: string, previous: DownloadReference[] | undefined) => [
        ...(previous ?? []),
        parseRmReference(text),
      ],
    )
    .addOption(repoTypeOption())
    .option(CACHE_DIR_FLAGS, CACHE_DIR_HELP)
    .option(MODELS_DIR_FLAGS, `${MODELS_DIR_HELP}; REPO:QUANT looks there when the HF cache does not hold it`)
    .option(
      '--local-dir <dir>',
      'delete this local-dir download (a folder made by download --local-dir) instead of a repo in the HF cache; with REPO:QUANT, that quantization in it',
    )
    .option(
      '--data-dir <dir>',
      "hubget server's data folder, whose queued, running or paused jobs block the delete (default: HUBGET_DATA_DIR, ~/.local/share/hubget)",
    )
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'say what would be deleted and freed; delete nothing')
    .option(
      '--json',
      'the plan, or what was deleted, as one JSON object on stdout (asks nothing: with --yes or --dry-run)',
    )
    .action(async (references: DownloadReference[] | undefined, options: RmOptions, command: Command) => {
      const given = references ?? [];
      const [reference] = given;
      // What to delete is a usage matter, like a missing argument of any other command (exit 2).
      // Both only for one quantization of a local dir (REPO:QUANT --local-dir DIR): a local dir is deleted whole.
      if (options.localDir !== undefined && given.length > 1) {
        failUsage(
          command,
          '--local-dir DIR deletes one local-dir download (or REPO:QUANT of it): name one REPO',
        );
      }
      if (options.localDir !== undefined && reference !== undefined && reference.quant === undefined) {
        failUsage(
          command,
          'give a REPO or --local-dir DIR, not both; one quantization of a local dir is REPO:QUANT --local-dir DIR',
        );
      }
      if (options.localDir === undefined && reference === undefined) {
        failUsage(command, 'name what to delete: a REPO[@REVISION][:QUANT] or --local-dir DIR');
      }
      // A script's output, not a conversation: it says up front whether to delete.
      if (options.json && !options.yes && !options.dryRun) {
        failUsage(command, '--json asks nothing: add --yes to delete, or --dry-run to see what would go');
      }
      const selections: RmSelection[] =
        reference === undefined
          ? [{ localDir: options.localDir as string }]
          : given.map((each) => ({
              repo: chooseRepo(command, each, options),
              ...(each.quant !== undefined && { quant: each.quant }),
              ...(options.localDir !== undefined && { inLocalDir: options.localDir }),
            }));
      const { runRm } = await import('./rm-run.js');
      exitWith(await runRm(selections, options, io));
    });
}
