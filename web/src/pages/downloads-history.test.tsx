// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { renderDownloadsPage } from '../../../test/support/web/downloads-page.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';

const finishedAt = new Date(Date.now() - 60_000).toISOString();
const history: JobView[] = [
  // Failed before its listing: nothing fetched, no speed sample, so no chart to offer.
  jobFixture({
    id: 'nope',
    name: 'nope',
    repoId: 'org/nope',
    state: 'failed',
    finishedAt,
    downloaded: 0,
    total: 0,
    percent: 0,
    fetchedBytes: 0,
    error: { code: 'REPO_NOT_FOUND', message: 'org/nope was not found' },
  }),
  jobFixture({
    id: 'half',
    name: 'half',
    repoId: 'org/half',
    state: 'failed',
    finishedAt,
    downloaded: 1000,
    fetchedBytes: 1000,
    error: { code: 'NETWORK', message: 'gave up' },
  }),
  jobFixture({ id: 'done', name: 'done', repoId: 'org/done', state: 'completed', finishedAt }),
  // Cancelled: its partial files were deleted, nothing kept on disk.
  jobFixture({
    id: 'gone',
    name: 'gone',
    repoId: 'org/gone',
    state: 'cancelled',
    finishedAt,
    downloaded: 0,
    fetchedBytes: 5000,
  }),
];

describe('Downloads page history: the speed chart', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await renderDownloadsPage(history);
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('is offered for jobs that fetched something, not for a failed one that fetched nothing', async () => {
    const row = (await screen.findByText('org/nope was not found')).closest('li')!;
    expect(within(row).queryByRole('button', { name: /^Speed chart/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Speed chart for half' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Speed chart for done' })).toBeTruthy();
  });

  it("says in Remove's title what is true of a row that kept nothing on disk: no file is deleted, none said to stay", async () => {
    const remove = await screen.findByRole('button', { name: 'Remove gone from history' });
    const row = remove.closest('li')!;
    expect(row.textContent).toContain('kept on disk');
    const title = remove.getAttribute('title') ?? '';
    expect(title).toMatch(/deletes no file/);
    expect(title).not.toMatch(/stay on disk|Delete removes/);
  });
});
