/**
 * `hubget info`: what the command says about a repo, built from the Hub's answer and what is on this machine
 * (info-run.ts reads both), and its text. The facts are the model page's (src/server/routes/hub.ts): the same
 * file groups (src/catalog/file-groups.ts), GGUF quantizations (src/catalog/gguf-quants.ts), fit hint
 * (src/catalog/fit-hint.ts) and files-on-disk rule (src/cache/plan-on-disk.ts). Pure. Reference: docs/cli-models.md.
 */
import type { ScannedModel } from '../cache/index.js';
import {
  type FileGroup,
  type FitHint,
  fileGroupOf,
  fitHint,
  groupFiles,
  listGgufQuants,
  type MachineMemory,
} from '../catalog/index.js';
import { formatBytes, formatCount, formatDay, plural } from '../format/units.js';
import type { GatedDenial } from '../hub/gated-denial.js';
import type { RepoDetails, RepoType } from '../hub/index.js';
import { shortCommit } from '../hub/short-commit.js';
import { type Column, fitLines, formatTable } from './format-table.js';
import { wrapLine } from './renderers/wrap-line.js';

export interface InfoQuant {
  name: string;
  files: string[];
  shards: number;
  totalBytes: number;
  /** Every file of it is on disk here (the installed copy, at this commit). */
  installed: boolean;
  /** Whether it fits: free disk for what is not here yet, and GPU memory or RAM for the whole of it. */
  fits: FitHint;
}

export interface InfoFile {
  path: string;
  size: number;
  group: FileGroup;
  /** The content's sha256 for an LFS file (what the download checks); null for a regular file (git's sha1 names it). */
  sha256: string | null;
  onDisk: boolean;
}

/**
 * Where the repo is installed here (the HF cache first, as the model page shows it: `installedCopy`), and what of
 * it: the copy the HERE columns and `onDisk` speak of. Every copy is in `copies`.
 */
export interface InfoInstalled {
  location: 'cache' | 'local';
  path: string;
  /** Of this commit's files, how many are on disk there, and their bytes. */
  files: number;
  bytes: number;
  /** What unfinished downloads hold there (temp files, as the scan counts them: `unfinishedBytes`). */
  partialBytes: number;
}

/**
 * One place holding the repo here: its folder in the HF cache (`hubget ls`'s WHERE), or a local-dir download under
 * the models folder that names it. What the scans find (src/cli/installed-scan.ts), whatever the commit.
 */
export interface InfoCopy {
  location: 'cache' | 'local';
  path: string;
  /** Each revision there: a snapshot in the cache; in a local dir, the commits its files' records name. */
  revisions: { commit: string; refs: string[]; files: number; bytes: number }[];
  /** What its finished files take (the cache's blobs counted once however many revisions link them). */
  bytes: number;
  /** What unfinished downloads hold there (temp files: `unfinishedBytes`), which belong to no revision. */
  partialBytes: number;
}

export interface InfoReport {
  repoId: string;
  repoType: RepoType;
  revision: string;
  commit: string;
  private: boolean;
  gated: false | string;
  accessDenial: GatedDenial | null;
  lastModified: string | null;
  downloads: number;
  likes: number;
  pipelineTag: string | null;
  libraryName: string | null;
  /** The `license:` tag's value. */
  license: string | null;
  fileCount: number;
  totalBytes: number;
  groups: { group: FileGroup; files: number; bytes: number }[];
  installed: InfoInstalled | null;
  /** Every copy here: the HF cache's first, then the local dirs, in the scan's order. */
  copies: InfoCopy[];
  gguf: { quants: InfoQuant[]; defaultQuant: string | null; mmproj: { path: string; size: number }[] } | null;
  /** The files listed one by one: all of them (`--files`), or those a `:QUANT` download would fetch. */
  files: InfoFile[] | null;
  /** The quantization the argument named, upper case. */
  quant: string | null;
  freeDiskBytes: number;
  totalRamBytes: number;
  gpuMemoryBytes: number | null;
}

export interface InfoInputs {
  details: RepoDetails;
  installed: { location: 'cache' | 'local'; path: string; partialBytes: number } | null;
  copies: InfoCopy[];
  onDisk: ReadonlySet<string>;
  freeDiskBytes: number;
  machine: MachineMemory;
  /** Paths to list one by one, or null for none. */
  listed: readonly string[] | null;
  quant: string | null;
}

/**
 * The copies of one repo among what the scans found (installed-scan.ts, filtered to the repo): the HF cache's
 * first, as `installedCopy` picks it, then the local dirs; each revision as the scan lists it.
 */
