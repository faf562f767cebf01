/** An installed model as GET /api/models lists it: a repo in the HF cache with one revision, unless overridden. */
import type { InstalledModel } from '../../../src/api-types.js';

const AT = '2026-12-05T21:20:00.000Z';

export function installedFixture(repoId: string, overrides: Partial<InstalledModel> = {}): InstalledModel {
  const folder = `/cache/models--${repoId.replace('/', '--')}`;
  return {
    repoId,
    repoType: 'model',
    location: 'cache',
    localFolder: null,
    path: folder,
    sizeOnDisk: 2,
    files: 1,
    lastModified: AT,
    revisions: [
      {
        commit: 'a'.repeat(40),
        refs: ['main'],
        sizeOnDisk: 2,
        files: 1,
        lastModified: AT,
        path: `${folder}/snapshots/${'a'.repeat(40)}`,
      },
    ],
    quants: [],
    unfinishedFiles: 0,
    unfinishedBytes: 0,
    plan: null,
    ...overrides,
  } as InstalledModel;
}
