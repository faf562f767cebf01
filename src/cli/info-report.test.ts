import { describe, expect, it } from 'vitest';
import { CACHED, details, inputs, LOCAL } from '../../test/support/cli/info-inputs.js';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { type InfoInputs, infoCopies, infoReport } from './info-report.js';
import { formatInfo } from './info-text.js';

const revision = (commit: string, refs: string[], files: number, sizeOnDisk: number) => ({
  commit,
  refs,
  files,
  sizeOnDisk,
  lastModified: '2026-12-01T00:00:00.000Z',
  path: `${CACHED}/snapshots/${commit}`,
});
// As the scans list them: a local dir first (installed-scan.ts lists the cache first; infoCopies must not rely on it).
const scanned = [
  {
    location: 'local' as const,
    path: LOCAL,
    revisions: [revision(details.commit, ['main'], 1, 8_540_000_000)],
    sizeOnDisk: 8_540_000_000,
    unfinishedBytes: 0,
  },
  {
    location: 'cache' as const,
    path: CACHED,
    revisions: [
      revision(details.commit, ['main'], 2, 4_920_000_700),
      revision('0123456789abcdef0123456789abcdef01234567', [], 1, 700),
    ],
    sizeOnDisk: 4_920_000_700,
    unfinishedBytes: 300_000_000,
  },
];

const report = (
  listed: readonly string[] | null = null,
  inOtherRepos: ReadonlyMap<string, readonly string[]> = new Map(),
  inLocalDirs: ReadonlyMap<string, readonly string[]> = new Map([
    ['Model-Q8_0.gguf', [LOCAL]],
    ['config.json', [LOCAL]],
  ]),
) =>
  infoReport(
    inputs({
      installed: { location: 'cache', path: CACHED, partialBytes: 300_000_000 },
      copies: infoCopies(scanned),
      onDisk: new Set(['Model-Q4_K_M.gguf', 'config.json']),
      // By default the local dir holds Q8_0 (and config.json) downloaded: a download into the cache would copy them.
      inLocalDirs,
      inOtherRepos,
      listed,
    }),
  );

