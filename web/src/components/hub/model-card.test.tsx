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

  it('keeps rendering when the front matter is malformed, and keeps it as written', () => {
    const split = splitModelCard('---\nlicense: [unclosed\n---\n# Hi\n');
    expect(split).toMatchObject({ facts: [], body: '# Hi\n', unreadable: { text: 'license: [unclosed' } });
    expect(split.unreadable?.reason).not.toBe('');
    expect(splitModelCard('# No front matter')).toEqual({ facts: [], body: '# No front matter' });
  });

  it('says so when a card is only front matter that does not parse, instead of an empty box', () => {
    render(<ModelCard text={'---\nlicense: mit\ntags: [a, b\nlanguage: en\n---\n'} truncated={false} />);
    expect(
      screen.getByText(/^The card’s metadata \(its YAML front matter\) could not be read: /),
    ).toBeTruthy();
    expect(screen.getByText('Metadata as written')).toBeTruthy();
    expect(screen.getByText(/tags: \[a, b/)).toBeTruthy();
    expect(screen.getByText('The model card has no text beyond its metadata.')).toBeTruthy();
  });

  it('puts each table in a box that scrolls sideways, and names a dataset card as such', () => {
    render(<ModelCard text={'# Data\n\n| a | b |\n| - | - |\n| 1 | 2 |\n'} truncated kind="dataset" />);
    const box = screen.getByRole('region', { name: 'Table' });
    expect(box.className).toBe('table-scroll');
    expect(box.querySelector('table')).not.toBeNull();
    expect(screen.getByText('The dataset card is long; only its beginning is shown.')).toBeTruthy();
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
