/**
 * `hubget search QUERY` — Hub search (`GET /api/models` / `/api/datasets`) as a table (id, downloads,
 * likes, updated, access, and what of each result is installed here) or NDJSON with --json. Reference:
 * docs/cli-models.md.
 */
import { type Command, Option } from 'commander';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../hub/search-limits.js';
import { parseEndpointArgument, parseSearchLimit } from './argument-parsers.js';
import { CACHE_DIR_FLAGS, CACHE_DIR_HELP, MODELS_DIR_FLAGS, MODELS_DIR_HELP } from './cache-dir-option.js';
import type { CliIo } from './cli-io.js';
import type { ExitWith } from './download-command.js';
import { ENDPOINT_FLAGS, ENDPOINT_HELP, TOKEN_FLAGS, TOKEN_HELP } from './hub-options.js';

export interface SearchOptions {
  filter?: string[];
  author?: string;
  sort: 'downloads' | 'likes' | 'trending' | 'updated';
  limit: number;
  repoType: 'model' | 'dataset';
  json?: boolean;
  token?: string;
  endpoint?: string;
  /** Where installed repos are looked for, to mark the results (installed-scan.ts). */
  cacheDir?: string;
  modelsDir?: string;
}

export function registerSearchCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('search')
    .description('Search the Hugging Face Hub for models or datasets')
    .argument('[QUERY]', 'words in the repository id')
    .option('--filter <tags...>', 'only repos with these tags, e.g. gguf, text-generation, diffusers')
    .option('--author <name>', 'only repos of this user or organisation')
    .addOption(
      new Option('--sort <key>', 'order, highest first')
        .choices(['downloads', 'likes', 'trending', 'updated'])
        .default('downloads'),
    )
    .option(
      `--limit <n>`,
      `results to show, 1 to ${MAX_SEARCH_LIMIT}`,
      parseSearchLimit,
      DEFAULT_SEARCH_LIMIT,
    )
    .addOption(
      new Option('--repo-type <type>', 'what to search').choices(['model', 'dataset']).default('model'),
    )
    .option('--json', 'one JSON object per result (NDJSON) on stdout')
    .option(CACHE_DIR_FLAGS, `${CACHE_DIR_HELP}; results installed there are marked`)
    .option(MODELS_DIR_FLAGS, `${MODELS_DIR_HELP}; results installed there are marked`)
    .option(TOKEN_FLAGS, TOKEN_HELP)
    .option(ENDPOINT_FLAGS, ENDPOINT_HELP, parseEndpointArgument)
    .action(async (query: string | undefined, options: SearchOptions) => {
      // The Hub client loads only when the command runs (startup of other commands stays light).
      const { runSearch } = await import('./search-run.js');
      exitWith(await runSearch(query, options, io));
    });
}
