/**
 * deletedSince: a completed download is gone once its folder is, and a GGUF quantization's download once the model
 * at its folder holds that quantization no more (deleted alone, or the model deleted and another one fetched).
 */
import { describe, expect, it } from 'vitest';
import type { InstalledModel } from '../../../src/api-types.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { deletedSince } from './deleted-since.js';

const SNAPSHOT = `/cache/models--org--x-GGUF/snapshots/${'a'.repeat(40)}`;

function installed(quants: string[]): { installed: InstalledModel } {
  return {
    installed: {
      repoId: 'org/x-GGUF',
      repoType: 'model',
      location: 'cache',
      localFolder: null,
      path: '/cache/models--org--x-GGUF',
      sizeOnDisk: 1,
      files: 1,
      lastModified: '2025-12-07T10:00:00.000Z',
      revisions: [
        {
          commit: 'a'.repeat(40),
          refs: ['main'],
          sizeOnDisk: 1,
          files: 1,
          lastModified: '2025-12-07T10:00:00.000Z',
          path: SNAPSHOT,
        },
      ],
      quants,
      unfinishedFiles: 0,
      unfinishedBytes: 0,
      plan: null,
    },
  };
}

const done = (name: string, include: string[] = []) =>
  jobFixture({ state: 'completed', repoId: 'org/x-GGUF', name, include, resultPath: SNAPSHOT });

describe('deletedSince', () => {
  it('says a completed download is gone when no installed model has its folder, and knows nothing before the list', () => {
    expect(deletedSince(done('x-GGUF'), [])).toBe(true);
    expect(deletedSince(done('x-GGUF'), [installed([])])).toBe(false);
    expect(deletedSince(done('x-GGUF'), null)).toBe(false);
  });

  it('says a quantization’s download is gone once the model there no longer holds that quantization', () => {
    const models = [installed(['Q8_0'])];
    expect(deletedSince(done('x-GGUF Q4_K_M'), models)).toBe(true);
    expect(deletedSince(done('x-GGUF Q8_0'), models)).toBe(false);
    // Told by its include patterns when its name is not the model page's.
    expect(deletedSince(done('mine', ['x-Q4_K_M.gguf', 'config.json']), models)).toBe(true);
    expect(deletedSince(done('mine', ['x-Q8_0.gguf', 'config.json']), models)).toBe(false);
  });
});
