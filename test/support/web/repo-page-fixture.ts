/** A complete RepoPageResponse (a model page's answer) with overridable fields, for web tests. */
import type { RepoPageResponse } from '../../../src/api-types.js';

/** org/small at main: one 100-byte config.json, nothing installed, plenty of disk and memory. */
export function repoPageFixture(overrides: Partial<RepoPageResponse> = {}): RepoPageResponse {
  return {
    repoId: 'org/small',
    repoType: 'model',
    revision: 'main',
    commit: 'a'.repeat(40),
    gated: false,
    accessDenied: false,
    accessDenial: null,
    private: false,
    lastModified: null,
    downloads: 0,
    likes: 0,
    pipelineTag: null,
    libraryName: null,
    tags: [],
    files: [
      {
        path: 'config.json',
        size: 100,
        group: 'config',
        pattern: 'config.json',
        onDisk: false,
        localDirs: [],
        localDirsAtPath: [],
        cachedAs: [],
        partialBytes: 0,
      },
    ],
    totalBytes: 100,
    branches: [{ name: 'main', commit: 'a'.repeat(40) }],
    gitTags: [],
    pullRequests: [],
    readme: null,
    gguf: null,
    installed: null,
    freeDiskBytes: 1e12,
    totalRamBytes: 16e9,
    gpuMemoryBytes: null,
    ...overrides,
  };
}
