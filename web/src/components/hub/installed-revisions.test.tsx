// @vitest-environment jsdom
/**
 * The Installed card's line of missing files: a warning ("Partial: …") when nothing is fetching them, the
 * download's state when a download of its own is on its way ("Downloading: 3 of 4 files missing …"), never the
 * warning's box beside a download that is filling the copy.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { installedFixture } from '../../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../../test/support/web/render-live.js';
import { createApi } from '../../api/client.js';
import { InstalledRevisions } from './installed-revisions.js';

const plan = {
  jobId: 'j1',
  commit: 'a'.repeat(40),
  files: 4,
  bytes: 1_258_291_222,
  missingFiles: 3,
  missingBytes: 1_258_291_200,
};
const installed = installedFixture('org/big', {
  sizeOnDisk: 22,
  unfinishedFiles: 3,
  unfinishedBytes: 409_000_000,
  plan,
});
const running = jobFixture({ id: 'j1', name: 'big', repoId: 'org/big', state: 'running' });

// No request is made: the card asks the server nothing until Verify files is pressed.
const noServer = createApi(() => Promise.reject(new Error('no server in this test')));

function show(holder: typeof running | null): HTMLElement {
  return renderLive(
    noServer,
    <InstalledRevisions installed={installed} others={[]} holder={holder} onDelete={() => {}} />,
  ).container;
}

describe('InstalledRevisions: files missing', () => {
  afterEach(cleanup);

  it('warns "Partial" when no download of its own is on its way', () => {
    const card = show(null);
    expect(screen.getByText(/^Partial: 3 of 4 files missing/)).toBeTruthy();
    expect(card.querySelector('.callout--warning')).not.toBeNull();
  });

  it('says the download is on its way, with no warning, while one fetches them', () => {
    const card = show(running);
    // The partial files beside the count: they resume, not all of the 1.26 GB is still to fetch.
    expect(
      screen.getByText(
        'Downloading: 3 of 4 files missing (1.26 GB of 1.26 GB); 3 partial files on disk (409.00 MB) resume.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/Partial/)).toBeNull();
    expect(card.querySelector('.callout--warning')).toBeNull();
  });

  it('says "Paused" for a paused one', () => {
    show({ ...running, state: 'paused' });
    expect(screen.getByText(/^Paused: 3 of 4 files missing/)).toBeTruthy();
  });
});
