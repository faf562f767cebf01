import { describe, expect, it } from 'vitest';
import { parseRepoRef } from './repo-id.js';
import { encodeRevision, redactUrl, resolveUrl, revisionInfoUrl, treeUrl } from './urls.js';

const ep = 'https://huggingface.co';

describe('urls', () => {
  it('encodes the revision with no safe characters and the path keeping /', () => {
    expect(encodeRevision('refs/pr/1')).toBe('refs%2Fpr%2F1');
    expect(encodeRevision("v1.0(beta)!*'")).toBe('v1.0%28beta%29%21%2A%27');
    expect(resolveUrl(ep, parseRepoRef('org/m'), 'refs/pr/1', 'sub dir/a#b.json')).toBe(
      'https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/sub%20dir/a%23b.json',
    );
  });

  it('prefixes datasets and spaces', () => {
    expect(resolveUrl(ep, parseRepoRef('org/d', 'dataset'), 'main', 'x')).toBe(
      'https://huggingface.co/datasets/org/d/resolve/main/x',
    );
    expect(revisionInfoUrl(ep, parseRepoRef('org/s', 'space'), 'main')).toBe(
      'https://huggingface.co/api/spaces/org/s/revision/main',
    );
    expect(treeUrl(ep, parseRepoRef('gpt2'), 'main')).toBe(
      'https://huggingface.co/api/models/gpt2/tree/main?recursive=true&expand=false',
    );
  });

  it('redacts query strings (signatures) from URLs', () => {
    expect(redactUrl('https://cdn.example/x/abc?X-Amz-Signature=s')).toBe('https://cdn.example/x/abc');
  });
});
