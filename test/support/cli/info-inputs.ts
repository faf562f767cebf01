/** The inputs of `hubget info`'s report tests (src/cli/info-*.test.ts): a GGUF repo and where copies of it sit. */

import type { InfoInputs } from '../../../src/cli/info-report.js';
import type { RepoDetails } from '../../../src/hub/index.js';

export const details: RepoDetails = {
  repo: { repoId: 'bartowski/Some-Long-Model-Name-Instruct-GGUF', repoType: 'model' },
  revision: 'main',
  commit: 'c70bf08aa1b2c3d4e5f60718293a4b5c6d7e8f90',
  gated: false,
  accessDenied: false,
  accessDenial: null,
  private: false,
  lastModified: '2026-11-30T10:00:00.000Z',
  downloads: 123_456,
  likes: 789,
  pipelineTag: 'text-generation',
  libraryName: 'gguf',
  tags: ['license:llama3.2'],
  files: [
    {
      path: 'Model-Q4_K_M.gguf',
      size: 4_920_000_000,
      oid: 'a'.repeat(40),
      lfs: { oid: 'b'.repeat(64), size: 4_920_000_000 },
    },
    { path: 'Model-Q8_0.gguf', size: 8_540_000_000, oid: 'c'.repeat(40) },
    { path: 'config.json', size: 700, oid: 'd'.repeat(40) },
    { path: 'tokenizer.json', size: 9_000_000, oid: 'e'.repeat(40) },
    { path: 'README.md', size: 5_000, oid: 'f'.repeat(40) },
  ],
  refs: { branches: [], tags: [], pullRequests: [] },
  readme: null,
};

export const CACHED =
  '/home/ada/.cache/huggingface/hub/models--bartowski--Some-Long-Model-Name-Instruct-GGUF';
export const LOCAL = '/home/ada/models/some-long-model';
/** A report's inputs: `details` with nothing of it here, on the machine of these tests; `overrides` set the rest. */
export const inputs = (overrides: Partial<InfoInputs>): InfoInputs => ({
  details,
  installed: null,
  copies: [],
  onDisk: new Set(),
  inLocalDirs: new Map(),
  inOtherRepos: new Map(),
  freeDiskBytes: 6_000_000_000,
  machine: { totalRamBytes: 16_000_000_000, gpuMemoryBytes: 8_000_000_000 },
  listed: null,
  quant: null,
  ...overrides,
});
