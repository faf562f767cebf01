/**
 * `hubget ls` — what is installed, like `hf cache scan`: the HF hub cache and the models folder (local-dir
 * downloads), one row per repo: repo, type, revisions, size on disk, files, last modified, where.
 */
import type { Command } from 'commander';
import { CACHE_DIR_FLAGS, CACHE_DIR_HELP, MODELS_DIR_FLAGS, MODELS_DIR_HELP } from './cache-dir-option.js';
import type { CliIo } from './cli-io.js';
import type { ExitWith } from './download-command.js';

export interface LsOptions {
  json?: boolean;
  cacheDir?: string;
  modelsDir?: string;
  dataDir?: string;
}

export function registerLsCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('ls')
    .description('List installed models: the HF cache and the models folder (like `hf cache scan`)')
    .option('--json', 'one JSON object per repo (NDJSON) on stdout')
    .option(CACHE_DIR_FLAGS, CACHE_DIR_HELP)
    .option(MODELS_DIR_FLAGS, MODELS_DIR_HELP)
    .option(
      '--data-dir <dir>',
      "hubget server's data folder, whose download plans tell a model that lacks files (default: HUBGET_DATA_DIR, ~/.local/share/hubget)",
    )
    .action(async (options: LsOptions) => {
      const { runLs } = await import('./ls-run.js');
      exitWith(await runLs(options, io));
    });
}
