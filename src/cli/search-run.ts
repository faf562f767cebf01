/** `hubget search`: the run (registered in search-command.ts). Reference: docs/cli-models.md. */

import { formatCount, formatDay } from '../format/units.js';
import {
  type HubSearchItem,
  INTERACTIVE_RETRY_POLICY,
  loadHubConfig,
  MAX_SEARCH_LIMIT,
  type SearchSort,
  searchHub,
} from '../hub/index.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, tableWidth, writeLine } from './cli-io.js';
import { formatTable } from './format-table.js';
import type { SearchOptions } from './search-command.js';

const SORTS: Record<SearchOptions['sort'], SearchSort> = {
  downloads: 'downloads',
  likes: 'likes',
  trending: 'trending',
  updated: 'lastModified',
};

/** Who can download it: `public`, `gated` (access to request), `private`, or `private, gated`. */
const accessLabel = (item: HubSearchItem) =>
  [item.private ? 'private' : '', item.gated ? 'gated' : ''].filter(Boolean).join(', ') || 'public';

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
        limit: options.limit,
      },
      // A person waits: a refused Hub fails within a second (it took 5 tries, ≈ 10 s).
      { retry: INTERACTIVE_RETRY_POLICY },
    );
    if (options.json) {
      for (const item of page.items) writeLine(io.stdout, JSON.stringify(item));
      return EXIT_SUCCESS;
    }
    if (page.items.length === 0) {
      writeLine(io.stderr, 'No repositories match.');
      return EXIT_SUCCESS;
    }
    const lines = formatTable(
      page.items,
      [
        { header: 'ID', value: (item) => item.repoId, cut: 'end' },
        { header: 'DOWNLOADS', value: (item) => formatCount(item.downloads), align: 'right' },
        { header: 'LIKES', value: (item) => formatCount(item.likes), align: 'right', optional: true },
        { header: 'UPDATED', value: (item) => formatDay(item.lastModified), optional: true },
        { header: 'ACCESS', value: accessLabel },
      ],
      tableWidth(io),
    );
    for (const line of lines) writeLine(io.stdout, line);
    if (page.nextCursor) {
      writeLine(
        io.stderr,
        options.limit < MAX_SEARCH_LIMIT
          ? `More results: raise --limit (up to ${MAX_SEARCH_LIMIT}) or narrow the query.`
          : 'More results: narrow the query (a word more, --author, --filter).',
      );
    }
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(io, error);
  }
}
