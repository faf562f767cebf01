import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import {
  isInside,
  realFolderInModelsDir,
  realpathOfExisting,
  safeJoin,
  validateRelativePath,
} from './safe-path.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isHubgetError(error) ? error.code : 'OTHER';
  }
}

describe('validateRelativePath', () => {
  it('accepts ordinary repo paths', () => {
    for (const path of [
      'config.json',
      'a/b/c.bin',
      '.gitattributes',
      'x..y',
      '...',
      'onnx/model.onnx_data',
    ]) {
      expect(codeOf(() => validateRelativePath(path))).toBeUndefined();
    }
  });
  it('rejects hostile paths with UNSAFE_PATH', () => {
    const hostile = [
      '',
      '../../etc/passwd',
      'a/../../b',
      '..',
      'a/..',
      '/etc/passwd',
      'C:\\Windows\\x',
      'C:foo',
      'a/C:/x',
      '\\\\host\\share\\x',
      'a\\..\\..\\evil',
      '\\x',
      'a\0b',
      'a//b',
      './a',
      'a/',
    ];
    for (const path of hostile)
      expect(
        codeOf(() => validateRelativePath(path)),
        path,
      ).toBe('UNSAFE_PATH');
  });
});

describe('safeJoin', () => {
  it('joins inside the root', () => {
    expect(safeJoin('/root/dir', 'a/b.txt')).toBe('/root/dir/a/b.txt');
  });
  it('refuses escapes', () => {
    expect(codeOf(() => safeJoin('/root/dir', '../dir2/x'))).toBe('UNSAFE_PATH');
    expect(codeOf(() => safeJoin('/root/dir', '/etc/x'))).toBe('UNSAFE_PATH');
  });
});

describe('isInside', () => {
  it('is true strictly below the folder only', () => {
    expect(isInside('/c/models--a--b', '/c/models--a--b/blobs/x')).toBe(true);
    expect(isInside('/c/models--a--b', '/c/models--a--b')).toBe(false);
    expect(isInside('/c/models--a--b', '/c/models--a--bc/blobs/x')).toBe(false);
    expect(isInside('/c/models--a--b', '/c/other')).toBe(false);
    expect(isInside('/c/models--a--b', '/')).toBe(false);
    expect(isInside('/c/models--a--b', '/c/models--a--b/..x')).toBe(true);
  });
});

describe('realpathOfExisting', () => {
  it('resolves symlinks on the way of a path whose end does not exist yet', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'hubget-realpath-')));
    try {
      mkdirSync(join(root, 'real'));
      symlinkSync(join(root, 'real'), join(root, 'link'));
      expect(realpathOfExisting(join(root, 'link'))).toBe(join(root, 'real'));
      expect(realpathOfExisting(join(root, 'link', 'not', 'yet'))).toBe(join(root, 'real', 'not', 'yet'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('realFolderInModelsDir', () => {
  it('gives the real path of a folder inside, through symlinks, and refuses one that is not inside', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'hubget-in-models-')));
    const models = join(root, 'models');
    try {
      mkdirSync(join(models, 'real'), { recursive: true });
      mkdirSync(join(root, 'outside'));
      symlinkSync(join(models, 'real'), join(models, 'alias'));
      symlinkSync(join(root, 'outside'), join(models, 'escape'));
      symlinkSync(models, join(root, 'models-link'));
      expect(realFolderInModelsDir(models, 'real')).toBe(join(models, 'real'));
      expect(realFolderInModelsDir(models, 'alias')).toBe(join(models, 'real'));
      expect(realFolderInModelsDir(models, 'not-yet')).toBe(join(models, 'not-yet'));
      expect(realFolderInModelsDir(models, join(models, 'real'))).toBe(join(models, 'real'));
      // A models dir reached through a symlink contains the same folders.
      expect(realFolderInModelsDir(join(root, 'models-link'), 'alias')).toBe(join(models, 'real'));
      expect(realFolderInModelsDir(models, join(root, 'models-link', 'real'))).toBe(join(models, 'real'));
      for (const folder of ['escape', 'escape/deeper', '../outside', join(root, 'outside'), '.', 'real/..']) {
        expect(
          codeOf(() => realFolderInModelsDir(models, folder)),
          folder,
        ).toBe('UNSAFE_PATH');
      }
      expect(() => realFolderInModelsDir(models, 'escape')).toThrow(
        `Refusing escape — not inside the models folder ${models} (it leads to ${join(root, 'outside')})`,
      );
      expect(() => realFolderInModelsDir(models, '../outside')).toThrow(
        `Refusing ../outside — not inside the models folder ${models}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
