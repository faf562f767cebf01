import { describe, expect, it } from 'vitest';
import { parseHubAddress } from './hub-address.js';

describe('parseHubAddress', () => {
  it('reads a model, dataset or space page address', () => {
    expect(parseHubAddress('https://huggingface.co/org/name')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
    });
    expect(parseHubAddress(' https://huggingface.co/datasets/org/data/ ')).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
    });
    expect(parseHubAddress('https://huggingface.co/spaces/org/demo?logs=container')).toEqual({
      repoId: 'org/demo',
      repoType: 'space',
    });
    expect(parseHubAddress('huggingface.co/org/name')).toEqual({ repoId: 'org/name', repoType: 'model' });
    expect(parseHubAddress('https://hf-mirror.example/org/name#files')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
    });
  });

  it('takes the revision of a tree, file or commit address', () => {
    expect(parseHubAddress('https://huggingface.co/org/name/tree/main')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
      revision: 'main',
    });
    expect(
      parseHubAddress('https://huggingface.co/datasets/org/data/tree/refs%2Fconvert%2Fparquet/sub'),
    ).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: 'refs/convert/parquet',
    });
    expect(parseHubAddress('https://huggingface.co/org/name/blob/v1.0/config.json')?.revision).toBe('v1.0');
    expect(parseHubAddress('https://huggingface.co/org/name/resolve/main/model.gguf')?.revision).toBe('main');
  });

  it('knows a repo without a namespace', () => {
    expect(parseHubAddress('https://huggingface.co/gpt2')).toEqual({ repoId: 'gpt2', repoType: 'model' });
    expect(parseHubAddress('https://huggingface.co/gpt2/tree/main')).toEqual({
      repoId: 'gpt2',
      repoType: 'model',
      revision: 'main',
    });
  });

  it('reads a type prefix', () => {
    expect(parseHubAddress('datasets/org/data')).toEqual({ repoId: 'org/data', repoType: 'dataset' });
    expect(parseHubAddress('models/org/name')).toEqual({ repoId: 'org/name', repoType: 'model' });
  });

  it('leaves plain ids and anything else to the id validator', () => {
    expect(parseHubAddress('org/name')).toBeNull();
    expect(parseHubAddress('gpt2')).toBeNull();
    expect(parseHubAddress('')).toBeNull();
    expect(parseHubAddress('https://huggingface.co/')).toBeNull();
  });
});
