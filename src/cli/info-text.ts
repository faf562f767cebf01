/**
 * `hubget info`'s text: the report (info-report.ts) as lines fitted to the terminal's width (the tables drop and
 * cut columns, a line of words breaks at a space; piped, every line stays whole). A path is never broken: longer
 * than a line, it is said whole on a line of its own and the terminal wraps it (wrap-words.ts), so it copies as one
 * line. Pure. Reference: docs/cli-models.md.
 */

import { cachedAsWords } from '../format/copy-places.js';
import { machineMemoryWords } from '../format/machine-memory.js';
import { shellWord } from '../format/shell-word.js';
import { formatBytes, formatCount, formatDay, plural } from '../format/units.js';
import type { GatedDenial } from '../hub/gated-denial.js';
import { shortCommit } from '../hub/short-commit.js';
import { type Column, fitLines, formatTable, joinItems } from './format-table.js';
import type { InfoCopy, InfoFile, InfoQuant, InfoReport } from './info-report.js';
import { displayWidth } from './renderers/terminal-width.js';
import { wrapWords } from './renderers/wrap-words.js';
import { formatTableWithPath, PATH_INDENT } from './table-paths.js';
import { commandSplit } from './terminal-lines.js';

const DENIAL_WORDS: Record<GatedDenial, string> = {
  'no-token': 'no token was given: pass one with --token or HF_TOKEN',
  'token-rejected': 'the Hub did not accept the token',
  'no-access': "this token's account has no access yet: request it on the repo's Hub page",
};

/** `public`, `private`, `gated (auto), access granted`, `gated (manual): no token was given: …`. */
function accessLine(report: InfoReport): string {
  const who = report.private ? 'private' : 'public';
  if (report.gated === false) return who;
  const gated = `${report.private ? 'private, ' : ''}gated (${report.gated} approval)`;
  return report.accessDenial === null
    ? `${gated}: this token has access`
    : `${gated}: ${DENIAL_WORDS[report.accessDenial]}`;
}

/** Where it would run: `GPU`, `RAM`, `too big`; and `no disk space` when what is left to fetch does not fit. */
function fitsLabel(quant: InfoQuant): string {
  const memory = quant.fits.memory === 'gpu' ? 'GPU' : quant.fits.memory === 'ram' ? 'RAM' : 'too big';
  return quant.fits.disk ? memory : `${memory}, no disk space`;
}

/** The command that downloads what the report shows: the revision asked for, one quantization, the type. */
function downloadCommand(report: InfoReport, quant?: string): string {
  const revision = report.revision === 'main' ? '' : `@${report.revision}`;
  const type = report.repoType === 'model' ? '' : ` --repo-type ${report.repoType}`;
  return `hubget download ${shellWord(`${report.repoId}${revision}${quant === undefined ? '' : `:${quant}`}`)}${type}`;
}

/**
 * What the closing line says before the download command: `Download it with:`, or, when the Hub refuses this
 * caller the files (a gated repo without a token, or with one it rejects or that has no access: accessLine says
 * why), `With a token that has access:`, since the command as it is would fail with GATED_REPO.
 */
function downloadPrefix(report: InfoReport, open: string): string {
  return report.accessDenial === null ? open : 'With a token that has access:';
}

/**
 * A line said as it is, not broken at spaces: a command, which is copied and pasted into a shell. Longer than the
 * terminal, the terminal wraps it (a soft wrap copies as one line); broken at a space, it pasted as two commands.
 */
interface CopiedLine {
  copied: string;
}
type InfoLine = string | CopiedLine;

/**
 * `line` (`prefix command` unless given) when it fits, else `prefix` and the command whole on a line of its own
 * (it is copied, not read: commandSplit, terminal-lines.ts).
 */
function commandLines(
  prefix: string,
  command: string,
  width: number,
  line = `${prefix} ${command}`,
): InfoLine[] {
  const [said, copied] = commandSplit(prefix, command, width, displayWidth, line);
  return copied === undefined ? [said] : [said, { copied }];
}

const joinDot = (parts: readonly (string | null | false)[]) => parts.filter(Boolean).join(' · ');

