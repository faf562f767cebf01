import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPath, hfTokenFilePath, resolveHfHome, resolveHubCacheDir } from './hf-locations.js';

const HOME = '/home/tester';

describe('resolveHfHome', () => {
  it('prefers HF_HOME, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(resolveHfHome({ HOME, HF_HOME: '/data/hf', XDG_CACHE_HOME: '/x' })).toBe('/data/hf');
    expect(resolveHfHome({ HOME, XDG_CACHE_HOME: '/x' })).toBe('/x/huggingface');
    expect(resolveHfHome({ HOME })).toBe('/home/tester/.cache/huggingface');
  });
  it('treats empty variables as unset', () => {
    expect(resolveHfHome({ HOME, HF_HOME: '', XDG_CACHE_HOME: '' })).toBe('/home/tester/.cache/huggingface');
  });
  it('expands ~ and $VAR', () => {
    expect(resolveHfHome({ HOME, HF_HOME: '~/hf' })).toBe('/home/tester/hf');
    expect(resolveHfHome({ HOME, DISK: '/mnt/d', HF_HOME: '$DISK/hf' })).toBe('/mnt/d/hf');
    expect(resolveHfHome({ HOME, DISK: '/mnt/d', HF_HOME: ['$', '{DISK}/hf'].join('') })).toBe('/mnt/d/hf');
  });
});

describe('resolveHubCacheDir', () => {
  it('follows the precedence cacheDir > HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > HF_HOME/hub', () => {
    const env = { HOME, HF_HUB_CACHE: '/a', HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c' };
    expect(resolveHubCacheDir({ cacheDir: '/z', env })).toBe('/z');
    expect(resolveHubCacheDir({ env })).toBe('/a');
    expect(resolveHubCacheDir({ env: { ...env, HF_HUB_CACHE: undefined } })).toBe('/b');
    expect(resolveHubCacheDir({ env: { HOME, HF_HOME: '/c' } })).toBe('/c/hub');
    expect(resolveHubCacheDir({ env: { HOME, XDG_CACHE_HOME: '/x' } })).toBe('/x/huggingface/hub');
    expect(resolveHubCacheDir({ env: { HOME } })).toBe('/home/tester/.cache/huggingface/hub');
  });
  it('makes relative paths absolute and expands ~ in --cache-dir', () => {
    expect(resolveHubCacheDir({ cacheDir: 'rel/cache', env: { HOME } })).toBe(
      join(process.cwd(), 'rel/cache'),
    );
    expect(resolveHubCacheDir({ cacheDir: '~/c', env: { HOME } })).toBe('/home/tester/c');
  });
});

describe('expandPath', () => {
  it('leaves unknown variables and mid-path ~ alone, like os.path.expandvars/expanduser', () => {
    expect(expandPath('$NOPE/x', { HOME })).toBe('$NOPE/x');
    expect(expandPath('/a/~/b', { HOME })).toBe('/a/~/b');
    expect(expandPath('~', { HOME })).toBe(HOME);
  });
});

describe('hfTokenFilePath', () => {
  it('is HF_TOKEN_PATH, else the token file in HF_HOME', () => {
    expect(hfTokenFilePath({ HOME })).toBe('/home/tester/.cache/huggingface/token');
    expect(hfTokenFilePath({ HOME, HF_HOME: '~/hf' })).toBe('/home/tester/hf/token');
    expect(hfTokenFilePath({ HOME, XDG_CACHE_HOME: '/x' })).toBe('/x/huggingface/token');
    expect(hfTokenFilePath({ HOME, HF_TOKEN_PATH: '$HOME/secrets/hf' })).toBe('/home/tester/secrets/hf');
    expect(hfTokenFilePath({ HOME, HF_TOKEN_PATH: '', HF_HOME: '/h' })).toBe('/h/token');
  });
});
