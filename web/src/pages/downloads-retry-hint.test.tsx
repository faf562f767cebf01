// @vitest-environment jsdom
/**
 * A download that failed DISK_FULL with 73.14 MB on disk: the History says Retry resumes it (the CLI's
 * "… kept: run the same command again to resume"), not only the error, which reads as if everything were lost.
 */
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { renderDownloadsPage } from '../../../test/support/web/downloads-page.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';

const finishedAt = new Date(Date.now() - 60_000).toISOString();
const diskFull = jobFixture({
  id: 'full',
  name: 'q2',
  repoId: 'org/q2',
  state: 'failed',
  finishedAt,
  downloaded: 73_140_000,
  fetchedBytes: 73_140_000,
  total: 125_830_000,
  error: { code: 'DISK_FULL', message: 'Not enough free disk space' },
});
const notFound = jobFixture({
  id: 'nope',
  name: 'nope',
  repoId: 'org/nope',
  state: 'failed',
  finishedAt,
  downloaded: 1000,
  fetchedBytes: 1000,
  error: { code: 'REPO_NOT_FOUND', message: 'org/nope was not found' },
});

describe('Downloads page history: a failed job that kept bytes', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says Retry resumes it, after freeing space for DISK_FULL; nothing for a failure a Retry meets again', async () => {
    server = await renderDownloadsPage([diskFull, notFound]);
    const row = (await screen.findByText('Not enough free disk space')).closest('li')!;
    expect(within(row).getByText('Free some space, then Retry: it resumes (73.14 MB kept)')).toBeTruthy();
    const other = screen.getByText('org/nope was not found').closest('li')!;
    expect(other.textContent).not.toMatch(/resume/i);
  });
});