describe('infoReport', () => {
  it('marks a quantization installed only when all of it is here, and sizes the fit by what is left to fetch', () => {
    const { gguf, installed, groups } = report();
    expect(gguf?.quants.map((quant) => [quant.name, quant.installed, quant.localDirs, quant.fits])).toEqual([
      ['Q4_K_M', true, [], { disk: true, memory: 'gpu' }],
      // Only in the local dir: 8.54 GB to write into the cache (a copy), 6 GB free; 8.54 × 1.2 is more than
      // the GPU's 8 GB, less than 16 GB of RAM.
      ['Q8_0', false, [LOCAL], { disk: false, memory: 'ram' }],
    ]);
    expect(installed).toMatchObject({ files: 2, bytes: 4_920_000_700 });
    expect(groups.map((group) => [group.group, group.files])).toEqual([
      ['weights', 2],
      ['config', 1],
      ['tokenizer', 1],
      ['other', 1],
    ]);
    expect(report(['README.md', 'Model-Q8_0.gguf']).files).toEqual([
      {
        path: 'Model-Q8_0.gguf',
        size: 8_540_000_000,
        group: 'weights',
        sha256: null,
        onDisk: false,
        localDirs: [LOCAL],
        cachedAs: [],
      },
      {
        path: 'README.md',
        size: 5000,
        group: 'other',
        sha256: null,
        onDisk: false,
        localDirs: [],
        cachedAs: [],
      },
    ]);
  });

  it('counts a quantization other repos’ folders in the HF cache hold as here, naming them', () => {
    const forks = new Map([['Model-Q8_0.gguf', ['other/fork', 'org/old-name']]]);
    const { gguf, files } = report(['Model-Q8_0.gguf'], forks, new Map());
    expect(
      gguf?.quants.map((quant) => [quant.name, quant.installed, quant.localDirs, quant.cachedAs]),
    ).toEqual([
      ['Q4_K_M', true, [], []],
      ['Q8_0', false, [], ['other/fork', 'org/old-name']],
    ]);
    expect(files?.[0]).toMatchObject({ path: 'Model-Q8_0.gguf', cachedAs: ['other/fork', 'org/old-name'] });
    const text = formatInfo(report(['Model-Q8_0.gguf'], forks, new Map()), 200);
    expect(text).toContain('Q8_0      8.54 GB      1  RAM, no disk space  cached as other/fork +1');
    expect(text.find((line) => line.endsWith('Model-Q8_0.gguf'))).toMatch(
      /\s+cached as other\/fork \+1 +Model/,
    );
    // A local dir that holds it is said first, as before.
    expect(formatInfo(report(null, forks), 200)).toContain(
      'Q8_0      8.54 GB      1  RAM, no disk space  local dir',
    );
  });

  it('says a repo not installed has files elsewhere on this machine that a download copies', () => {
    const line = (overrides: Partial<InfoInputs>) =>
      formatInfo(infoReport(inputs(overrides)), 200).find((text) => text.startsWith('Not '));
    expect(line({})).toBe('Not on this machine');
    const report = infoReport(
      inputs({
        inOtherRepos: new Map([['Model-Q8_0.gguf', ['other/fork']]]),
        inLocalDirs: new Map([['config.json', [LOCAL]]]),
      }),
    );
    expect(report.elsewhere).toEqual({ files: 2, bytes: 8_540_000_700 });
    expect(formatInfo(report, 200)).toContain(
      'Not installed; 2 of 5 files (8.54 GB) are on this machine in other folders, which a download copies',
    );
    expect(line({ inOtherRepos: new Map([['config.json', ['other/fork']]]) })).toBe(
      'Not installed; 1 of 5 files (700 B) is on this machine in other folders, which a download copies',
    );
  });

  it('fits its summary lines to a narrow terminal', () => {
    const wide = formatInfo(report(), 200);
    expect(wide[2]).toMatch(/^5 files, 13\.47 GB · weights: 2 files/);
    expect(wide[3]).toMatch(
      /^On this machine: 2 of 5 files \(4\.92 GB \+ 300\.00 MB partial\) in the HF cache, \/home\/ada/,
    );
    expect(wide).toContain('Q8_0      8.54 GB      1  RAM, no disk space  local dir');
    const narrow = formatInfo(report(), 80);
    const files = narrow.findIndex((line) => line.startsWith('5 files'));
    expect(narrow[files]).toBe('5 files, 13.47 GB (weights 2, config 1, tokenizer 1, other 1)');
    expect(narrow[files + 1]).toBe(
      'On this machine: 2 of 5 files (4.92 GB + 300.00 MB partial) in the HF cache',
    );
    expect(narrow[files + 2]).toMatch(/^ {2}\/home\/ada\//);
  });

  it('breaks its lines of words at spaces on a narrow terminal, and gives the download command a line of its own', () => {
    const narrow = formatInfo(report(), 72);
    // Every line fits but the cached copy's path, longer than a line: whole, for the terminal to wrap.
    expectWholePaths(narrow, 72, [CACHED]);
    // The terminal cut `…-GGUF:Q4_K_M` in two; the command is copied whole from its own line.
    expect(narrow.slice(-2)).toEqual([
      '* the default; download it with:',
      '  hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF:Q4_K_M',
    ]);
    expect(narrow.slice(0, 3)).toEqual([
      'bartowski/Some-Long-Model-Name-Instruct-GGUF @ main (c70bf08) · model ·',
      '  public',
      'text-generation · gguf · license llama3.2 · updated 2026-11-30 · 123.5K',
    ]);
    // Longer than a 40-column line, the command is not broken at its spaces (pasted, that was two commands): one
    // line, which the terminal wraps.
    expect(formatInfo(report(), 40).at(-1)).toBe(
      '  hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF:Q4_K_M',
    );
    // Piped (no width): every line whole.
    expect(formatInfo(report(), Number.POSITIVE_INFINITY).at(-1)).toBe(
      '* the default; download it with: hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF:Q4_K_M',
    );
  });

  it('lists every copy: each revision in the HF cache, then each local dir, with sizes and partial data', () => {
    const { copies } = report();
    expect(copies.map((copy) => [copy.location, copy.path, copy.partialBytes])).toEqual([
      ['cache', CACHED, 300_000_000],
      ['local', LOCAL, 0],
    ]);
    expect(copies[0]?.revisions).toEqual([
      { commit: details.commit, refs: ['main'], files: 2, bytes: 4_920_000_700 },
      { commit: '0123456789abcdef0123456789abcdef01234567', refs: [], files: 1, bytes: 700 },
    ]);
    const wide = formatInfo(report(), 200);
    const header = wide.findIndex((line) => line.startsWith('COPY'));
    expect(wide.slice(header, header + 4)).toEqual([
      'COPY       REVISION        FILES     SIZE    PARTIAL  PATH',
      `HF cache   main (c70bf08)      2  4.92 GB  300.00 MB  ${CACHED}`,
      '           0123456             1    700 B',
      `local dir  main (c70bf08)      1  8.54 GB          -  ${LOCAL}`,
    ]);
    // Too narrow for the paths in their column: each goes whole on a line of its own below its copy's rows (a
    // path is copied; cut to the header's width it said `…g--a`).
    // (One longer than a line too, on one line: the terminal wraps it, and it copies as one line: wrap-words.ts.)
    const narrow = formatInfo(report(), 100);
    expect(narrow.slice(narrow.findIndex((line) => line.startsWith('COPY'))).slice(0, 6)).toEqual([
      'COPY       REVISION        FILES     SIZE    PARTIAL',
      'HF cache   main (c70bf08)      2  4.92 GB  300.00 MB',
      '           0123456             1    700 B',
      `  ${CACHED}`,
      'local dir  main (c70bf08)      1  8.54 GB          -',
      `  ${LOCAL}`,
    ]);
    // At 50 columns FILES is left out too.
    const fifty = formatInfo(report(), 50);
    const rows = fifty.slice(fifty.findIndex((line) => line.startsWith('COPY')));
    expectWholePaths(rows, 50, [
      CACHED,
      'hubget download bartowski/Some-Long-Model-Name-Instruct-GGUF:Q4_K_M',
    ]);
    expect(rows[1]).toBe('HF cache   main (c70bf08)  4.92 GB  300.00 MB');
    const local = rows.findIndex((row) => row.startsWith('local dir'));
    expect(rows.slice(3, local)).toEqual([`  ${CACHED}`]);
    expect(rows.slice(local, local + 2)).toEqual([
      'local dir  main (c70bf08)  8.54 GB          -',
      `  ${LOCAL}`,
    ]);
    // At 40 columns REVISION says the names alone, or the commit of a revision without one: cut as text it read
    // `main (c7…`, which names no revision.
    const forty = formatInfo(report(), 40);
    expect(forty.slice(forty.findIndex((line) => line.startsWith('COPY'))).slice(0, 5)).toEqual([
      'COPY       REVISION     SIZE    PARTIAL',
      'HF cache   main      4.92 GB  300.00 MB',
      '           0123456     700 B',
      `  ${CACHED}`,
      'local dir  main      8.54 GB          -',
    ]);
  });

  it.each([40, 60])('says every path whole on one line at %i columns, for the terminal to wrap', (width) => {
    const lines = formatInfo(report(), width);
    // Every line fits but a path longer than a line; broken after a `/` or `-`, it was copied with a newline and
    // an indent in it.
    // And a repo id too long for a line (it is typed into the next command), and the command, copied as one line.
    const id = details.repo.repoId;
    expectWholePaths(lines, width, [CACHED, LOCAL, id, `hubget download ${id}:Q4_K_M`]);
    // The installed copy's line, then the copies' table: each path on an indented line of its own.
    expect(lines.filter((line) => line === `  ${CACHED}`)).toHaveLength(2);
    expect(lines).toContain(`  ${LOCAL}`);
  });

  it("says each of --files' paths whole: in its column when the table fits, else on a line below its row", () => {
    const long = 'original/consolidated-00001-of-00004.safetensors';
    const files = [...details.files, { path: long, size: 5_000, oid: '0'.repeat(40) }];
    const listed = [long, 'config.json'];
    const lines = (width: number) =>
      formatInfo(infoReport(inputs({ details: { ...details, files }, listed })), width);
    expect(lines(200).slice(-3)).toEqual([
      '   SIZE  GROUP    HERE  PATH',
      `5.00 kB  weights  -     ${long}`,
      '  700 B  config   -     config.json',
    ]);
    for (const width of [40, 60]) {
      // Cut to fit, it read `…-00001-of-00004.safetensors`.
      expectWholePaths(lines(width).slice(-5), width, [long]);
      expect(lines(width).slice(-5)).toEqual([
        '   SIZE  GROUP    HERE',
        '5.00 kB  weights  -',
        `  ${long}`,
        '  700 B  config   -',
        '  config.json',
      ]);
    }
  });

  it('leaves out the PATH of the only copy on a narrow terminal: the line above gives it whole', () => {
    const onlyCache = infoCopies(scanned.filter((copy) => copy.location === 'cache'));
    const lines = (width: number) =>
      formatInfo(
        infoReport(
          inputs({
            installed: { location: 'cache', path: CACHED, partialBytes: 300_000_000 },
            copies: onlyCache,
            onDisk: new Set(['Model-Q4_K_M.gguf', 'config.json']),
          }),
        ),
        width,
      );
    const narrow = lines(60);
    // The lines above give the path, whole on one line.
    expect(narrow).toContain(`  ${CACHED}`);
    const header = narrow.findIndex((line) => line.startsWith('COPY'));
    expect(narrow.slice(header, header + 3)).toEqual([
      'COPY      REVISION        FILES     SIZE    PARTIAL',
      'HF cache  main (c70bf08)      2  4.92 GB  300.00 MB',
      '          0123456             1    700 B',
    ]);
    // Wide enough, the path stays in its row.
    expect(lines(200).find((line) => line.startsWith('HF cache'))).toMatch(new RegExp(`  ${CACHED}$`));
  });
});
