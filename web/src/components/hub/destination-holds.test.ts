import { describe, expect, it } from 'vitest';
import type { GgufQuantView, RepoPageFile } from '../../../../src/api-types.js';
import { repoPageFixture } from '../../../../test/support/web/repo-page-fixture.js';
import { destinationHolds } from './destination-holds.js';
import type { FolderFacts } from './folder-facts.js';

const file = (path: string, extra: Partial<RepoPageFile>): RepoPageFile => ({
  path,
  size: 1000,
  group: 'weights',
  pattern: path,
  onDisk: false,
  localDirs: [],
  localDirsAtPath: [],
  cachedAs: [],
  partialBytes: 0,
  ...extra,
});
const quant = (name: string, extra: Partial<GgufQuantView>): GgufQuantView => ({
  name,
  files: [`${name}.gguf`],
  totalBytes: 1000,
  shards: 1,
  fits: { disk: true, memory: 'ram' },
  localDirs: [],
  cachedAs: [],
  ...extra,
});

const page = repoPageFixture({
  files: [
    file('fork.gguf', { cachedAs: ['other/fork', 'other/old-name'] }),
    file('root.gguf', { localDirs: ['.'], cachedAs: ['other/fork'] }),
    file('none.gguf', {}),
  ],
});

describe('where else the model page says a file or quantization is here', () => {
  it("names another repo's HF cache folder as hubget info does, after a folder, and the models folder by name", () => {
    const cache = destinationHolds(page, {
      destination: 'cache',
      localDir: null,
      known: null,
      folderFreeBytes: null,
      previewing: new Set(),
    });
    expect(cache.elsewhere('fork.gguf')).toBe('cached as other/fork +1');
    expect(cache.elsewhere('root.gguf')).toBe('in the models folder');
    expect(cache.elsewhere('none.gguf')).toBeNull();
    expect(cache.quant(quant('fork', { cachedAs: ['other/fork'] })).elsewhere).toBe('cached as other/fork');
    const folder = destinationHolds(page, {
      destination: 'local',
      localDir: 'tiny',
      known: null,
      folderFreeBytes: null,
      previewing: new Set(),
    });
    expect(folder.elsewhere('fork.gguf')).toBe('cached as other/fork +1');
    expect(folder.quant(quant('root', { localDirs: ['.'] })).elsewhere).toBe('in the models folder');
  });
});

describe("the HF cache's disk verdict", () => {
  it("is the server's (GgufQuantView.fits), in figures from the page's files", () => {
    const cached = (freeDiskBytes: number) =>
      destinationHolds(
        repoPageFixture({ files: [file('big.gguf', { size: 10_000, partialBytes: 4_000 })], freeDiskBytes }),
        { destination: 'cache', localDir: null, known: null, folderFreeBytes: null, previewing: new Set() },
      );
    const big = (disk: boolean) =>
      quant('big', { files: ['big.gguf'], totalBytes: 10_000, fits: { disk, memory: 'ram' } });
    expect(cached(5_000).quant(big(false)).room).toEqual({
      verdict: 'short',
      needBytes: 6_000,
      freeBytes: 5_000,
    });
    expect(cached(7_000).quant(big(true)).room).toEqual({
      verdict: 'fits-with-held',
      needBytes: 6_000,
      freeBytes: 7_000,
      heldBytes: 4_000,
    });
    expect(cached(20_000).quant(big(true)).room).toEqual({ verdict: 'fits' });
  });
});

