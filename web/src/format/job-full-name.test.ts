import { describe, expect, it } from 'vitest';
import { jobFullName } from './job-full-name.js';

describe('jobFullName', () => {
  it('is the repo id when the name is its last part', () => {
    expect(jobFullName({ name: 'demo-model', repoId: 'org/demo-model' })).toBe('org/demo-model');
    expect(jobFullName({ name: 'gpt2', repoId: 'gpt2' })).toBe('gpt2');
  });

  it('names the repo beside a name of its own', () => {
    expect(jobFullName({ name: 'tiny-gguf Q4_K_M', repoId: 'org/tiny-gguf' })).toBe(
      'tiny-gguf Q4_K_M (org/tiny-gguf)',
    );
  });
});
