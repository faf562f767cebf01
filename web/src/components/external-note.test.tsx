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

  it('gives no percent beside its bar, in the panel and on the Downloads page: its size is unknown', () => {
    shown.render();
    for (const where of [shown.panel(), shown.page()]) expect(where.textContent).not.toMatch(/0\.0%/);
  });

  it('says nothing of what ends it while the download moves', () => {
    shown.render();
    expect(shown.page().textContent).not.toMatch(/If that program has stopped/);
  });
});

// A killed huggingface_hub process's temp file: "running" and stalled for as long as the file lasts.
describe('a stalled external download', () => {
  const stalled = jobPlaces({
    ...external,
    stalled: true,
    speed: 0,
    stallReason: 'No file activity for 11 min',
  });

  it('says that the entry lasts as long as its temp files, and what ends it', () => {
    stalled.render();
    for (const where of [stalled.panel(), stalled.page()]) {
      expect(
        within(where).getByText(
          /hubget only watches its temp files: it cannot pause, cancel or limit it\. If that program has stopped, this stays as long as its temp files do: download org\/medium with hubget into the same place \(Models → Download from the Hub\) to finish it, and it goes\.$/,
        ),
      ).toBeTruthy();
    }
  });
});

describe('a stalled external download of a folder that names no repo', () => {
  const folder = jobPlaces({
    ...external,
    id: 'ext-2',
    name: 'hfdir',
    repoId: '',
    stalled: true,
    resultPath: '/models/hfdir',
  });

  it('says to delete its temp files, and where they are', () => {
    folder.render();
    expect(
      within(folder.page()).getByText(
        /If that program has stopped, this stays as long as its temp files do: delete them \(\*\.incomplete or tmp… under \/models\/hfdir\) to clear it\.$/,
      ),
    ).toBeTruthy();
  });
});

// 16 s without file activity, under the 30 s stall timeout: huggingface_hub between two files, or in a backoff.
describe('a quiet external download, not stalled', () => {
  const quiet = jobPlaces({ ...external, id: 'ext-3', speed: 0, noDataSeconds: 16 });

  it('reads "Downloading", its quiet seconds a note rather than a warning', () => {
    quiet.render();
    for (const where of [quiet.panel(), quiet.page()]) {
      expect(within(where).getByText('Downloading')).toBeTruthy();
      expect(within(where).queryByText('Stalled')).toBeNull();
      expect(within(where).getByText('No file activity for 16 s').closest('p')?.className).toBe(
        'job-row__note',
      );
      expect(where.querySelector('.job-row__warning')).toBeNull();
    }
  });
});