export function infoCopies(
  models: readonly Pick<ScannedModel, 'location' | 'path' | 'revisions' | 'sizeOnDisk' | 'unfinishedBytes'>[],
): InfoCopy[] {
  const ordered = [
    ...models.filter((model) => model.location === 'cache'),
    ...models.filter((model) => model.location !== 'cache'),
  ];
  return ordered.map((model) => ({
    location: model.location === 'cache' ? 'cache' : 'local',
    path: model.path,
    revisions: model.revisions.map((revision) => ({
      commit: revision.commit,
      refs: revision.refs,
      files: revision.files,
      bytes: revision.sizeOnDisk,
    })),
    bytes: model.sizeOnDisk,
    partialBytes: model.unfinishedBytes,
  }));
}

export function infoReport(inputs: InfoInputs): InfoReport {
  const { details, onDisk, machine } = inputs;
  const sizeOf = new Map(details.files.map((file) => [file.path, file.size]));
  const bytesOf = (paths: readonly string[]) => paths.reduce((sum, path) => sum + (sizeOf.get(path) ?? 0), 0);
  const missingBytes = (paths: readonly string[]) => bytesOf(paths.filter((path) => !onDisk.has(path)));
  const grouped = groupFiles(details.files);
  const listing = listGgufQuants(details.files);
  const here = details.files.filter((file) => onDisk.has(file.path));
  const listed = inputs.listed === null ? null : new Set(inputs.listed);
  return {
    repoId: details.repo.repoId,
    repoType: details.repo.repoType,
    revision: details.revision,
    commit: details.commit,
    private: details.private,
    gated: details.gated,
    accessDenial: details.accessDenial,
    lastModified: details.lastModified,
    downloads: details.downloads,
    likes: details.likes,
    pipelineTag: details.pipelineTag,
    libraryName: details.libraryName,
    license: details.tags.find((tag) => tag.startsWith('license:'))?.slice('license:'.length) ?? null,
    fileCount: details.files.length,
    totalBytes: bytesOf(details.files.map((file) => file.path)),
    // In groupFiles' order, the model page's: the weights first.
    groups: (Object.entries(grouped) as [FileGroup, RepoDetails['files']][])
      .filter(([, files]) => files.length > 0)
      .map(([group, files]) => ({
        group,
        files: files.length,
        bytes: bytesOf(files.map((file) => file.path)),
      })),
    installed: inputs.installed && {
      ...inputs.installed,
      files: here.length,
      bytes: bytesOf(here.map((file) => file.path)),
    },
    copies: inputs.copies,
    gguf:
      listing.quants.length === 0
        ? null
        : {
            quants: listing.quants.map((quant) => ({
              name: quant.name,
              files: quant.files,
              shards: quant.shards,
              totalBytes: quant.totalBytes,
              installed: quant.files.every((path) => onDisk.has(path)),
              fits: fitHint(quant.totalBytes, inputs.freeDiskBytes, machine, missingBytes(quant.files)),
            })),
            defaultQuant: listing.defaultQuant,
            mmproj: listing.mmproj,
          },
    files:
      listed === null
        ? null
        : Object.values(grouped)
            .flat()
            .filter((file) => listed.has(file.path))
            .map((file) => ({
              path: file.path,
              size: file.size,
              group: fileGroupOf(file.path),
              sha256: file.lfs?.oid ?? null,
              onDisk: onDisk.has(file.path),
            })),
    quant: inputs.quant,
    freeDiskBytes: inputs.freeDiskBytes,
    totalRamBytes: machine.totalRamBytes,
    gpuMemoryBytes: machine.gpuMemoryBytes ?? null,
  };
}

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
  return `hubget download ${report.repoId}${revision}${quant === undefined ? '' : `:${quant}`}${type}`;
}

/** `prefix command` when it fits, else the command whole on a line of its own (it is copied, not read). */
const commandLines = (prefix: string, command: string, width: number): string[] =>
  fitLines([[`${prefix} ${command}`], [prefix, `  ${command}`]], width);

const joinDot = (parts: readonly (string | null | false)[]) => parts.filter(Boolean).join(' · ');

