/**
 * `hubget search QUERY` — Hub search (`GET /api/models` / `/api/datasets`) as a table (id, downloads,
 * likes, updated, gated) or NDJSON with --json. Reference: docs/cli.md.
 */
import { type Command, Option } from 'commander';
import { loadHubConfig } from '../hub/config.js';
import { type HubSearchItem, MAX_SEARCH_LIMIT, type SearchSort, searchHub } from '../hub/index.js';
import { parsePositiveInteger } from './argument-parsers.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, writeLine } from './cli-io.js';
import type { ExitWith } from './download-command.js';
import { formatCount, formatDay, formatTable } from './format-table.js';

interface SearchOptions {
  filter?: string[];
  author?: string;
  sort: 'downloads' | 'likes' | 'trending' | 'updated';
  limit: number;
  repoType: 'model' | 'dataset';
  json?: boolean;
  token?: string;
  endpoint?: string;
}

const SORTS: Record<SearchOptions['sort'], SearchSort> = {
  downloads: 'downloads',
  likes: 'likes',
  trending: 'trending',
  updated: 'lastModified',
};

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
    .option(`--limit <n>`, `results to show (at most ${MAX_SEARCH_LIMIT})`, parsePositiveInteger, 20)
    .addOption(
      new Option('--repo-type <type>', 'what to search').choices(['model', 'dataset']).default('model'),
    )
    .option('--json', 'one JSON object per result (NDJSON) on stdout')
    .option('--token <token>', 'Hub token (default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, $HF_HOME/token)')
    .option('--endpoint <url>', 'Hub endpoint (default: HF_ENDPOINT or https://huggingface.co)')
    .action(async (query: string | undefined, options: SearchOptions) => {
      exitWith(await runSearch(query, options, io));
    });
}

const gatedLabel = (item: HubSearchItem) =>
  [item.gated ? 'gated' : '', item.private ? 'private' : ''].filter(Boolean).join(',') || '-';

export async function runSearch(
  query: string | undefined,
  options: SearchOptions,
  io: CliIo,
): Promise<number> {
  try {
    const hub = await loadHubConfig({ endpoint: options.endpoint, token: options.token, env: io.env });
    const page = await searchHub(
      hub,
      {
        repoType: options.repoType,
        ...(query === undefined ? {} : { search: query }),
        ...(options.author === undefined ? {} : { author: options.author }),
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        sort: SORTS[options.sort],
        limit: Math.min(options.limit, MAX_SEARCH_LIMIT),
      },
      { retry: { maxAttempts: 1 } },
    );
    if (options.json) {
      for (const item of page.items) writeLine(io.stdout, JSON.stringify(item));
      return EXIT_SUCCESS;
    }
    if (page.items.length === 0) {
      writeLine(io.stderr, 'No repositories match.');
      return EXIT_SUCCESS;
    }
    const lines = formatTable(page.items, [
      { header: 'ID', value: (item) => item.repoId },
      { header: 'DOWNLOADS', value: (item) => formatCount(item.downloads), align: 'right' },
      { header: 'LIKES', value: (item) => formatCount(item.likes), align: 'right' },
      { header: 'UPDATED', value: (item) => formatDay(item.lastModified) },
      { header: 'GATED', value: gatedLabel },
    ]);
    for (const line of lines) writeLine(io.stdout, line);
    if (page.nextCursor)
      writeLine(io.stderr, `More results: raise --limit (up to ${MAX_SEARCH_LIMIT}) or narrow the query.`);
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(io, error);
  }
}
