import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localFolderOf } from './local-dir-folder.js';

const MODELS = '/srv/models';

describe('localFolderOf', () => {
  it('names a folder by its path relative to the models dir, up to the scan depth', () => {
    expect(localFolderOf(MODELS, join(MODELS, 'x'))).toBe('x');
    expect(localFolderOf(MODELS, join(MODELS, 'team', 'x'))).toBe('team/x');
    expect(localFolderOf(MODELS, join(MODELS, 'a', 'team', 'x'))).toBe('a/team/x');
    expect(localFolderOf(MODELS, join(MODELS, 'a', 'b', 'team', 'x'))).toBeNull();
  });

  it('gives none to the models dir, a folder outside it, or one under a hidden or models-- folder', () => {
    for (const path of [
      MODELS,
      '/srv/other/x',
      join(MODELS, '..', 'x'),
      join(MODELS, 'x', '.cache', 'huggingface'),
      join(MODELS, '.cache'),
      join(MODELS, 'models--org--x'),
    ]) {
      expect(localFolderOf(MODELS, path), path).toBeNull();
    }
  });
});
