import { describe, expect, it } from 'vitest';
import { parsePort, resolveServeOptions } from './serve-options.js';

const context = { home: '/home/ada', cwd: '/work' };

describe('resolveServeOptions', () => {
  it('uses loopback, port 3000, ~/.local/share/hubget, ~/models and the HF_HOME cache by default', () => {
    const options = resolveServeOptions({}, { HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' }, context);
    expect(options).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/home/ada/.local/share/hubget',
      modelsDir: '/home/ada/models',
      hubCacheDir: expect.stringMatching(/huggingface\/hub$/),
      logLevel: 'info',
      hub: { endpoint: 'https://huggingface.co' },
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('takes env, and flags over env', () => {
    const env = {
      HUBGET_HOST: '0.0.0.0',
      HUBGET_PORT: '8080',
      HUBGET_DATA_DIR: '~/state',
      HUBGET_MODELS_DIR: 'models',
      HUBGET_API_TOKEN: 'env-token-123',
      HF_HUB_CACHE: '/srv/hf/hub',
      HUBGET_CATALOG: 'catalog.json',
      HF_ENDPOINT: 'http://127.0.0.1:9999/',
      HF_TOKEN: 'hf_fromenv',
    };
    expect(resolveServeOptions({}, env, context)).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/home/ada/state',
      modelsDir: '/work/models',
      hubCacheDir: '/srv/hf/hub',
      apiToken: 'env-token-123',
      catalogPath: '/work/catalog.json',
      hub: { endpoint: 'http://127.0.0.1:9999', token: 'hf_fromenv' },
    });
    expect(
      resolveServeOptions(
        { host: '127.0.0.1', port: '0', apiToken: 'flag-token-123', cacheDir: '/c' },
        env,
        context,
      ),
    ).toMatchObject({ host: '127.0.0.1', port: 0, apiToken: 'flag-token-123', hubCacheDir: '/c' });
  });

  it('refuses a bad port or log level with a clear message', () => {
    expect(() => parsePort('70000')).toThrow(/Port must be a number from 0 to 65535, got "70000"/);
    expect(() => parsePort('-1')).toThrow(/got "-1"/);
    expect(() => resolveServeOptions({ port: 'http' }, {}, context)).toThrow(/Port/);
    expect(() => resolveServeOptions({ logLevel: 'loud' }, {}, context)).toThrow(/Log level must be one of/);
  });
});
