import { describe, expect, it } from 'vitest';
import { parseHubAddress, readHubAddress } from './hub-address.js';

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

  it('reads an id with @REV, typed or prefixed', () => {
    expect(parseHubAddress('org/name@v1.0')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
      revision: 'v1.0',
    });
    expect(parseHubAddress('datasets/org/data@refs/pr/1')).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: 'refs/pr/1',
    });
  });

  it('leaves plain ids and anything else to the id validator', () => {
    expect(parseHubAddress('org/name')).toBeNull();
    expect(parseHubAddress('gpt2')).toBeNull();
    expect(parseHubAddress('')).toBeNull();
    expect(parseHubAddress('https://huggingface.co/')).toBeNull();
  });
});

/** The forms the CLI's reader and the web form's reader used to read differently, now read once. */
describe('readHubAddress', () => {
  const commit = 'c'.repeat(40);

  it('takes the commit of a /commit/ page as the revision', () => {
    expect(readHubAddress(`https://huggingface.co/org/name/commit/${commit}`)).toEqual({
      repoId: 'org/name',
      revision: commit,
    });
    expect(readHubAddress(`hf.co/datasets/org/data/commit/${commit}`)).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: commit,
    });
  });

  it('keeps the file of a blob or resolve page and the folder of a tree page', () => {
    expect(readHubAddress('https://huggingface.co/org/name/blob/v1.0/sub/config.json')).toEqual({
      repoId: 'org/name',
      revision: 'v1.0',
      filename: 'sub/config.json',
    });
    expect(readHubAddress('huggingface.co/gpt2/resolve/main/model.gguf?download=true')).toEqual({
      repoId: 'gpt2',
      revision: 'main',
      filename: 'model.gguf',
    });
    expect(readHubAddress('https://huggingface.co/org/name/tree/main/sub/dir/')).toEqual({
      repoId: 'org/name',
      revision: 'main',
      folder: 'sub/dir',
    });
  });

  it('knows the other pages of a repo without a namespace', () => {
    expect(() => readHubAddress('https://huggingface.co/gpt2/discussions')).toThrow(
      /"\/discussions" is not a page of files; pass the repository, e.g\. gpt2$/,
    );
  });

  it('reads the pages of a prefixed id as of a URL, and decodes every segment', () => {
    expect(readHubAddress('datasets/org/data/tree/v1')).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: 'v1',
    });
    expect(readHubAddress('spaces/org/demo/')).toEqual({ repoId: 'org/demo', repoType: 'space' });
    expect(readHubAddress('https://www.hf.co/org/na%2Dme/tree/refs%2Fpr%2F1')).toEqual({
      repoId: 'org/na-me',
      revision: 'refs/pr/1',
    });
  });
});