export function formatInfo(report: InfoReport, width: number): string[] {
  const lines: InfoLine[] = [];
  const at =
    report.revision === report.commit
      ? shortCommit(report.commit)
      : `${report.revision} (${shortCommit(report.commit)})`;
  lines.push(`${report.repoId} @ ${at} · ${report.repoType} · ${accessLine(report)}`);
  const about = joinDot([
    report.pipelineTag,
    report.libraryName,
    report.license && `license ${report.license}`,
    report.lastModified && `updated ${formatDay(report.lastModified)}`,
    `${formatCount(report.downloads)} downloads`,
    `${formatCount(report.likes)} likes`,
  ]);
  lines.push(about);
  // The files by group: on the line of the total when it fits, else a line of its own, then shorter.
  const total = `${plural(report.fileCount, 'file')}, ${formatBytes(report.totalBytes)}`;
  const groups = report.groups.map(
    (group) => `${group.group}: ${plural(group.files, 'file')} (${formatBytes(group.bytes)})`,
  );
  const shortGroups = report.groups.map((group) => `${group.group} ${group.files}`);
  lines.push(
    ...fitLines(
      [[joinDot([total, ...groups])], [total, joinDot(groups)], [`${total} (${shortGroups.join(', ')})`]],
      width,
    ),
  );
  const installed = report.installed;
  if (installed === null) lines.push(notInstalledLine(report));
  else {
    // The partial data of unfinished downloads beside the finished files, as the model page's "Total on disk".
    const partial = installed.partialBytes > 0 ? ` + ${formatBytes(installed.partialBytes)} partial` : '';
    const here = `On this machine: ${installed.files} of ${plural(report.fileCount, 'file')} (${formatBytes(installed.bytes)}${partial}) in ${installed.location === 'cache' ? 'the HF cache' : 'a local dir'}`;
    // Quoted when it holds a space, as every path the CLI prints (shell-word.ts).
    const where = shellWord(installed.path);
    lines.push(...fitLines([[`${here}, ${where}`], [here, `  ${where}`]], width));
    lines.push(...formatCopies(report.copies, installed.path, width));
  }
  if (report.gguf) {
    lines.push('');
    lines.push(...formatQuants(report, width));
  } else if (installed?.files === report.fileCount && installed.partialBytes === 0) {
    // Nothing left to fetch: the command then only checks the files and prints their path (a local dir's is
    // named: into the HF cache the command would copy them there).
    const command = `${downloadCommand(report)}${installed.location === 'local' ? ` --local-dir ${shellWord(installed.path)}` : ''}`;
    const said = `Every file is here; ${command} prints its path`;
    lines.push(...commandLines('Every file is here; this prints its path:', command, width, said));
  } else {
    lines.push(...commandLines(downloadPrefix(report, 'Download it with:'), downloadCommand(report), width));
  }
  if (report.files) {
    lines.push('');
    lines.push(...formatFiles(report.files, width));
  }
  // The tables fit the width; a line of words longer than it breaks at a space (the terminal cut words); a path
  // longer than a line stays whole, for the terminal to wrap (wrap-words.ts), and so does a command: both are copied.
  return lines.flatMap((line) =>
    typeof line === 'string' ? wrapWords(line, width, displayWidth) : [line.copied],
  );
}

/**
 * The line of a repo not installed here: whether a download would copy some of its files from elsewhere on this
 * machine (a local dir, another repo's HF cache folder: the HERE column names which).
 */
function notInstalledLine({ elsewhere, fileCount }: InfoReport): string {
  if (elsewhere.files === 0) return 'Not on this machine';
  const held = `${elsewhere.files} of ${plural(fileCount, 'file')} (${formatBytes(elsewhere.bytes)})`;
  return `Not installed; ${held} ${elsewhere.files === 1 ? 'is' : 'are'} on this machine in other folders, which a download copies`;
}

/** One row per revision of each copy; the place, its partial data and its path on the place's first row. */
interface CopyRow {
  where: string;
  revision: string;
  /** REVISION on a narrow terminal: its names alone (`main`), the commit when it has none. */
  revisionNarrow: string;
  files: number;
  bytes: number;
  partial: string;
  path: string;
  /** On the copy's last row, its path: on a narrow terminal it goes on the line below the row. */
  pathBelow: string | null;
}

/**
 * The copies' table, with each copy's PATH whole: in its column when the table fits the width, else on an
 * indented line of its own below the copy's rows (table-paths.ts: cut to the header's width it said `…g--a` at 50
 * columns, and a path is copied). The only copy, the installed one, gets no such line: the line above gives its
 * path whole.
 */
