import { describe, expect, it } from 'vitest';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import type { DownloadPlan } from '../transfer/types.js';
import { dryRunJson, formatDryRun } from './format-dry-run.js';

const plan: DownloadPlan = {
  request: { repo: { repoId: 'org/model', repoType: 'model' }, hub: { endpoint: 'http://127.0.0.1:1' } },
  revision: 'main',
  commit: 'a'.repeat(40),
  destination: { kind: 'cache', cacheDir: '/c', repoFolder: '/c/models--org--model' },
  files: [
    file('config.json', 1_500, true, 0),
    file('model.safetensors', 2_000_000_000, false, 500_000_000),
    file('tokenizer.json', 3_000_000, false, 0),
  ],
  totalBytes: 2_003_001_500,
  presentBytes: 1_500,
  copiedBytes: 0,
  linkedBytes: 0,
  bytesToFetch: 1_503_000_000,
  resultPath: `/c/models--org--model/snapshots/${'a'.repeat(40)}`,
};

function file(path: string, size: number, present: boolean, partialBytes: number) {
  return {
    path,
    size,
    present,
    partialBytes,
    blobId: 'x',
    algorithm: 'sha256' as const,
    finalPath: `/f/${path}`,
  };
}

describe('dry-run output', () => {
  it('lists every file with its action and the totals', () => {
    expect(formatDryRun(plan)).toEqual([
      `[dry-run] model org/model @ main (${'a'.repeat(40)}) -> ${plan.resultPath}`,
      'action       size  path',
      'present   1.50 kB  config.json',
      'resume    2.00 GB  model.safetensors (500.00 MB already fetched)',
      'fetch     3.00 MB  tokenizer.json',
      'Would fetch 2 of 3 files: 1.50 GB to download, 500.00 MB already fetched, 1.50 kB already present, 2.00 GB in total',
    ]);
  });
  it('quotes a path with a space, the destination and a file alike (src/format/shell-word.ts)', () => {
    const spaced = {
      ...plan,
      resultPath: '/m/my models/org-model',
      files: [file('my weights.bin', 3_000_000, false, 0), file('config.json', 1500, true, 0)],
    };
    const lines = formatDryRun(spaced);
    expect(lines[0]).toBe(`[dry-run] model org/model @ main (${'a'.repeat(40)}) -> '/m/my models/org-model'`);
    expect(lines.slice(2, 4)).toEqual([
      "fetch     3.00 MB  'my weights.bin'",
      'present   1.50 kB  config.json',
    ]);
  });

  it('names the local dir a download into the cache copies from (not the HF cache)', () => {
    const fromLocal = (path: string, size: number, localDir: string) => ({
      ...file(path, size, false, 0),
      cachedBlobPath: `${localDir}/${path}`,
      copiedFrom: { from: 'local-dir' as const, dir: localDir },
    });
    const cachePlan: DownloadPlan = {
      ...plan,
      files: [fromLocal('Tiny-Q8_0.gguf', 90_000, '/m/tiny'), file('config.json', 22, true, 0)],
      totalBytes: 90_022,
      presentBytes: 22,
      copiedBytes: 90_000,
      bytesToFetch: 0,
    };
    expect(formatDryRun(cachePlan).slice(2)).toEqual([
      'copy      90.00 kB  Tiny-Q8_0.gguf (from the local dir /m/tiny)',
      'present       22 B  config.json',
      'Would fetch 0 of 2 files, copy 1 from the local dir /m/tiny — 0 B to download, 90.00 kB to copy, 22 B already present, 90.02 kB in total',
    ]);
    expect(dryRunJson(cachePlan)).toMatchObject({ copiedFrom: [{ from: 'local-dir', dir: '/m/tiny' }] });
  });

  it('names each file’s place in a plan that copies from a local dir and from another repo’s cache folder', () => {
    const mixed: DownloadPlan = {
      ...plan,
      files: [
        {
          ...file('Tiny-Q8_0.gguf', 90_000, false, 0),
          cachedBlobPath: '/m/tiny/Tiny-Q8_0.gguf',
          copiedFrom: { from: 'local-dir', dir: '/m/tiny' },
        },
        {
          ...file('model.safetensors', 40_000, false, 0),
          cachedBlobPath: '/c/models--org--fork/blobs/x',
          copiedFrom: { from: 'hf-cache', repoId: 'org/fork' },
        },
        file('config.json', 22, false, 0),
      ],
      totalBytes: 130_022,
      presentBytes: 0,
      copiedBytes: 130_000,
      bytesToFetch: 22,
    };
    expect(formatDryRun(mixed).slice(2)).toEqual([
      'copy      90.00 kB  Tiny-Q8_0.gguf (from the local dir /m/tiny)',
      'copy      40.00 kB  model.safetensors (from org/fork in the HF cache)',
      'fetch         22 B  config.json',
      'Would fetch 1 of 3 files, copy 2 from the local dir /m/tiny and org/fork in the HF cache: 22 B to download, 130.00 kB to copy, 0 B already present, 130.02 kB in total',
    ]);
    const json = dryRunJson(mixed);
    expect(json.copiedFrom).toEqual([
      { from: 'local-dir', dir: '/m/tiny' },
      { from: 'hf-cache', repoId: 'org/fork' },
    ]);
    expect((json.files as { copiedFrom?: unknown }[]).map((entry) => entry.copiedFrom)).toEqual([
      { from: 'local-dir', dir: '/m/tiny' },
      { from: 'hf-cache', repoId: 'org/fork' },
      undefined,
    ]);
  });

  it('says which files are hard-linked from another repo’s cache folder, in the table and the JSON', () => {
    const fork: DownloadPlan = {
      ...plan,
      files: [
        {
          ...file('model.safetensors', 40_000, false, 0),
          cachedBlobPath: '/c/models--org--base/blobs/x',
          copiedFrom: { from: 'hf-cache', repoId: 'org/base' },
          linkable: true,
        },
        {
          ...file('config.json', 22, false, 0),
          cachedBlobPath: '/c/models--org--base/blobs/y',
          copiedFrom: { from: 'hf-cache', repoId: 'org/base' },
        },
      ],
      totalBytes: 40_022,
      presentBytes: 0,
      copiedBytes: 40_022,
      linkedBytes: 40_000,
      bytesToFetch: 0,
    };
    expect(formatDryRun(fork).slice(2, 4)).toEqual([
      'copy      40.00 kB  model.safetensors (linked from org/base in the HF cache)',
      'copy          22 B  config.json (from org/base in the HF cache)',
    ]);
    const json = dryRunJson(fork);
    expect((json.files as { linked?: boolean }[]).map((entry) => entry.linked)).toEqual([true, undefined]);
  });

  it('says which files a local dir copies from the HF cache, and counts them in the totals', () => {
    const fromCache = (path: string, size: number) => ({
      ...file(path, size, false, 0),
      cachedBlobPath: `/hf/blobs/${path}`,
      copiedFrom: { from: 'hf-cache' as const },
    });
    const localPlan: DownloadPlan = {
      ...plan,
      destination: { kind: 'local', localDir: '/ld' },
      files: [
        fromCache('Tiny-IQ4_XS.gguf', 20_000),
        fromCache('mmproj.gguf', 470),
        file('config.json', 45_000, false, 0),
      ],
      totalBytes: 65_470,
      presentBytes: 0,
      copiedBytes: 20_470,
      bytesToFetch: 45_000,
      resultPath: '/ld',
    };
    expect(formatDryRun(localPlan).slice(2)).toEqual([
      'copy      20.00 kB  Tiny-IQ4_XS.gguf (from the HF cache)',
      'copy         470 B  mmproj.gguf (from the HF cache)',
      'fetch     45.00 kB  config.json',
      'Would fetch 1 of 3 files, copy 2 from the HF cache: 45.00 kB to download, 20.47 kB to copy, 0 B already present, 65.47 kB in total',
    ]);
    expect(dryRunJson(localPlan)).toMatchObject({
      copiedBytes: 20_470,
      filesCopied: 2,
      bytesToFetch: 45_000,
    });
    expect((dryRunJson(localPlan).files as { action: string }[]).map((entry) => entry.action)).toEqual([
      'copy',
      'copy',
      'fetch',
    ]);
  });
  it('fits a terminal of 50 columns: the first line and the totals broken at spaces, a path whole below its row', () => {
    const longPath = 'IQ4_XS/Tiny-IQ4_XS-00001-of-00002.gguf';
    const narrowPlan: DownloadPlan = { ...plan, files: [...plan.files, file(longPath, 25_000, false, 0)] };
    const lines = formatDryRun(narrowPlan, 50);
    // Every line fits but the result's path, longer than a line: whole, for the terminal to wrap.
    expectWholePaths(lines, 50, [plan.resultPath]);
    expect(lines[0]).toBe('[dry-run] model org/model @ main');
    expect(lines[1]).toBe(`  (${'a'.repeat(40)}) ->`);
    expect(lines[2]).toBe(`  ${plan.resultPath}`);
    // Too long for its column, the path goes whole on a line of its own below its row, not broken after a `/`
    // (a newline and an indent in it were copied with it), not cut at the edge.
    const row = lines.findIndex((line) => line.startsWith('fetch     25.00 kB'));
    expect(lines.slice(row, row + 2)).toEqual(['fetch     25.00 kB', `  ${longPath}`]);
    // What follows a path that fits its column still wraps within the column.
    expect(lines).toContainEqual(
      expect.stringMatching(/^resume +2\.00 GB {2}model\.safetensors \(500\.00 MB$/),
    );
    expect(lines.at(-1)).toMatch(/^ {2}\S/);
    // Piped: every line whole.
    expect(formatDryRun(narrowPlan)).toContain(`fetch     25.00 kB  ${longPath}`);
  });
  it.each([40, 60])('says every path whole on one line at %i columns, for the terminal to wrap', (width) => {
    const longPath = 'IQ4_XS/Tiny-IQ4_XS-00001-of-00002.gguf';
    const localDir = '/home/ada/models/a-local-dir-with-a-rather-long-name';
    const copied = {
      ...file('Tiny-Q8_0.gguf', 90_000, false, 0),
      cachedBlobPath: `${localDir}/Tiny-Q8_0.gguf`,
      copiedFrom: { from: 'local-dir' as const, dir: localDir },
    };
    const narrowPlan: DownloadPlan = {
      ...plan,
      files: [...plan.files, file(longPath, 25_000, false, 0), copied],
    };
    const lines = formatDryRun(narrowPlan, width);
    // Broken after a `/` or `-`, a path was copied with a newline and an indent in it.
    // And the commit, longer than a line at 40 columns.
    expectWholePaths(lines, width, [plan.resultPath, longPath, localDir, `(${plan.commit})`]);
  });
  it('has a JSON form that extends the plan event', () => {
    const json = dryRunJson(plan);
    expect(json).toMatchObject({
      type: 'plan',
      dryRun: true,
      filesTotal: 3,
      filesPresent: 1,
      bytesToFetch: 1_503_000_000,
    });
    expect((json.files as { action: string }[]).map((entry) => entry.action)).toEqual([
      'present',
      'resume',
      'fetch',
    ]);
  });
});
