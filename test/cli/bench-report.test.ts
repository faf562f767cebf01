import { describe, expect, it } from 'vitest';
import { markdownTable, type ResultRow, targetChecks, throughputRatio } from '../../bench/report.js';

const GIB = 1024 ** 3;

function row(
  scenario: string,
  tool: string,
  megabytesPerSecond: number,
  extra: Partial<ResultRow> = {},
): ResultRow {
  return {
    scenario,
    tool,
    wallSeconds: 1000 / megabytesPerSecond,
    megabytesPerSecond,
    bytes: GIB,
    cpuSeconds: 1,
    peakRssMegabytes: 100,
    verified: true,
    exitCode: 0,
    ...extra,
  };
}

describe('benchmark report', () => {
  const rows = [
    row('per-connection-cap', 'hubget', 450, { connections: 27 }),
    row('per-connection-cap', 'aria2c', 250),
    row('shared-line-cap', 'hubget', 48, { connections: 12 }),
    row('uncapped', 'hubget', 400, { cpuSeconds: 2.5 }),
    row('uncapped', 'curl', 500),
    row('dry-run', 'hubget', 0, { bytes: 0, cpuSeconds: 0.4, wallSeconds: 0.5 }),
    row('small-files', 'hubget', 20, { peakRssMegabytes: 140 }),
    row('small-files', 'aria2c', 10, { verified: false }),
  ];

  it('computes throughput ratios, and none for unverified outputs', () => {
    expect(throughputRatio(rows, 'per-connection-cap', 'aria2c')).toBe(1.8);
    expect(throughputRatio(rows, 'uncapped', 'curl')).toBe(0.8);
    expect(throughputRatio(rows, 'small-files', 'aria2c')).toBeNaN();
  });

  it('checks the targets', () => {
    const byName = new Map(targetChecks(rows).map((check) => [check.name, [check.measured, check.met]]));
    expect(byName.get('1. small files: hubget / aria2c -j16 (throughput)')).toEqual(['n/a', undefined]);
    expect(byName.get('2. per-connection cap: hubget defaults / aria2c -x16')).toEqual(['1.80×', true]);
    expect(byName.get('2. shared line: hubget / line rate')).toEqual(['0.96', true]);
    expect(byName.get('2. shared line: hubget connections open')).toEqual(['12.00', true]);
    expect(byName.get('3. uncapped: hubget / curl')).toEqual(['0.80×', true]);
    // (2.5 − 0.4) CPU-s over 1 GiB.
    expect(byName.get('3. hubget transfer CPU-s/GiB (uncapped − dry run)')).toEqual(['2.10', false]);
    expect(byName.get('4. hubget peak RSS, every case (MB)')).toEqual(['140.00', false]);
    const table = markdownTable(rows, targetChecks(rows));
    expect(table).toContain(
      '| per-connection-cap | hubget | 2.22 | 450.0 | 1.00 | 1.00 | 100 | 27 | ok | 1.80× |  |',
    );
    expect(table).toContain(
      '| small-files | aria2c | 100.00 | 10.0 | 1.00 | 1.00 | 100 |  | **MISMATCH** |  |  |',
    );
    expect(table).toContain('| dry-run | hubget | 0.50 |  | 0.40 |  | 100 |  | plan only |  |  |');
    expect(table).toContain('| 5. plan 10 000 files (s) | n/a | ≤ 2.0 | not measured |');
  });
});
