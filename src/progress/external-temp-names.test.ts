import { describe, expect, it } from 'vitest';
import { shortHashOfPath } from '../cache/local-dir-layout.js';
import { classifyTempName } from './external-temp-names.js';

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
      ['weights.bin.tmp', 'tmp', null, null],
      ['weights.bin.partial', 'partial', null, null],
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
    ]) {
      expect(classifyTempName(name), name).toBeNull();
    }
  });
});
