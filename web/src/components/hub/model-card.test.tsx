// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelCard, splitModelCard } from './model-card.js';

afterEach(cleanup);

const CARD = `---
license: apache-2.0
base_model: org/base
tags: [gguf, llama]
pipeline_tag: text-generation
---

# Title

| a | b |
| - | - |
| 1 | 2 |

<script>window.ran = true</script>
<img src="x" onerror="window.ran = true">

[bad](javascript:alert(1)) and [good](https://example.org/)
`;

describe('model card', () => {
  it('turns the YAML front matter into facts', () => {
    const { facts, body } = splitModelCard(CARD);
    expect(facts).toEqual([
      { label: 'License', value: 'apache-2.0' },
      { label: 'Base model', value: 'org/base' },
      { label: 'Pipeline', value: 'text-generation' },
      { label: 'Tags', value: 'gguf, llama' },
    ]);
    expect(body.startsWith('\n# Title')).toBe(true);
  });

  it('keeps rendering when the front matter is malformed', () => {
    expect(splitModelCard('---\nlicense: [unclosed\n---\n# Hi\n')).toEqual({ facts: [], body: '# Hi\n' });
    expect(splitModelCard('# No front matter')).toEqual({ facts: [], body: '# No front matter' });
  });

  it('renders Markdown with tables, and nothing that can run', () => {
    const { container } = render(<ModelCard text={CARD} truncated />);
    expect(screen.getByRole('heading', { name: 'Title' })).toBeTruthy();
    expect(container.querySelector('table')).not.toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.innerHTML).not.toContain('javascript:');
    expect(screen.getByRole('link', { name: 'good' }).getAttribute('href')).toBe('https://example.org/');
    expect(screen.getByText(/only its beginning is shown/)).toBeTruthy();
  });
});
