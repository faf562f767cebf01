import { describe, expect, it } from 'vitest';
import type { RepoPageFile } from '../../../../src/api-types.js';
import { downloadSelection, onDiskReason, selectionSummary } from './download-selection.js';

const file = (path: string, size: number, onDisk: boolean): RepoPageFile => ({
  path,
  size,
  group: 'weights',
  pattern: path,
  onDisk,
  localDirs: [],
  localDirsAtPath: [],
  cachedAs: [],
  partialBytes: 0,
});
const files = [file('a.bin', 1000, true), file('b.bin', 2000, true), file('c.bin', 3000, false)];

describe('the model page Download of files a copy holds', () => {
  it('is off when the HF cache holds every selected file', () => {
    const selection = downloadSelection(files, new Set(['a.bin', 'b.bin']));
    expect(onDiskReason(selection, null, 'cache')).toBe('Installed: the selected files are on disk already.');
    expect(selectionSummary(selection, files.length)).toBe('2 of 3 files, 3.00 kB, all on disk');
  });

  it('stays on when a folder holds them, and says Download copies them into the HF cache', () => {
    // The page downloads into the HF cache: a folder's files are copied there, not fetched (local-dir-copies.ts).
    const all = downloadSelection(files, new Set(['a.bin', 'b.bin']));
    expect(onDiskReason(all, 'Q4_K_M', 'local')).toBeNull();
    expect(selectionSummary(all, files.length, 'team/a')).toBe(
      '2 of 3 files, 3.00 kB, all on disk. They are in folder team/a: Download copies them into the HF cache, not fetched.',
    );
    const some = downloadSelection(files, new Set(['a.bin', 'b.bin', 'c.bin']));
    expect(selectionSummary(some, files.length, 'team/a')).toBe(
      '3 of 3 files, 6.00 kB (2 on disk; 3.00 kB to fetch). 2 of them are in folder team/a: Download copies them into the HF cache, not fetched.',
    );
    // Nothing of the selection in the folder: nothing to say about it.
    const none = downloadSelection(files, new Set(['c.bin']));
    expect(selectionSummary(none, files.length, 'team/a')).toBe('1 of 3 files, 3.00 kB');
  });

  it('counts a file only a folder holds as here: copied into the HF cache, not in the bytes to fetch', () => {
    const held = [...files, { ...file('d.bin', 4000, false), localDirs: ['tiny'] }];
    const selection = downloadSelection(held, new Set(['a.bin', 'c.bin', 'd.bin']));
    expect(selection.bytesToFetch).toBe(3000);
    expect(onDiskReason(selection, null, 'cache')).toBeNull();
    expect(selectionSummary(selection, held.length)).toBe(
      '3 of 4 files, 8.00 kB (2 on disk; 3.00 kB to fetch). 1 of them is in folder tiny: Download copies it into the HF cache, not fetched.',
    );
  });

  it("counts a file another repo's HF cache folder holds as here, and the models folder by its name", () => {
    const held = [
      ...files,
      { ...file('d.bin', 4000, false), cachedAs: ['other/fork'] },
      { ...file('e.bin', 5000, false), localDirs: ['.'] },
    ];
    const fork = downloadSelection(held, new Set(['c.bin', 'd.bin']));
    expect(fork.bytesToFetch).toBe(3000);
    expect(selectionSummary(fork, held.length)).toBe(
      '2 of 5 files, 7.00 kB (1 on disk; 3.00 kB to fetch). 1 of them is cached as other/fork: Download copies it into the HF cache, not fetched.',
    );
    const both = downloadSelection(held, new Set(['d.bin', 'e.bin']));
    expect(both.bytesToFetch).toBe(0);
    expect(onDiskReason(both, null, 'cache')).toBeNull();
    expect(selectionSummary(both, held.length)).toBe(
      '2 of 5 files, 9.00 kB, all on disk. They are in the models folder or cached as other/fork: Download copies them into the HF cache, not fetched.',
    );
  });
});
