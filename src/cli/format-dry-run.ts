/**
 * `--dry-run` output: every selected file with its size and what would happen to it — fetched, resumed,
 * copied (from where: the HF cache, another repo's folder there, a local dir), or already present — then the totals, whose parts add up to the
 * total. Nothing is fetched (the plan only lists and inspects the disk).
 *
 * Fitted to the terminal (`width`: stdout's columns when it is one, cli-io.ts tableWidth; piped, every line
 * whole): the first line and the totals break at spaces (wrap-words.ts), and what a row says after a file's path
 * wraps within the path's column. A path is never broken, which the user copies: the commit and the result's path,
 * longer than a line, are said whole on a line of their own, and a file's path too long for its column goes whole
 * on an indented line below its row (as `hubget ls`'s WHERE: table-paths.ts), for the terminal to wrap when
 * longer than a line. Broken after a `/` with a newline and an indent, it was copied with them.
 */

import { copyPlacesWords } from '../format/copy-places.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { formatBytes, linkedOfCopyWords } from '../format/units.js';
import type { DownloadPlan, PlannedFile } from '../transfer/index.js';
import { copiedFromOf } from '../transfer/plan-event.js';
import { cellWidth } from './format-table.js';
import { wrapWords } from './renderers/wrap-words.js';
import { PATH_INDENT } from './table-paths.js';

type Action = 'present' | 'resume' | 'copy' | 'fetch';

/** The fewest columns the words after a path wrap into beside its action and size; narrower, they go on at the edge. */
const MIN_PATH_COLUMNS = 12;

export function formatDryRun(plan: DownloadPlan, width = Number.POSITIVE_INFINITY): string[] {
  // Piped (width infinite), every line whole.
  const wrap = (line: string, columns: number) => wrapWords(line, columns, cellWidth);
  const { repo } = plan.request;
  const quant = plan.request.quant === undefined ? '' : `:${plan.request.quant}`;
  const lines = wrap(
    `[dry-run] ${repo.repoType} ${repo.repoId}${quant} @ ${plan.revision} (${plan.commit}) -> ${shellWord(plan.resultPath)}`,
    width,
  );
  const sizeWidth = Math.max(4, ...plan.files.map((file) => formatBytes(file.size).length));
  lines.push(`${'action'.padEnd(8)}  ${'size'.padStart(sizeWidth)}  path`);
  const pathColumn = 8 + 2 + sizeWidth + 2;
  for (const file of plan.files) {
    const row = `${actionOf(file).padEnd(8)}  ${formatBytes(file.size).padStart(sizeWidth)}`;
    if (cellWidth(file.path) > width - pathColumn) {
      lines.push(row, ...wrap(`${PATH_INDENT}${describe(file)}`, width));
      continue;
    }
    const [first = '', ...rest] = wrap(describe(file), Math.max(MIN_PATH_COLUMNS, width - pathColumn));
    lines.push(`${row}  ${first}`);
    for (const part of rest) lines.push(`${' '.repeat(pathColumn)}${part}`);
  }
  lines.push(...wrap(summaryLine(plan), width));
  return lines;
}

/**
 * `Would fetch 4 of 6 files, copy 2 from the HF cache: 45.00 kB to download, 20.47 kB to copy, …` (into the cache:
 * `copy 2 from the local dir /home/ada/models/x and org/fork in the HF cache`: every place, copy-places.ts; a fork's
 * weights another repo's folder holds are linked: `300.00 kB to copy (linked: no room taken)`).
 */
function summaryLine(plan: DownloadPlan): string {
  const actions = plan.files.map(actionOf);
  const toFetch = actions.filter((action) => action === 'fetch' || action === 'resume').length;
  const toCopy = actions.filter((action) => action === 'copy').length;
  const resumedBytes = plan.files.reduce((sum, file) => sum + file.partialBytes, 0);
  const head =
    `Would fetch ${toFetch} of ${plan.files.length} files` +
    (toCopy > 0 ? `, copy ${toCopy} from ${copyPlacesWords(copiedFromOf(plan.files))}` : '');
  const parts = [
    `${formatBytes(plan.bytesToFetch)} to download`,
    ...(resumedBytes > 0 ? [`${formatBytes(resumedBytes)} already fetched`] : []),
    ...(toCopy > 0 ? [`${formatBytes(plan.copiedBytes)} to copy${linkedNote(plan)}`] : []),
    `${formatBytes(plan.presentBytes)} already present`,
    `${formatBytes(plan.totalBytes)} in total`,
  ];
  return colonAfter(head, parts.join(', '));
}

/** ` (linked: no room taken)`: the copies a plan hard-links (a fork's weights), which take no room; '' for none. */
function linkedNote(plan: DownloadPlan): string {
  const words = linkedOfCopyWords(plan.copiedBytes, plan.linkedBytes);
  return words ? ` (${words})` : '';
}

/** `--dry-run --json`: one object, a superset of the `plan` TransferEvent. */
export function dryRunJson(plan: DownloadPlan): Record<string, unknown> {
  return {
    type: 'plan',
    dryRun: true,
    repoId: plan.request.repo.repoId,
    ...(plan.request.quant !== undefined && { quant: plan.request.quant }),
    repoType: plan.request.repo.repoType,
    revision: plan.revision,
    commit: plan.commit,
    totalBytes: plan.totalBytes,
    presentBytes: plan.presentBytes,
    resumedBytes: plan.files.reduce((sum, file) => sum + file.partialBytes, 0),
    copiedBytes: plan.copiedBytes,
    ...(plan.copiedBytes > 0 && { copiedFrom: copiedFromOf(plan.files) }),
    ...(plan.linkedBytes > 0 && { linkedBytes: plan.linkedBytes }),
    bytesToFetch: plan.bytesToFetch,
    filesTotal: plan.files.length,
    filesPresent: plan.files.filter((file) => file.present).length,
    filesCopied: plan.files.filter((file) => actionOf(file) === 'copy').length,
    resultPath: plan.resultPath,
    files: plan.files.map((file) => ({
      path: file.path,
      size: file.size,
      present: file.present,
      partialBytes: file.partialBytes,
      action: actionOf(file),
      ...(actionOf(file) === 'copy' && file.copiedFrom !== undefined && { copiedFrom: file.copiedFrom }),
      ...(actionOf(file) === 'copy' && file.linkable === true && { linked: true }),
    })),
  };
}

function actionOf(file: PlannedFile): Action {
  if (file.present) return 'present';
  if (file.cachedBlobPath !== undefined) return 'copy';
  return file.partialBytes > 0 ? 'resume' : 'fetch';
}

/** The file's path (quoted with a space, as every path the CLI says: shell-word.ts) and what its action takes. */
function describe(file: PlannedFile): string {
  const path = shellWord(file.path);
  switch (actionOf(file)) {
    case 'resume':
      return `${path} (${formatBytes(file.partialBytes)} already fetched)`;
    case 'copy':
      // A fork's weights another repo's folder holds are hard-linked, not copied (docs/cache-hard-links.md).
      return `${path} (${file.linkable ? 'linked ' : ''}from ${copyPlacesWords(copiedFromOf([file]))})`;
    default:
      return path;
  }
}
