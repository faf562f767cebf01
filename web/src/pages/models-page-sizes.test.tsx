// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderModelsPage } from '../../../test/support/web/models-page.js';

const unsized = { total: 0, downloaded: 0, percent: 0, speed: 0, eta: null, filesTotal: 0 };
/** Queued behind another download: its listing (and so its size) comes when it starts. */
const queued = jobFixture({
  ...unsized,
  id: 'job-small',
  name: 'small',
  repoId: 'org/small',
  state: 'queued',
});
/** Failed before any listing: the Hub does not know the repo. */
const failed = jobFixture({
  ...unsized,
  id: 'job-nope',
  name: 'nope',
  repoId: 'org/nope',
  state: 'failed',
  error: { code: 'REPO_NOT_FOUND', message: 'org/nope was not found' },
});

function entryOf(job: JobView, status: ModelListEntry['status']): ModelListEntry {
  const active = job.state === 'queued' ? [job] : [];
  return {
    key: `cache:model/${job.repoId}`,
    catalog: null,
    installed: null,
    job,
    activeJobs: active,
    status,
  };
}

describe('ModelsPage: jobs whose size is not known', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await renderModelsPage([entryOf(queued, 'queued'), entryOf(failed, 'failed')], [queued, failed]);
    await screen.findByRole('heading', { name: 'nope' });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says a queued job learns its size at start, and nothing of size for a failed one: never "0 B / 0 B"', async () => {
    const queuedRow = screen.getByRole('heading', { name: 'small' }).closest('li')!;
    expect(await within(queuedRow).findByText('size known at start')).toBeTruthy();
    const failedRow = screen.getByRole('heading', { name: 'nope' }).closest('li')!;
    await waitFor(() => expect(within(failedRow).getByText('org/nope was not found')).toBeTruthy());
    expect(failedRow.textContent).not.toMatch(/size|0 B/);
    expect(document.body.textContent).not.toContain('0 B / 0 B');
  });
});
