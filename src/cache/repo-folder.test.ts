import { describe, expect, it } from 'vitest';
import { parseRepoFolderName, repoFolderName } from './repo-folder.js';

describe('repoFolderName', () => {
  it('maps type and id like huggingface_hub', () => {
    expect(repoFolderName({ repoId: 'org/Name', repoType: 'model' })).toBe('models--org--Name');
    expect(repoFolderName({ repoId: 'org/data', repoType: 'dataset' })).toBe('datasets--org--data');
    expect(repoFolderName({ repoId: 'a/b', repoType: 'space' })).toBe('spaces--a--b');
    expect(repoFolderName({ repoId: 'gpt2', repoType: 'model' })).toBe('models--gpt2');
  });
});

describe('parseRepoFolderName', () => {
  it('round-trips', () => {
    for (const repo of [
      { repoId: 'org/Name', repoType: 'model' as const },
      { repoId: 'gpt2', repoType: 'model' as const },
      { repoId: 'x/y', repoType: 'dataset' as const },
    ]) {
      expect(parseRepoFolderName(repoFolderName(repo))).toEqual(repo);
    }
  });
  it('rejects non-repo folders', () => {
    for (const name of ['.locks', 'CACHEDIR.TAG', 'models', 'models--', 'things--a--b', '--a']) {
      expect(parseRepoFolderName(name)).toBeUndefined();
    }
  });
});
