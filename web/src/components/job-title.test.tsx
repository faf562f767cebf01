// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { splitQuantName } from '../format/quant-labels.js';
import { JobTitle } from './job-title.js';

afterEach(cleanup);

describe('splitQuantName', () => {
  it('splits a name that ends with a quantization, and nothing else', () => {
    expect(splitQuantName('Llama-3.2-1B-Instruct-GGUF Q6_K')).toEqual(['Llama-3.2-1B-Instruct-GGUF', 'Q6_K']);
    expect(splitQuantName('Tiny GGUF IQ4_XS')).toEqual(['Tiny GGUF', 'IQ4_XS']);
    expect(splitQuantName('Qwen2.5 7B')).toBeNull();
    expect(splitQuantName('Llama-3.2-1B-Instruct-GGUF')).toBeNull();
    expect(splitQuantName('Q4_K_M')).toBeNull();
  });
});

describe('JobTitle: two quantizations of one repo', () => {
  it('keeps the quantization in an element of its own that is never cut; only the repo part is', () => {
    const job = jobFixture({
      name: 'Llama-3.2-1B-Instruct-GGUF Q6_K',
      repoId: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
    });
    const { container } = render(<JobTitle job={job} nameClassName="job-row__name" />);
    const name = container.querySelector('.job-row__name') as HTMLElement;
    expect(name.textContent).toBe('Llama-3.2-1B-Instruct-GGUF Q6_K');
    expect(name.className).toContain('job-title__name--split');
    expect(name.querySelector('.job-title__head')?.textContent).toBe('Llama-3.2-1B-Instruct-GGUF');
    expect(name.querySelector('.job-title__quant')?.textContent?.trim()).toBe('Q6_K');
    expect(container.querySelector('.job-title__sub')?.textContent).toBe(
      'bartowski/Llama-3.2-1B-Instruct-GGUF',
    );
  });

  it('leaves any other name whole', () => {
    const { container } = render(<JobTitle job={jobFixture()} nameClassName="job-row__name" />);
    const name = container.querySelector('.job-row__name') as HTMLElement;
    expect(name.textContent).toBe('Qwen2.5 7B');
    expect(name.children).toHaveLength(0);
  });
});
