import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from './config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-config-'));
  await writeFile(join(dir, 'token'), '  hf_from_file\r\n');
  await writeFile(join(dir, 'other-token'), 'hf_other_path\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadHubConfig', () => {
  it('defaults to huggingface.co with no token when nothing is set', () => {
    const config = loadHubConfig({ env: { HOME: dir } });
    expect(config.endpoint).toBe('https://huggingface.co');
    expect(config.token).toBeUndefined();
    expect(config.offline).toBe(false);
    expect(config.userAgent).toMatch(/^hubget\/\d+\.\d+\.\d+/);
  });

  it('takes the endpoint from the flag, else HF_ENDPOINT, without trailing slashes', () => {
    expect(loadHubConfig({ env: { HF_ENDPOINT: 'http://mirror.local:8080/' } }).endpoint).toBe(
      'http://mirror.local:8080',
    );
    expect(
      loadHubConfig({ endpoint: 'https://flag.example//', env: { HF_ENDPOINT: 'http://env' } }).endpoint,
    ).toBe('https://flag.example');
    expect(() => loadHubConfig({ endpoint: 'not a url', env: {} })).toThrow(
      'Hub endpoint "not a url" is not an http(s) URL like https://huggingface.co',
    );
    // The variable it came from is named.
    expect(() => loadHubConfig({ env: { HF_ENDPOINT: 'htp:/bad' } })).toThrow(
      'HF_ENDPOINT "htp:/bad" is not an http(s) URL like https://huggingface.co',
    );
    // The same check as the server's endpoint setting: no credentials in the URL, only http(s).
    expect(() => loadHubConfig({ env: { HF_ENDPOINT: 'https://u:p@mirror' } })).toThrow(/credentials/);
    expect(() => loadHubConfig({ env: { HF_ENDPOINT: 'ftp://mirror' } })).toThrow(/http\(s\) URL/);
  });

  it('picks the token: flag > HF_TOKEN > HUGGING_FACE_HUB_TOKEN > token file', () => {
    const env = { HF_HOME: dir, HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' };
    expect(loadHubConfig({ token: 'hf_flag', env }).token).toBe('hf_flag');
    expect(loadHubConfig({ env }).token).toBe('hf_env');
    expect(loadHubConfig({ env: { HF_HOME: dir, HUGGING_FACE_HUB_TOKEN: 'hf_legacy' } }).token).toBe(
      'hf_legacy',
    );
    expect(loadHubConfig({ env: { HF_HOME: dir } }).token).toBe('hf_from_file');
    expect(loadHubConfig({ env: { HF_HOME: dir, HF_TOKEN_PATH: join(dir, 'other-token') } }).token).toBe(
      'hf_other_path',
    );
    expect(loadHubConfig({ env: { HF_HOME: join(dir, 'missing') } }).token).toBeUndefined();
  });

  it('says where the token came from, so a rejected one can be found and fixed', () => {
    const env = { HF_HOME: dir, HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' };
    expect(loadHubConfig({ token: 'hf_flag', env }).tokenFrom).toBe('--token');
    expect(loadHubConfig({ env }).tokenFrom).toBe('HF_TOKEN');
    expect(loadHubConfig({ env: { HF_HOME: dir, HUGGING_FACE_HUB_TOKEN: 'x' } }).tokenFrom).toBe(
      'HUGGING_FACE_HUB_TOKEN',
    );
    expect(loadHubConfig({ env: { HF_HOME: dir } }).tokenFrom).toBe(`the token file ${join(dir, 'token')}`);
    expect(loadHubConfig({ env: { HF_HOME: join(dir, 'missing') } }).tokenFrom).toBeUndefined();
  });

  it('sends no implicit token with HF_HUB_DISABLE_IMPLICIT_TOKEN, but keeps an explicit one', () => {
    const env = { HF_HOME: dir, HF_TOKEN: 'hf_env', HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' };
    expect(loadHubConfig({ env }).token).toBeUndefined();
    expect(loadHubConfig({ token: 'hf_flag', env }).token).toBe('hf_flag');
  });

  it('reads offline mode from HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE', () => {
    expect(loadHubConfig({ env: { HF_HUB_OFFLINE: '1' } }).offline).toBe(true);
    expect(loadHubConfig({ env: { TRANSFORMERS_OFFLINE: 'true' } }).offline).toBe(true);
    expect(loadHubConfig({ env: { HF_HUB_OFFLINE: '0' } }).offline).toBe(false);
  });
});