describe("what the model page's Folder destination counts as held and as room needed", () => {
  const big = repoPageFixture({
    files: [
      file('big.gguf', { size: 10_000, partialBytes: 9_000 }),
      file('moved.gguf', { localDirs: ['tiny'], localDirsAtPath: [] }),
      file('kept.gguf', { localDirs: ['tiny'], localDirsAtPath: ['tiny'] }),
      file('split-1.gguf', { size: 5_000 }),
      file('split-2.gguf', { size: 5_000 }),
    ],
  });
  const facts = (
    freeBytes: number,
    files: [string, { present: boolean; partialBytes: number }][] = [],
  ): FolderFacts => ({ page: big, localDir: 'tiny', files: new Map(files), freeBytes });
  /**
   * The page's hook gives the previews' free disk once one answered (use-repo-destination.ts), and the paths the
   * preview being asked lists.
   */
  const into = (
    known: FolderFacts | null,
    folderFreeBytes = known?.freeBytes ?? null,
    previewing: ReadonlySet<string> = new Set(),
  ) => destinationHolds(big, { destination: 'local', localDir: 'tiny', known, folderFreeBytes, previewing });
  const bigQuant = quant('big', { files: ['big.gguf'], totalBytes: 10_000 });

  it('weighs what an unfinished download in the folder holds: 9 of 10 kB there and 2 kB free is enough', () => {
    // The preview's partial bytes for the file.
    const previewed = facts(2_000, [['big.gguf', { present: false, partialBytes: 9_000 }]]);
    expect(into(previewed).quant(bigQuant).room).toEqual({
      verdict: 'fits-with-held',
      needBytes: 1_000,
      freeBytes: 2_000,
      heldBytes: 9_000,
    });
    expect(
      into(facts(500, [['big.gguf', { present: false, partialBytes: 9_000 }]])).quant(bigQuant).room,
    ).toEqual({ verdict: 'short', needBytes: 1_000, freeBytes: 500 });
    // Whole, it fits 20 kB free: no word of what is there.
    expect(
      into(facts(20_000, [['big.gguf', { present: false, partialBytes: 9_000 }]])).quant(bigQuant).room,
    ).toEqual({ verdict: 'fits' });
    // A preview that found none: all of it is written.
    expect(
      into(facts(2_000, [['big.gguf', { present: false, partialBytes: 0 }]])).quant(bigQuant).room,
    ).toEqual({
      verdict: 'short',
      needBytes: 10_000,
      freeBytes: 2_000,
    });
  });

  it("never counts the page's partial bytes (the HF cache's) for the folder: only what a preview of it said", () => {
    // The page says 9 kB of big.gguf are in an unfinished download into the HF cache; of the folder nothing is said.
    expect(into(facts(2_000)).quant(bigQuant).room).toEqual({ verdict: 'unsure' });
    expect(into(null, 2_000).quant(bigQuant).room).toEqual({ verdict: 'unsure' });
    expect(into(null, 2_000, new Set(['big.gguf'])).quant(bigQuant).room).toEqual({ verdict: 'checking' });
    // Whole, it fits whatever the folder holds.
    expect(into(null, 10_000).quant(bigQuant).room).toEqual({ verdict: 'fits' });
  });

  it("says nothing while the folder's disk is not known", () => {
    expect(into(null, null).quant(bigQuant).room).toEqual({ verdict: 'fits' });
  });

  it('says not enough disk only when what the previews said of the folder cannot fit, whatever it holds else', () => {
    const split = quant('split', { files: ['split-1.gguf', 'split-2.gguf'], totalBytes: 10_000 });
    // No preview said what the folder holds of them: an unfinished download there may hold all but a few bytes.
    expect(into(null, 500).quant(bigQuant).room).toEqual({ verdict: 'unsure' });
    expect(into(null, 500, new Set(['big.gguf'])).quant(bigQuant).room).toEqual({ verdict: 'checking' });
    expect(into(null, 6_000, new Set(['split-1.gguf'])).quant(split).room).toEqual({ verdict: 'unsure' });
    // A preview said the folder lacks all of split-1 (5 kB): 4 kB free cannot hold it, whatever split-2 needs.
    const lacksFirst = facts(4_000, [['split-1.gguf', { present: false, partialBytes: 0 }]]);
    expect(into(lacksFirst, 4_000, new Set(['split-2.gguf'])).quant(split).room).toEqual({
      verdict: 'short',
      needBytes: 5_000,
      freeBytes: 4_000,
    });
    // 6 kB free hold split-1, and split-2 only if the folder holds part of it: the preview being asked says.
    expect(into(lacksFirst, 6_000, new Set(['split-2.gguf'])).quant(split).room).toEqual({
      verdict: 'checking',
    });
    expect(into(lacksFirst, 6_000).quant(split).room).toEqual({ verdict: 'unsure' });
    // Once a preview said both (with otherFiles, any preview of the folder does): a verdict.
    const both = facts(6_000, [
      ['split-1.gguf', { present: false, partialBytes: 0 }],
      ['split-2.gguf', { present: true, partialBytes: 0 }],
    ]);
    expect(into(both).quant(split).room).toEqual({
      verdict: 'fits-with-held',
      needBytes: 5_000,
      freeBytes: 6_000,
      heldBytes: 5_000,
    });
  });

  it('counts a file as held in the folder only at its own path, where the download writes it', () => {
    const holds = into(null);
    expect(holds.holds('kept.gguf')).toBe(true);
    // The folder holds moved.gguf's content under another name (a Python-made folder): a download writes it anew.
    expect(holds.holds('moved.gguf')).toBe(false);
    expect(holds.quant(quant('moved', { files: ['moved.gguf'], localDirs: ['tiny'] })).installed).toBe(false);
    expect(holds.quant(quant('kept', { files: ['kept.gguf'], localDirs: ['tiny'] })).installed).toBe(true);
    // What a preview said wins over the page.
    expect(into(facts(0, [['moved.gguf', { present: true, partialBytes: 0 }]])).holds('moved.gguf')).toBe(
      true,
    );
  });
});
