/** `hubget search`: the run (registered in search-command.ts). Reference: docs/cli-models.md. */

import type { ScannedModel } from '../cache/index.js';
import { formatCount, formatDay } from '../format/units.js';
import {
  type HubSearchItem,
  INTERACTIVE_RETRY_POLICY,
  loadHubConfig,
  MAX_SEARCH_LIMIT,
  type SearchSort,
  searchHub,
} from '../hub/index.js';
import { repoCopies } from '../models/repo-copies.js';
import { localDirsByRepo } from '../transfer/local-dir-copies.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, tableWidth, writeLine } from './cli-io.js';
import { type Column, formatTable, joinItems } from './format-table.js';
import { scanInstalled } from './installed-scan.js';
import type { SearchOptions } from './search-command.js';
import { lineWriter } from './terminal-lines.js';

const SORTS: Record<SearchOptions['sort'], SearchSort> = {
  downloads: 'downloads',
  likes: 'likes',
  trending: 'trending',
  updated: 'lastModified',
};

/** Who can download it: `public`, `gated` (access to request), `private`, or `private, gated`. */
const accessLabel = (item: HubSearchItem) =>
  [item.private ? 'private' : '', item.gated ? 'gated' : ''].filter(Boolean).join(', ') || 'public';

/**
 * A result and what of it is installed here (the server's search says the same, by the same rule:
 * src/models/repo-copies.ts): `installed`, some revision of it is in the HF cache or a local-dir download names it;
 * `installedQuants`, the GGUF quantizations held whole (`hubget ls`'s QUANTS): those of the installed copy (the
 * cache's first), then those of the local dirs a download into the cache would copy from that it lacks.
 */
export interface SearchResultLine extends HubSearchItem {
  installed: boolean;
  installedQuants: string[];
}

function withInstalled(
  item: HubSearchItem,
  installed: readonly ScannedModel[],
  localDirsOf: (repo: Pick<HubSearchItem, 'repoType' | 'repoId'>) => readonly string[],
): SearchResultLine {
  const here = repoCopies(installed, item, localDirsOf);
  return { ...item, installed: here.installed, installedQuants: here.quants };
}

/** `Q4_K_M, Q8_0` (the quantizations it holds), `yes` for an installed repo without any, `-` when not installed. */
const installedLabel = (line: SearchResultLine) =>
  line.installedQuants.length > 0 ? joinItems(line.installedQuants) : line.installed ? 'yes' : '-';

export async function runSearch(
  query: string | undefined,
  options: SearchOptions,
  io: CliIo,
): Promise<number> {
  try {
    const hub = await loadHubConfig({ endpoint: options.endpoint, token: options.token, env: io.env });
    // Read while the Hub answers. Its warnings (a corrupted cache entry) are `hubget ls`'s to say.
    const installed = scanInstalled(options, io).then(async (scan) => ({
      models: scan.models,
      localDirsOf: await localDirsByRepo(scan.modelsDir),
    }));
    const found = searchHub(
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
    const [page, scan] = await Promise.all([found, installed]);
    const lines = page.items.map((item) => withInstalled(item, scan.models, scan.localDirsOf));
    if (options.json) {
      for (const line of lines) writeLine(io.stdout, JSON.stringify(line));
      return EXIT_SUCCESS;
    }
    if (lines.length === 0) {
      lineWriter(io.stderr)('No repositories match.');
      return EXIT_SUCCESS;
    }
    // Only when a result is installed, as `hubget ls` shows QUANTS: a search of other repos keeps its columns.
    const installedColumn: Column<SearchResultLine>[] = lines.some((line) => line.installed)
      ? [{ header: 'INSTALLED', value: installedLabel, cut: 'items' }]
      : [];
    const table = formatTable(
      lines,
      [
        // Never cut: the id is what `hubget download` takes. Too wide for the room the other columns leave it (a long
        // id at 40 or 60 columns), it goes on a line of its own above its row, as `hubget ls`'s REPO (format-table.ts).
        { header: 'ID', value: (line) => line.repoId, above: true },
        { header: 'DOWNLOADS', value: (line) => formatCount(line.downloads), align: 'right' },
        { header: 'LIKES', value: (line) => formatCount(line.likes), align: 'right', optional: true },
        { header: 'UPDATED', value: (line) => formatDay(line.lastModified), optional: true },
        { header: 'ACCESS', value: accessLabel },
        ...installedColumn,
      ],
      tableWidth(io),
    );
    for (const line of table) writeLine(io.stdout, line);
    if (page.nextCursor) {
      // On a terminal broken at spaces to its width (terminal-lines.ts).
      lineWriter(io.stderr)(
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
