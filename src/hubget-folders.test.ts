import { describe, expect, it } from 'vitest';
import { defaultModelsDir, resolveDataDir, unsetIfBlank } from './hubget-folders.js';

const env = { HOME: '/home/ada' };

describe("hubget's own folders", () => {
  it('data folder: the flag, else HUBGET_DATA_DIR, else ~/.local/share/hubget; blank counts as unset', () => {
    expect(resolveDataDir(undefined, env)).toBe('/home/ada/.local/share/hubget');
    expect(resolveDataDir('  ', { ...env, HUBGET_DATA_DIR: '' })).toBe('/home/ada/.local/share/hubget');
    expect(resolveDataDir(undefined, { ...env, HUBGET_DATA_DIR: '$HOME/state' })).toBe('/home/ada/state');
    expect(resolveDataDir('rel', { ...env, HUBGET_DATA_DIR: '/ignored' }, { cwd: '/work' })).toBe(
      '/work/rel',
    );
  });

  it('models folder: HUBGET_MODELS_DIR, else ~/models, made absolute against the working folder', () => {
    expect(defaultModelsDir(env)).toBe('/home/ada/models');
    expect(defaultModelsDir({ ...env, HUBGET_MODELS_DIR: 'weights' }, { cwd: '/srv' })).toBe('/srv/weights');
    expect(defaultModelsDir({ ...env, HUBGET_MODELS_DIR: ' ' })).toBe('/home/ada/models');
  });

  it('blank is unset, anything else is kept as written', () => {
    expect(unsetIfBlank(undefined)).toBeUndefined();
    expect(unsetIfBlank(' \t')).toBeUndefined();
    expect(unsetIfBlank(' x ')).toBe(' x ');
  });
});
