/** `hubget ls`: the run (registered in ls-command.ts). Reference: docs/cli-models.md. */
import type { ScannedModel } from '../cache/index.js';
import { colonAfter, endSentence } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { formatBytes, formatDay, plural } from '../format/units.js';
import { resolveDataDir } from '../hubget-folders.js';
import { diskState } from '../model-status.js';
import { EXIT_SUCCESS, reportFailure } from './cli-error.js';
import { type CliIo, tableWidth, writeLine } from './cli-io.js';
import { fitLines, joinItems } from './format-table.js';
import { scanInstalled } from './installed-scan.js';
import type { LsOptions } from './ls-command.js';
import { type ListedModel, withPlans } from './ls-plans.js';
import { formatTableWithPath } from './table-paths.js';
import { lineWriter } from './terminal-lines.js';

/** REPO of a local dir no hubget marker names (huggingface_hub made it: its records name no repo). */
const UNNAMED_REPO = '(not named)';

export async function runLs(options: LsOptions, io: CliIo): Promise<number> {
  try {
    // Notes on stderr: on a terminal broken at spaces to its width (terminal-lines.ts).
    const note = lineWriter(io.stderr);
    // The path, whole to a double-click: a dash after it, not a colon (path-punctuation.ts); quoted when it holds a
    // space (shell-word.ts), as every path the table says.
    const warn = (path: string, message: string) =>
      note(colonAfter(`warning: ${shellWord(path)}`, message, true));
    const {
      cacheDir,
      modelsDir,
      models: scanned,
      linkedAgainBytes,
    } = await scanInstalled(options, io, (warning) => warn(warning.path, warning.message));
    const models = await withPlans(scanned, resolveDataDir(options.dataDir, io.env), modelsDir, warn);
    if (options.json) {
      for (const model of models) writeLine(io.stdout, JSON.stringify(model));
      return EXIT_SUCCESS;
    }
    if (models.length === 0) {
      note(endSentence(`Nothing installed in ${shellWord(cacheDir)} or ${shellWord(modelsDir)}`));
      return EXIT_SUCCESS;
    }
    const width = tableWidth(io);
    // The GGUF quantizations each repo holds whole (`InstalledModel.quants`, the Model Manager's "Q4_K_M and
    // Q8_0"): which of a repo's quantizations are on disk is what `rm` and a new download are decided on. Only
    // when a listed repo has any, so a cache of other models keeps `hf cache scan`'s columns.
    const quantsColumn = models.some((model) => model.quants.length > 0)
      ? [
          {
            header: 'QUANTS',
            value: (model: ListedModel) => joinItems(model.quants),
            // Its first quantizations and how many more (`Q4_K_M, Q8_0, +3`) on a narrow terminal.
            cut: 'items' as const,
          },
        ]
      : [];
    // WHERE whole, to copy: in its column when the table fits with it, else below each row (table-paths.ts); quoted
    // when it holds a space, which read as two cells and copied as two words (shell-word.ts). --json keeps it raw.
    const where = {
      header: 'WHERE',
      value: (model: ListedModel) => shellWord(model.path),
      below: (model: ListedModel) => shellWord(model.path),
    };
    const lines = formatTableWithPath(
      models,
      [
        // Never cut: the id is what `hubget rm` and `hubget download` take. Too wide for the room the other columns
        // leave it (a long id at 40 or 60 columns), it goes on a line of its own above its row. A local dir no hubget
        // marker names has no id (its folder's name, which the scan puts there, is none): WHERE says which it is.
        { header: 'REPO', value: (model) => (model.unnamedRepo ? UNNAMED_REPO : model.repoId), above: true },
        { header: 'TYPE', value: (model) => model.repoType, optional: true },
        {
          header: 'REVISIONS',
          value: (model) => String(model.revisions.length),
          align: 'right',
          optional: true,
        },
        { header: 'SIZE', value: (model) => formatBytes(model.sizeOnDisk), align: 'right' },
        ...quantsColumn,
        { header: 'FILES', value: (model) => String(model.files), align: 'right', optional: true },
        // The server's rule of a model that lacks files (diskState): a download of any program that did not
        // finish left its temp files, or the latest plan of hubget's server (its stored jobs) is not all there.
        // SIZE is what `hf cache scan` counts (finished files); what the temp files hold is said here.
        // On a narrow terminal `partial` alone: the last line says the bytes (format-table.ts fits the width).
        { header: 'STATE', value: stateOf, narrow: (model) => (isPartial(model) ? 'partial' : 'ok') },
        { header: 'MODIFIED', value: (model) => formatDay(model.lastModified), optional: true },
      ],
      where,
      width,
    );
    for (const line of [...lines, ...fitLines(totalForms(models, linkedAgainBytes), width)])
      writeLine(io.stdout, line);
    return EXIT_SUCCESS;
  } catch (error) {
    return reportFailure(io, error);
  }
}

function isPartial(model: ListedModel): boolean {
  return diskState(model) === 'partial';
}

/** `ok`, or `partial (1 of 6 files missing; 1 unfinished, 14.62 MB)`: what shows the model lacks files. */
function stateOf(model: ListedModel): string {
  if (!isPartial(model)) return 'ok';
  const reasons: string[] = [];
  const missing = model.plan?.missingFiles ?? 0;
  if (missing > 0) reasons.push(`${missing} of ${plural(model.plan?.files ?? 0, 'file')} missing`);
  if (model.unfinishedFiles > 0) {
    reasons.push(`${model.unfinishedFiles} unfinished, ${formatBytes(model.unfinishedBytes)}`);
  }
  return `partial (${reasons.join('; ')})`;
}

/**
 * The total line, and its shorter forms for a narrow terminal (fitLines): `2 repos, 2.00 kB on disk (and
 * 14.62 MB in unfinished downloads)`, then `…, 14.62 MB unfinished`, then that on a line of its own. The
 * unfinished bytes are always said: a narrow STATE leaves them out of the rows. A blob hard-linked between repos
 * (a fork's weights) is in each one's SIZE, as `hf cache scan` counts, but on disk once: the total counts it once
 * and says so (`62.91 MB linked between repos counted once`), so it matches `du`.
 */
function totalForms(models: readonly ScannedModel[], linkedAgainBytes: number): string[][] {
  const total = models.reduce((sum, model) => sum + model.sizeOnDisk, 0) - linkedAgainBytes;
  const unfinished = models.reduce((sum, model) => sum + model.unfinishedBytes, 0);
  // A repo in the HF cache and in a local dir is one repo in two copies (rows), as `hubget info` counts them.
  const repos = new Set(models.map((model) => `${model.repoType}/${model.repoId}`)).size;
  const counted =
    repos === models.length ? plural(repos, 'repo') : `${plural(repos, 'repo')} (${models.length} copies)`;
  const onDisk = `${counted}, ${formatBytes(total)} on disk`;
  const linked =
    linkedAgainBytes > 0 ? `${formatBytes(linkedAgainBytes)} linked between repos counted once` : '';
  if (unfinished === 0) return linked ? [[`${onDisk} (${linked})`], [onDisk, linked]] : [[onDisk]];
  const short = `${formatBytes(unfinished)} unfinished`;
  const more = linked ? [linked] : [];
  return [
    [`${onDisk} (and ${formatBytes(unfinished)} in unfinished downloads${linked ? `; ${linked}` : ''})`],
    [`${onDisk}, ${short}`, ...more],
    [onDisk, short, ...more],
  ];
}
