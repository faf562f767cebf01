import { describe, expect, it } from 'vitest';
import type { GgufQuantView, RepoPageFile } from '../../../../src/api-types.js';
import { repoPageFixture } from '../../../../test/support/web/repo-page-fixture.js';
import { destinationHolds } from './destination-holds.js';

const file = (path: string, extra: Partial<RepoPageFile>): RepoPageFile => ({
  path,
  size: 1000,
  group: 'weights',
  pattern: path,
  onDisk: false,
  localDirs: [],
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
    const cache = destinationHolds(page, { destination: 'cache', localDir: null, preview: null });
    expect(cache.elsewhere('fork.gguf')).toBe('cached as other/fork +1');
    expect(cache.elsewhere('root.gguf')).toBe('in the models folder');
    expect(cache.elsewhere('none.gguf')).toBeNull();
    expect(cache.quant(quant('fork', { cachedAs: ['other/fork'] })).elsewhere).toBe('cached as other/fork');
    const folder = destinationHolds(page, { destination: 'local', localDir: 'tiny', preview: null });
    expect(folder.elsewhere('fork.gguf')).toBe('cached as other/fork +1');
    expect(folder.quant(quant('root', { localDirs: ['.'] })).elsewhere).toBe('in the models folder');
  });
});
