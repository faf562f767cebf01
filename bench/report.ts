/** The benchmark table (console + markdown) and the target checks, from the measured rows. */

export interface ResultRow {
  scenario: string;
  tool: string;
  wallSeconds: number;
  megabytesPerSecond: number;
  cpuSeconds: number;
  peakRssMegabytes: number;
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
  met: boolean;
}

/** Throughput ratio hubget / other in one scenario (higher is better for hubget); NaN when missing. */
export function throughputRatio(rows: ResultRow[], scenario: string, other: string): number {
  const hubget = rows.find((row) => row.scenario === scenario && row.tool === 'hubget');
  const rival = rows.find((row) => row.scenario === scenario && row.tool === other);
  if (!hubget || !rival || !hubget.verified || !rival.verified) return Number.NaN;
  return hubget.megabytesPerSecond / rival.megabytesPerSecond;
}

export function targetChecks(rows: ResultRow[]): TargetCheck[] {
  const ratio = (scenario: string, other: string, minimum: number, name: string): TargetCheck => {
    const value = throughputRatio(rows, scenario, other);
    return { name, measured: formatRatio(value), target: `≥ ${minimum}×`, met: value >= minimum };
  };
  const hubgetRows = rows.filter((row) => row.tool === 'hubget');
  const peakRss = Math.max(0, ...hubgetRows.map((row) => row.peakRssMegabytes));
  return [
    ratio('capped', 'aria2c', 1.5, 'capped: hubget / aria2c -x16'),
    ratio('uncapped', 'curl', 1, 'uncapped: hubget / curl'),
    ratio('small-files', 'aria2c', 1, '300 small files: hubget / aria2c -j16'),
    {
      name: 'hubget peak RSS',
      measured: `${peakRss.toFixed(0)} MB`,
      target: '< 128 MB',
      met: hubgetRows.length > 0 && peakRss < 128,
    },
  ];
}

export function markdownTable(rows: ResultRow[], checks: TargetCheck[]): string {
  const lines = [
    '| scenario | tool | wall s | MB/s | CPU s | peak RSS MB | sha256 | vs aria2c | vs curl |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const row of rows) {
    const vsAria = row.tool === 'hubget' ? formatRatio(throughputRatio(rows, row.scenario, 'aria2c')) : '';
    const vsCurl = row.tool === 'hubget' ? formatRatio(throughputRatio(rows, row.scenario, 'curl')) : '';
    lines.push(
      `| ${row.scenario} | ${row.tool} | ${row.wallSeconds.toFixed(2)} | ${row.megabytesPerSecond.toFixed(1)} | ` +
        `${row.cpuSeconds.toFixed(2)} | ${row.peakRssMegabytes.toFixed(0)} | ${verdict(row)} | ${vsAria} | ${vsCurl} |`,
    );
  }
  lines.push('', '| target | measured | goal | met |', '| --- | ---: | ---: | --- |');
  for (const check of checks) {
    const met = check.measured === 'n/a' ? 'not measured' : check.met ? 'yes' : '**no**';
    lines.push(`| ${check.name} | ${check.measured} | ${check.target} | ${met} |`);
  }
  return lines.join('\n');
}

function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

function verdict(row: ResultRow): string {
  if (row.exitCode !== 0) return `failed (exit ${row.exitCode})`;
  return row.verified ? 'ok' : '**MISMATCH**';
}
