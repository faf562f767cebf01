/** The benchmark table (console + markdown) and the target checks (issue 8 targets), from the measured rows. */
import { SHARED_LINE_BYTES_PER_SECOND } from './scenarios.js';

export interface ResultRow {
  scenario: string;
  tool: string;
  wallSeconds: number;
  megabytesPerSecond: number;
  /** Payload bytes of the case (0 for a dry run). */
  bytes: number;
  cpuSeconds: number;
  peakRssMegabytes: number;
  /** hubget: most range connections open at once, from its progress events. */
  connections?: number;
  verified: boolean;
  exitCode: number;
  error?: string;
  /** Runs this row is the median of (--repeat). */
  runs?: number;
}

export interface TargetCheck {
  name: string;
  measured: string;
  target: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

const GIB = 1024 ** 3;

function find(rows: ResultRow[], scenario: string, tool: string): ResultRow | undefined {
  const row = rows.find((entry) => entry.scenario === scenario && entry.tool === tool);
  return row?.verified ? row : undefined;
}

type NumericField = 'wallSeconds' | 'megabytesPerSecond' | 'peakRssMegabytes';

/** top.field / bottom.field; NaN when either row is missing. */
function rowRatio(top: ResultRow | undefined, bottom: ResultRow | undefined, field: NumericField): number {
  return top && bottom ? top[field] / bottom[field] : Number.NaN;
}

/** Throughput ratio hubget / other in one scenario (higher is better for hubget); NaN when missing. */
export function throughputRatio(rows: ResultRow[], scenario: string, other: string): number {
  return rowRatio(find(rows, scenario, 'hubget'), find(rows, scenario, other), 'megabytesPerSecond');
}

export function cpuPerGiB(row: ResultRow): number {
  return row.bytes > 0 ? row.cpuSeconds / (row.bytes / GIB) : Number.NaN;
}

function check(name: string, value: number, target: string, met: (value: number) => boolean, unit = '×') {
  const measured = Number.isFinite(value) ? `${value.toFixed(2)}${unit}` : 'n/a';
  return { name, measured, target, met: Number.isFinite(value) ? met(value) : undefined };
}

export function targetChecks(rows: ResultRow[]): TargetCheck[] {
  const hubget = (scenario: string) => find(rows, scenario, 'hubget');
  const line = hubget('shared-line-cap');
  const lineFiles = hubget('shared-line-files');
  const uncapped = hubget('uncapped');
  const dryRun = hubget('dry-run');
  const small = hubget('small-files');
  const many = hubget('files-3000');
  const plan = hubget('plan-10000');
  const memorySmall = hubget('memory-small');
  const memoryLarge = hubget('memory-large');
  const hubgetRows = rows.filter((row) => row.tool === 'hubget');
  const peakRss = Math.max(0, ...hubgetRows.map((row) => row.peakRssMegabytes));
  const transferCpu =
    uncapped && dryRun ? (uncapped.cpuSeconds - dryRun.cpuSeconds) / (uncapped.bytes / GIB) : Number.NaN;
  return [
    check(
      '1. small files: hubget / aria2c -j16 (throughput)',
      throughputRatio(rows, 'small-files', 'aria2c'),
      '≥ 1.0×',
      (v) => v >= 1,
    ),
    check(
      '2. per-connection cap: hubget defaults / aria2c -x16',
      throughputRatio(rows, 'per-connection-cap', 'aria2c'),
      '≥ 1.5×',
      (v) => v >= 1.5,
    ),
    check(
      '2. shared line: hubget / line rate',
      line ? (line.megabytesPerSecond * 1e6) / SHARED_LINE_BYTES_PER_SECOND : Number.NaN,
      '≥ 0.95',
      (v) => v >= 0.95,
      '',
    ),
    check(
      '2. shared line: hubget connections open',
      line?.connections ?? Number.NaN,
      '≤ 16',
      (v) => v <= 16,
      '',
    ),
    check(
      '2. shared line, 4 files: hubget / line rate',
      lineFiles ? (lineFiles.megabytesPerSecond * 1e6) / SHARED_LINE_BYTES_PER_SECOND : Number.NaN,
      '≥ 0.95',
      (v) => v >= 0.95,
      '',
    ),
    check(
      '2. shared line, 4 files: hubget connections open',
      lineFiles?.connections ?? Number.NaN,
      '≤ 16',
      (v) => v <= 16,
      '',
    ),
    check(
      '3. uncapped: hubget / aria2c -x16',
      throughputRatio(rows, 'uncapped', 'aria2c'),
      '≥ 1.0×',
      (v) => v >= 1,
    ),
    check('3. uncapped: hubget / curl', throughputRatio(rows, 'uncapped', 'curl'), '≥ 0.7×', (v) => v >= 0.7),
    check('3. hubget transfer CPU-s/GiB (uncapped − dry run)', transferCpu, '≤ 2.0', (v) => v <= 2, ''),
    check(
      '4. hubget peak RSS, every case (MB)',
      hubgetRows.length ? peakRss : Number.NaN,
      '≤ 134 (128 MiB)',
      (v) => v <= 134.2,
      '',
    ),
    check(
      '4. peak RSS 4 GiB / 512 MiB',
      rowRatio(memoryLarge, memorySmall, 'peakRssMegabytes'),
      '≤ 1.10',
      (v) => v <= 1.1,
      '',
    ),
    check('5. 3000 files / 300 files (wall)', rowRatio(many, small, 'wallSeconds'), '≤ 10×', (v) => v <= 10),
    check('5. plan 10 000 files (s)', plan?.wallSeconds ?? Number.NaN, '≤ 2.0', (v) => v <= 2, ''),
  ];
}

export function markdownTable(rows: ResultRow[], checks: TargetCheck[]): string {
  const lines = [
    '| case | tool | wall s | MB/s | CPU s | CPU-s/GiB | peak RSS MB | conns | sha256 | vs aria2c | vs curl |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const row of rows) {
    const ratio = (other: string) => {
      const value = row.tool === 'hubget' ? throughputRatio(rows, row.scenario, other) : Number.NaN;
      return Number.isFinite(value) ? `${value.toFixed(2)}×` : '';
    };
    const perGiB = cpuPerGiB(row);
    lines.push(
      `| ${row.scenario} | ${row.tool} | ${row.wallSeconds.toFixed(2)} | ${row.bytes > 0 ? row.megabytesPerSecond.toFixed(1) : ''} | ` +
        `${row.cpuSeconds.toFixed(2)} | ${Number.isFinite(perGiB) ? perGiB.toFixed(2) : ''} | ${row.peakRssMegabytes.toFixed(0)} | ` +
        `${row.connections ?? ''} | ${verdict(row)} | ${ratio('aria2c')} | ${ratio('curl')} |`,
    );
  }
  lines.push('', '| target | measured | goal | met |', '| --- | ---: | ---: | --- |');
  for (const entry of checks) {
    const met = entry.met === undefined ? 'not measured' : entry.met ? 'yes' : '**no**';
    lines.push(`| ${entry.name} | ${entry.measured} | ${entry.target} | ${met} |`);
  }
  return lines.join('\n');
}

function verdict(row: ResultRow): string {
  if (row.exitCode !== 0) return `failed (exit ${row.exitCode})`;
  if (row.bytes === 0) return 'plan only';
  return row.verified ? 'ok' : '**MISMATCH**';
}
