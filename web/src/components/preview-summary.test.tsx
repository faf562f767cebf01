// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../../src/api-types.js';
import { PreviewSummary } from './preview-summary.js';

/** The QA's preview: a quantization into the cache, its weights in a local dir under the models folder. */
const preview: PreviewResponse = {
  repoId: 'TheBloke/tiny-GGUF',
  repoType: 'model',
  revision: 'main',
  commit: '78cb39115c596d2fd82ad46b7b24361c526d5845',
  files: [],
  totalBytes: 305_466,
  presentBytes: 466,
  bytesToFetch: 215_000,
  copiedBytes: 90_000,
  copiedFrom: [{ from: 'local-dir', dir: '/tmp/uifix-run/models/q8' }],
  bytesToWrite: 305_000,
  freeBytes: 81_390_661_632,
  gated: false,
  needsToken: false,
  destination: '/cache/hub/models--TheBloke--tiny-GGUF',
  message: null,
};

describe('PreviewSummary: what it copies', () => {
  afterEach(cleanup);

  it('takes a whole row, its place beside the figure, not a label squeezed into a 140 px column', () => {
    render(<PreviewSummary preview={preview} fit={null} />);
    const label = screen.getByText('To copy');
    const row = label.closest('div')!;
    expect(row.className).toBe('stats-grid__row');
    expect(row.querySelector('dd')?.textContent).toBe('90.00 kB from the local dir /tmp/uifix-run/models/q8');
  });
});
