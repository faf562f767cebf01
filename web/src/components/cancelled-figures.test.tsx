// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobPlaces } from '../../../test/support/web/job-places.js';

/** The reviewer's job: 193.75 MB fetched of 629.15 MB, then cancelled, which deleted the partial file. */
const cancelled = jobFixture({
  id: 'big',
  name: 'big-model',
  repoId: 'slow/big-model',
  state: 'cancelled',
  total: 629_145_602,
  downloaded: 2,
  percent: 0,
  fetchedBytes: 193_750_000,
  fetchingMs: 125_000,
  startedAt: new Date(Date.now() - 131_000).toISOString(),
  finishedAt: new Date(Date.now() - 1000).toISOString(),
});

describe('a cancelled job’s two byte counts', () => {
  const places = jobPlaces(cancelled);

  it('says which is kept on disk (the panel row) and which was fetched (the History)', async () => {
    places.render();
    await waitFor(() =>
      expect(within(places.panel()).getByText('Finished files kept: 2 B of 629.15 MB')).toBeTruthy(),
    );
    const history = screen.getByRole('region', { name: /History/ });
    expect(within(history).getByText('Fetched 193.75 MB of 629.15 MB')).toBeTruthy();
    expect(within(history).getByText('Finished files kept: 2 B')).toBeTruthy();
  });
});
