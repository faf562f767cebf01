import { describe, expect, it } from 'vitest';
import { markdownTable, type ResultRow, targetChecks, throughputRatio } from '../../bench/report.js';

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
    cpuSeconds: 1,
    peakRssMegabytes: 100,
    verified: true,
    exitCode: 0,
    ...extra,
  };
}

describe('benchmark report', () => {
  const rows = [
    row('capped', 'hubget', 300),
    row('capped', 'aria2c', 150),
    row('uncapped', 'hubget', 400),
    row('uncapped', 'curl', 500),
    row('small-files', 'hubget', 20, { peakRssMegabytes: 140 }),
    row('small-files', 'aria2c', 10, { verified: false }),
  ];

  it('computes throughput ratios, and none for unverified outputs', () => {
    expect(throughputRatio(rows, 'capped', 'aria2c')).toBe(2);
    expect(throughputRatio(rows, 'uncapped', 'curl')).toBe(0.8);
    expect(throughputRatio(rows, 'small-files', 'aria2c')).toBeNaN();
  });

  it('checks the targets', () => {
    expect(targetChecks(rows).map((check) => [check.measured, check.met])).toEqual([
      ['2.00×', true],
      ['0.80×', false],
      ['n/a', false],
      ['140 MB', false],
    ]);
    const table = markdownTable(rows, targetChecks(rows));
    expect(table).toContain('| capped | hubget | 3.33 | 300.0 | 1.00 | 100 | ok | 2.00× | n/a |');
    expect(table).toContain('| small-files | aria2c | 100.00 | 10.0 | 1.00 | 100 | **MISMATCH** |  |  |');
    expect(table).toContain('| 300 small files: hubget / aria2c -j16 | n/a | ≥ 1× | not measured |');
  });
});
