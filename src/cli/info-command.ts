/**
 * `hubget info REPO[@REVISION][:QUANT]` — what a repo holds before it is downloaded: its access (public,
 * private, gated and whether this token may fetch it), its files by group with sizes, its GGUF quantizations
 * with their sizes, whether each would run in this machine's GPU memory or RAM and fit on its disk, and what of
 * it is already here; `--files` lists every file, `:QUANT` the files `hubget download REPO:QUANT` would fetch.
 * `--json` says it as one object. Reference: docs/cli-models.md.
 */
import type { Command } from 'commander';
import type { RepoType } from '../hub/index.js';
import { type DownloadReference, parseEndpointArgument, parseRepoReference } from './argument-parsers.js';
import {
  CACHE_DIR_FLAGS,
  CACHE_DIR_HELP,
  MODELS_DIR_FLAGS,
  MODELS_DIR_HELP,
  repoTypeOption,
} from './cache-dir-option.js';
import type { CliIo } from './cli-io.js';
import type { ExitWith } from './download-command.js';
import { ENDPOINT_FLAGS, ENDPOINT_HELP, TOKEN_FLAGS, TOKEN_HELP } from './hub-options.js';
import { chooseRepo, type RepoChoice } from './repo-argument.js';

/** The repo, and perhaps one quantization or (a file's Hub URL) one file, to say more of. */
export interface InfoSelection {
  repo: RepoChoice;
  quant?: string;
  file?: string;
}

export interface InfoOptions {
  repoType: RepoType;
  revision?: string;
  files?: boolean;
  json?: boolean;
  token?: string;
  endpoint?: string;
  cacheDir?: string;
  modelsDir?: string;
}

export function registerInfoCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('info')
    .alias('show')
    .description(
      'Show a Hub repository before downloading it: access, files and sizes, GGUF quantizations and whether they fit this machine, what is already here',
    )
    .argument(
      '<REPO>',
      'repository id, optionally with @REVISION and/or :QUANT (one GGUF quantization: list its files), e.g. org/name:Q4_K_M; or its Hub URL',
      parseRepoReference,
    )
    .addOption(repoTypeOption())
    .option('--revision <rev>', 'branch, tag or commit (default: main)')
    .option('--files', 'list every file with its size and whether it is here')
    .option('--json', 'everything as one JSON object on stdout')
    .option(CACHE_DIR_FLAGS, `${CACHE_DIR_HELP}; what is installed there is shown`)
    .option(MODELS_DIR_FLAGS, `${MODELS_DIR_HELP}; what is installed there is shown`)
    .option(TOKEN_FLAGS, TOKEN_HELP)
    .option(ENDPOINT_FLAGS, ENDPOINT_HELP, parseEndpointArgument)
    .action(async (reference: DownloadReference, options: InfoOptions, command: Command) => {
      const selection: InfoSelection = {
        repo: chooseRepo(command, reference, options),
        ...(reference.quant !== undefined && { quant: reference.quant }),
        ...(reference.filename !== undefined && { file: reference.filename }),
      };
      const { runInfo } = await import('./info-run.js');
      exitWith(await runInfo(selection, options, io));
    });
}
