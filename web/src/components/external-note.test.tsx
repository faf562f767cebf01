// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobPlaces } from '../../../test/support/web/job-places.js';

/** huggingface_hub downloading org/medium into the cache, seen through its temp file: no total, no files. */
const external = jobFixture({
  id: 'ext-1',
  kind: 'external',
  name: 'medium',
  repoId: 'org/medium',
  revision: '',
  downloaded: 1_600_000,
  total: 0,
  percent: 0,
  speed: 200_000,
  eta: null,
  filesDone: 0,
  filesTotal: 0,
  resultPath: '/cache/models--org--medium',
});

describe('an external download', () => {
  const shown = jobPlaces(external);

  it('is tagged "external" and says what it is, in the panel and on the Downloads page', () => {
    shown.render();
    for (const where of [shown.panel(), shown.page()]) {
      expect(within(where).getByText('external')).toBeTruthy();
      expect(
        within(where).getByText(/^Another program’s download .* hubget only watches its temp files/),
      ).toBeTruthy();
      expect(within(where).getByText('org/medium')).toBeTruthy();
      // Only watched: nothing to press.
      expect(within(where).queryByRole('button', { name: /medium/ })).toBeNull();
    }
  });

  it('shows no file count and no "of 0 B" it does not have', () => {
    shown.render();
    const page = shown.page();
    expect(page.textContent).not.toMatch(/0\/0 files|\/ 0 B/);
    expect(within(page).getByText('1.60 MB so far, total unknown')).toBeTruthy();
  });
});
