import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { resolveLocalDir } from './local-dir.js';

describe('resolveLocalDir', () => {
  const base = mkdtempSync(join(tmpdir(), 'hubget-localdir-'));
  const models = join(base, 'models');
  mkdirSync(models);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return isHubgetError(error) ? error.code : 'not a HubgetError';
    }
    return 'no error';
  };

  it('resolves names under the models dir and accepts absolute paths inside it', () => {
    expect(resolveLocalDir(models, 'qwen')).toBe(join(models, 'qwen'));
    expect(resolveLocalDir(models, join(models, 'abs'))).toBe(join(models, 'abs'));
  });

  it('refuses escapes with UNSAFE_PATH', () => {
    expect(code(() => resolveLocalDir(models, '../../etc/passwd'))).toBe('UNSAFE_PATH');
    expect(code(() => resolveLocalDir(models, 'a/../../b'))).toBe('UNSAFE_PATH');
    expect(code(() => resolveLocalDir(models, '/etc'))).toBe('UNSAFE_PATH');
    expect(code(() => resolveLocalDir(models, models))).toBe('UNSAFE_PATH');
    expect(code(() => resolveLocalDir(models, `${models}-sibling`))).toBe('UNSAFE_PATH');
    symlinkSync(base, join(models, 'link-out'));
    expect(code(() => resolveLocalDir(models, 'link-out/x'))).toBe('UNSAFE_PATH');
    expect(code(() => resolveLocalDir(models, ''))).toBe('INVALID_ARGUMENT');
  });

  it.each([
    ['a nested name', 'small/nested', /one folder directly under the models folder/],
    ["another local dir's bookkeeping", 'small/.cache/huggingface', /one folder directly under/],
    ['a nested absolute path', '<models>/org/qwen', /one folder directly under/],
    ['a hidden folder', '.cache', /hidden folder/],
    ['a hub-cache repo folder name', 'models--org--name', /hub-cache repo folder/],
  ])('refuses %s with INVALID_ARGUMENT', (_label, localDir, message) => {
    const value = localDir.replace('<models>', models);
    expect(code(() => resolveLocalDir(models, value))).toBe('INVALID_ARGUMENT');
    expect(() => resolveLocalDir(models, value)).toThrow(message);
  });

  it('refuses a symlink that leads into another folder of the models dir', () => {
    mkdirSync(join(models, 'small', '.cache', 'huggingface'), { recursive: true });
    symlinkSync(join(models, 'small', '.cache', 'huggingface'), join(models, 'into-bookkeeping'));
    expect(code(() => resolveLocalDir(models, 'into-bookkeeping'))).toBe('INVALID_ARGUMENT');
    symlinkSync(join(models, 'small'), join(models, 'alias'));
    expect(resolveLocalDir(models, 'alias')).toBe(join(models, 'alias'));
  });
});
