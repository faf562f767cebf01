import { describe, expect, it } from 'vitest';
import { shortHashOfPath } from '../cache/local-dir-layout.js';
import { classifyCacheRootName, classifyTempName } from './external-temp-names.js';

const SHA256 = `${'a'.repeat(56)}0123abcd`;
const SHA1 = '0123456789abcdef0123456789abcdef01234567';

describe('classifyTempName', () => {
  it('recognises every huggingface_hub shape', () => {
    const x = shortHashOfPath('model.safetensors');
    expect(x).toBe('xGOKKLRSlIhH692hSVvI1-gpoa8=');
    const cases: Array<[string, string, string | null, string | null]> = [
      [`${SHA256}.incomplete`, 'blob-legacy', SHA256, null],
      [`${SHA1}.incomplete`, 'blob-legacy', SHA1, null],
      [`${SHA256}.0badc0de.incomplete`, 'blob-attempt', SHA256, null],
      [`${x}.${SHA256}.incomplete`, 'local-hashed', SHA256, null],
      [`${x}.${SHA1}.1234abcd.incomplete`, 'local-hashed-attempt', SHA1, null],
      [
        `model-00001-of-00002.safetensors.${SHA256}.incomplete`,
        'local-path',
        SHA256,
        'model-00001-of-00002.safetensors',
      ],
      ['0q728qVxm8DfQPIk0lP15K9hLno=.some-mirror-etag.incomplete', 'other-incomplete', null, null],
    ];
    for (const [name, shape, etag, fileName] of cases) {
      expect(classifyTempName(name), name).toEqual({ shape, etag, fileName });
    }
  });

  it('ignores finished files, locks, metadata and hubget’s own sidecars', () => {
    for (const name of [
      SHA256,
      `${SHA256}.lock`,
      'config.json.metadata',
      `${SHA256}.0badc0de.incomplete.hubget-ranges`,
      `${SHA256}.0badc0de.incomplete.hubget-ranges.tmp`,
      // huggingface_hub's own `.tmp` files are a ref's and a tree listing's, written whole and renamed at once;
      // no downloader writes `.partial` files where the watcher looks.
      'main.1a2b3c4d.tmp',
      'tmpab12_cd3.tmp',
      'weights.bin.tmp',
      'weights.bin.partial',
    ]) {
      expect(classifyTempName(name), name).toBeNull();
    }
  });
});

describe('classifyCacheRootName', () => {
  it('recognises the temp file huggingface_hub 0.8–0.22 writes into the hub cache without resume (Python tempfile)', () => {
    for (const name of ['tmpa1b2_c3d', 'tmp8ibc_870', 'tmp________']) {
      expect(classifyCacheRootName(name), name).toEqual({
        shape: 'cache-root-tempfile',
        etag: null,
        fileName: null,
      });
    }
  });

  it('ignores every other name at the top of the hub cache', () => {
    for (const name of [
      'CACHEDIR.TAG',
      'version.txt',
      'tmp',
      'tmpa1b2c3d', // 7 random characters
      'tmpa1b2c3d4e', // 9
      'tmpA1B2C3D4', // Python's tempfile draws lower case only
      'tmpab12_cd3.tmp',
      'models--org--name',
    ]) {
      expect(classifyCacheRootName(name), name).toBeNull();
    }
  });
});