function formatCopies(copies: readonly InfoCopy[], installedPath: string, width: number): string[] {
  const pathAbove = copies.length === 1 && copies[0]?.path === installedPath;
  const rows: CopyRow[] = copies.flatMap((copy) => {
    // A local dir whose download has not finished a file yet has no revision: one row for the place.
    const revisions = copy.revisions.length > 0 ? copy.revisions : [null];
    return revisions.map((revision, index) => {
      const first = index === 0;
      const at = revision && shortCommit(revision.commit);
      return {
        where: first ? (copy.location === 'cache' ? 'HF cache' : 'local dir') : '',
        revision:
          revision === null ? '-' : revision.refs.length > 0 ? `${revision.refs.join(', ')} (${at})` : at!,
        revisionNarrow: revision === null ? '-' : revision.refs.length > 0 ? joinItems(revision.refs) : at!,
        files: revision?.files ?? 0,
        bytes: revision?.bytes ?? 0,
        partial: !first ? '' : copy.partialBytes > 0 ? formatBytes(copy.partialBytes) : '-',
        path: first ? shellWord(copy.path) : '',
        pathBelow: index === revisions.length - 1 && !pathAbove ? shellWord(copy.path) : null,
      };
    });
  });
  // REVISION with its commit (`main (c70bf08)`) where the table fits with it, FILES left out if need be; else its
  // names alone (`main`; a revision without one, its commit), cut only at whole names (`main, +2`): cut as text
  // it read `main (78…` at 40 columns, which names no revision.
  const table = (short: boolean) =>
    formatTableWithPath(
      rows,
      [
        { header: 'COPY', value: (row) => row.where },
        short
          ? { header: 'REVISION', value: (row) => row.revisionNarrow, cut: 'items' }
          : { header: 'REVISION', value: (row) => row.revision },
        { header: 'FILES', value: (row) => String(row.files), align: 'right', optional: true },
        { header: 'SIZE', value: (row) => formatBytes(row.bytes), align: 'right' },
        { header: 'PARTIAL', value: (row) => row.partial, align: 'right' },
      ],
      { header: 'PATH', value: (row: CopyRow) => row.path, below: (row: CopyRow) => row.pathBelow },
      width,
      displayWidth,
    );
  const paths = new Set(rows.map((row) => `${PATH_INDENT}${row.pathBelow}`));
  const whole = table(false);
  return whole.every((line) => displayWidth(line) <= width || paths.has(line)) ? whole : table(true);
}

/**
 * HERE: `installed` (`yes` for a file) in the installed copy, else `local dir` when a local-dir download holds it,
 * else `cached as other/fork` when another repo's folder in the HF cache does (`+1` for each other one).
 */
function hereLabel(inCopy: boolean, word: string, held: Pick<InfoFile, 'localDirs' | 'cachedAs'>): string {
  if (inCopy) return word;
  if (held.localDirs.length > 0) return 'local dir';
  return cachedAsWords(held.cachedAs) ?? '-';
}

function formatQuants(report: InfoReport, width: number): InfoLine[] {
  const gguf = report.gguf!;
  const mark = (quant: InfoQuant) => (quant.name === gguf.defaultQuant ? `${quant.name} *` : quant.name);
  const columns: Column<InfoQuant>[] = [
    { header: 'QUANT', value: mark },
    { header: 'SIZE', value: (quant) => formatBytes(quant.totalBytes), align: 'right' },
    { header: 'FILES', value: (quant) => String(quant.files.length), align: 'right', optional: true },
    { header: 'RUNS IN', value: fitsLabel },
    { header: 'HERE', value: (quant) => hereLabel(quant.installed, 'installed', quant) },
  ];
  const lines: InfoLine[] = formatTable(gguf.quants, columns, width);
  const memory = machineMemoryWords(report.totalRamBytes, report.gpuMemoryBytes);
  lines.push(`RUNS IN: this machine's ${memory}; ${formatBytes(report.freeDiskBytes)} free on disk`);
  if (gguf.mmproj.length > 0) {
    const projectors = `Vision projector: ${gguf.mmproj.map((file) => `${shellWord(file.path)} (${formatBytes(file.size)})`).join(', ')}`;
    const comes = 'the default one comes with any quantization';
    lines.push(...fitLines([[`${projectors}; ${comes}`], [projectors, `  (${comes})`]], width));
  }
  const pick = gguf.defaultQuant ?? gguf.quants[0]!.name;
  const prefix = gguf.defaultQuant
    ? `* the default; ${downloadPrefix(report, 'download it with:').replace(/^W/, 'w')}`
    : downloadPrefix(report, 'Download one with:');
  lines.push(...commandLines(prefix, downloadCommand(report, pick), width));
  return lines;
}

/**
 * The files' table, each PATH whole (table-paths.ts): last, in its column when the table fits the width, else on an
 * indented line of its own below its row. Cut to the column's room it read `…-00001-of-00004.safetensors`, which
 * no one can copy or tell from its neighbours.
 */
function formatFiles(files: readonly InfoFile[], width: number): string[] {
  const said = (file: InfoFile) => shellWord(file.path);
  const path = { header: 'PATH', value: said, below: said };
  return formatTableWithPath(
    files,
    [
      { header: 'SIZE', value: (file) => formatBytes(file.size), align: 'right' },
      { header: 'GROUP', value: (file) => file.group, optional: true },
      { header: 'HERE', value: (file) => hereLabel(file.onDisk, 'yes', file) },
    ],
    path,
    width,
    displayWidth,
  );
}
