/**
 * `hubget info`: what the command says about a repo, built from the Hub's answer and what is on this machine
 * (info-run.ts reads both), and its text. The facts are the model page's (src/server/routes/hub.ts): the same
 * file groups (src/catalog/file-groups.ts), GGUF quantizations (src/catalog/gguf-quants.ts), fit hint
 * (src/catalog/fit-hint.ts) and files-on-disk rule (src/cache/plan-on-disk.ts). Pure. Reference: docs/cli-models.md.
 */
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
import type { RepoDetails } from '../hub/index.js';
import { shortCommit } from '../hub/short-commit.js';
import { type Column, fitLines, formatTable } from './format-table.js';

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

/** Where the repo is installed here (the HF cache first, as the model page shows it), and what of it. */
export interface InfoInstalled {
  location: 'cache' | 'local';
  path: string;
  /** Of this commit's files, how many are on disk there, and their bytes. */
  files: number;
  bytes: number;
  /** What unfinished downloads hold there (temp files, as the scan counts them: `unfinishedBytes`). */
  partialBytes: number;
}

export interface InfoReport {
  repoId: string;
  repoType: string;
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
  onDisk: ReadonlySet<string>;
  freeDiskBytes: number;
  machine: MachineMemory;
  /** Paths to list one by one, or null for none. */
  listed: readonly string[] | null;
  quant: string | null;
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
  }
  if (report.gguf) {
    lines.push('');
    lines.push(...formatQuants(report, width));
  } else {
    lines.push(`Download it with: ${downloadCommand(report)}`);
  }
  if (report.files) {
    lines.push('');
    lines.push(...formatFiles(report.files, width));
  }
  return lines;
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
  lines.push(
    gguf.defaultQuant
      ? `* the default; download it with: ${downloadCommand(report, pick)}`
      : `Download one with: ${downloadCommand(report, pick)}`,
  );
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
