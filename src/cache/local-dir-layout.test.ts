import { describe, expect, it } from 'vitest';
import {
  localDirOfDownloadPath,
  localFilePath,
  localGitignorePath,
  localLockPath,
  localMetadataPath,
  localTempPath,
  shortHashOfPath,
} from './local-dir-layout.js';

const SHA256 = 'e'.repeat(64);

describe('local-dir layout', () => {
  it('matches huggingface_hub _short_hash (docs/hub-disk-layout.md §3.12 example)', () => {
    expect(shortHashOfPath('model.safetensors')).toBe('xGOKKLRSlIhH692hSVvI1-gpoa8=');
    expect(shortHashOfPath('sub/dir/model.safetensors')).toBe('xGOKKLRSlIhH692hSVvI1-gpoa8=');
    expect(shortHashOfPath(`${'x'.repeat(300)}.bin`)).toHaveLength(28);
  });
  it('places bookkeeping under .cache/huggingface', () => {
    expect(localFilePath('/ld', 'a/b.bin')).toBe('/ld/a/b.bin');
    expect(localMetadataPath('/ld', 'a/b.bin')).toBe('/ld/.cache/huggingface/download/a/b.bin.metadata');
    expect(localLockPath('/ld', 'config.json')).toBe('/ld/.cache/huggingface/download/config.json.lock');
    expect(localGitignorePath('/ld')).toBe('/ld/.cache/huggingface/.gitignore');
    expect(localTempPath('/ld', 'a/model.safetensors', SHA256, 'deadbeef')).toBe(
      `/ld/.cache/huggingface/download/a/xGOKKLRSlIhH692hSVvI1-gpoa8=.${SHA256}.deadbeef.incomplete`,
    );
  });
  it('reads the local dir back from a path in its download folder', () => {
    expect(localDirOfDownloadPath(localTempPath('/ld', 'a/model.bin', SHA256, 'deadbeef'))).toBe('/ld');
    expect(localDirOfDownloadPath(localMetadataPath('/models/x', 'config.json'))).toBe('/models/x');
    expect(localDirOfDownloadPath('/ld/.cache/huggingface/.gitignore')).toBeUndefined();
    expect(localDirOfDownloadPath('/ld/a/b.bin')).toBeUndefined();
  });
  it('refuses hostile paths', () => {
    expect(() => localFilePath('/ld', '../x')).toThrow(/Refusing/);
    expect(() => localMetadataPath('/ld', '/etc/x')).toThrow(/Refusing/);
  });
});
