import { describe, expect, it } from 'vitest';
import { loadServerConfig, parsePort } from './load-server-config.js';

const HOME = '/home/ada';
const context = { cwd: '/work' };

describe('loadServerConfig', () => {
  it('uses loopback, port 3000, ~/.local/share/hubget, ~/models and the HF_HOME cache by default', () => {
    const config = loadServerConfig({}, { HOME, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' }, context);
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/home/ada/.local/share/hubget',
      modelsDir: '/home/ada/models',
      hubCacheDir: '/home/ada/.cache/huggingface/hub',
      logLevel: 'info',
      hub: { endpoint: 'https://huggingface.co' },
      watchExternal: true,
      networkIntervalMs: 1000,
      heartbeatMs: 15_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.hub)).toBe(true);
  });

  it('follows huggingface_hub for the cache: HF_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, never the data dir', () => {
    const cacheOf = (env: Record<string, string>) =>
      loadServerConfig({}, { HOME, ...env }, context).hubCacheDir;
    expect(cacheOf({ HF_HUB_CACHE: '/srv/hub' })).toBe('/srv/hub');
    expect(cacheOf({ HF_HOME: '~/hf' })).toBe('/home/ada/hf/hub');
    expect(cacheOf({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface/hub');
    expect(cacheOf({ HUBGET_DATA_DIR: '/data' })).toBe('/home/ada/.cache/huggingface/hub');
    expect(loadServerConfig({ cacheDir: 'c' }, { HOME, HF_HUB_CACHE: '/srv/hub' }, context).hubCacheDir).toBe(
      '/work/c',
    );
  });

  it('takes env, and flags over env', () => {
    const env = {
      HOME,
      HUBGET_HOST: '0.0.0.0',
      HUBGET_PORT: '8080',
      HUBGET_DATA_DIR: '~/state',
      HUBGET_MODELS_DIR: 'models',
      HUBGET_API_TOKEN: 'env-token-123',
      HF_HUB_CACHE: '/srv/hf/hub',
      HUBGET_CATALOG: '$HOME/catalog.json',
      HF_ENDPOINT: 'http://127.0.0.1:9999/',
      HF_TOKEN: 'hf_fromenv',
    };
    expect(loadServerConfig({}, env, context)).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/home/ada/state',
      modelsDir: '/work/models',
      hubCacheDir: '/srv/hf/hub',
      apiToken: 'env-token-123',
      catalogPath: '/home/ada/catalog.json',
      hub: { endpoint: 'http://127.0.0.1:9999', token: 'hf_fromenv' },
    });
    expect(
      loadServerConfig(
        { host: '127.0.0.1', port: '0', apiToken: 'flag-token-123', cacheDir: '/c' },
        env,
        context,
      ),
    ).toMatchObject({ host: '127.0.0.1', port: 0, apiToken: 'flag-token-123', hubCacheDir: '/c' });
  });

  it('refuses an API token of spaces only, which would have meant none', () => {
    expect(() => loadServerConfig({}, { HOME, HUBGET_API_TOKEN: '   ' }, context)).toThrow(
      /^HUBGET_API_TOKEN is only spaces: set a token of at least 8 characters, or leave it empty for none$/,
    );
    expect(() => loadServerConfig({ apiToken: ' ' }, { HOME }, context)).toThrow(
      /^--api-token is only spaces/,
    );
    expect(loadServerConfig({}, { HOME, HUBGET_API_TOKEN: '' }, context).apiToken).toBeUndefined();
  });

  it('refuses a bad port, log level or an open bind without a token, with a clear message', () => {
    expect(() => parsePort('70000')).toThrow(/Port must be a number from 0 to 65535, got "70000"/);
    expect(() => parsePort('-1')).toThrow(/got "-1"/);
    expect(() => loadServerConfig({ port: 'http' }, { HOME }, context)).toThrow(/Port/);
    expect(() => loadServerConfig({ logLevel: 'loud' }, { HOME }, context)).toThrow(
      /Log level must be one of/,
    );
    expect(() => loadServerConfig({ host: '0.0.0.0' }, { HOME }, context)).toThrow(
      /Refusing to listen on 0\.0\.0\.0 without an API token/,
    );
  });
});