export function formatInfo(report: InfoReport, width: number): string[] {
  const lines: string[] = [];
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
  if (installed === null) lines.push('Not on this machine');
  else {
    // The partial data of unfinished downloads beside the finished files, as the model page's "Total on disk".
    const partial = installed.partialBytes > 0 ? ` + ${formatBytes(installed.partialBytes)} partial` : '';
    const here = `On this machine: ${installed.files} of ${plural(report.fileCount, 'file')} (${formatBytes(installed.bytes)}${partial}) in ${installed.location === 'cache' ? 'the HF cache' : 'a local dir'}`;
    lines.push(...fitLines([[`${here}, ${installed.path}`], [here, `  ${installed.path}`]], width));
    lines.push(...formatCopies(report.copies, width));
  }
  if (report.gguf) {
    lines.push('');
    lines.push(...formatQuants(report, width));
  } else if (installed?.files === report.fileCount && installed.partialBytes === 0) {
    // Nothing left to fetch: the command then only checks the files and prints their path (a local dir's is
    // named: into the HF cache the command would copy them there).
    const command = `${downloadCommand(report)}${installed.location === 'local' ? ` --local-dir ${installed.path}` : ''}`;
    lines.push(
      ...fitLines(
        [
          [`Every file is here; ${command} prints its path`],
          ['Every file is here;', `  ${command} prints its path`],
        ],
        width,
      ),
    );
  } else {
    lines.push(...commandLines('Download it with:', downloadCommand(report), width));
  }
  if (report.files) {
    lines.push('');
    lines.push(...formatFiles(report.files, width));
  }
  // The tables fit the width; a line of words longer than it breaks at a space (the terminal cut words, and a
  // command in the middle of its repo id).
  return lines.flatMap((line) => wrapLine(line, width));
}

/** One row per revision of each copy; the place, its partial data and its path on the place's first row. */
interface CopyRow {
  where: string;
  revision: string;
  files: number;
  bytes: number;
  partial: string;
  path: string;
}

function formatCopies(copies: readonly InfoCopy[], width: number): string[] {
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
        files: revision?.files ?? 0,
        bytes: revision?.bytes ?? 0,
        partial: !first ? '' : copy.partialBytes > 0 ? formatBytes(copy.partialBytes) : '-',
        path: first ? copy.path : '',
      };
    });
  });
  return formatTable(
    rows,
    [
      { header: 'COPY', value: (row) => row.where },
      { header: 'REVISION', value: (row) => row.revision, cut: 'end' },
      { header: 'FILES', value: (row) => String(row.files), align: 'right', optional: true },
      { header: 'SIZE', value: (row) => formatBytes(row.bytes), align: 'right' },
      { header: 'PARTIAL', value: (row) => row.partial, align: 'right' },
      { header: 'PATH', value: (row) => row.path, cut: 'start' },
    ],
    width,
  );
}

function formatQuants(report: InfoReport, width: number): string[] {
  const gguf = report.gguf!;
  const mark = (quant: InfoQuant) => (quant.name === gguf.defaultQuant ? `${quant.name} *` : quant.name);
  const columns: Column<InfoQuant>[] = [
    { header: 'QUANT', value: mark },
    { header: 'SIZE', value: (quant) => formatBytes(quant.totalBytes), align: 'right' },
    { header: 'FILES', value: (quant) => String(quant.files.length), align: 'right', optional: true },
    { header: 'RUNS IN', value: fitsLabel },
    { header: 'HERE', value: (quant) => (quant.installed ? 'installed' : '-') },
  ];
  const lines = formatTable(gguf.quants, columns, width);
  const memory =
    report.gpuMemoryBytes === null
      ? `${formatBytes(report.totalRamBytes)} RAM, no GPU known`
      : `${formatBytes(report.gpuMemoryBytes)} GPU, ${formatBytes(report.totalRamBytes)} RAM`;
  lines.push(`RUNS IN: this machine's ${memory}; ${formatBytes(report.freeDiskBytes)} free on disk`);
  if (gguf.mmproj.length > 0) {
    const projectors = `Vision projector: ${gguf.mmproj.map((file) => `${file.path} (${formatBytes(file.size)})`).join(', ')}`;
    const comes = 'the default one comes with any quantization';
    lines.push(...fitLines([[`${projectors}; ${comes}`], [projectors, `  (${comes})`]], width));
  }
  const pick = gguf.defaultQuant ?? gguf.quants[0]!.name;
  const prefix = gguf.defaultQuant ? '* the default; download it with:' : 'Download one with:';
  lines.push(...commandLines(prefix, downloadCommand(report, pick), width));
  return lines;
}

function formatFiles(files: readonly InfoFile[], width: number): string[] {
  return formatTable(
    [...files],
    [
      { header: 'PATH', value: (file) => file.path, cut: 'start' },
      { header: 'SIZE', value: (file) => formatBytes(file.size), align: 'right' },
      { header: 'GROUP', value: (file) => file.group, optional: true },
      { header: 'HERE', value: (file) => (file.onDisk ? 'yes' : '-') },
    ],
    width,
  );
}
