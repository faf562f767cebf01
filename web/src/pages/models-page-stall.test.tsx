// @vitest-environment jsdom
/**
 * A Model Manager row whose download receives nothing says so as the panel and the Downloads page do: the
 * state word ("Stalled") and the warning line (a stall, or what fails and the try), not "Downloading x%".
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry, Settings } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

const settings: Settings = {
  maxParallel: 2,
  bandwidthLimit: 0,
  endpoint: 'https://huggingface.co',
  hfTokenSet: false,
  hfTokenSource: null,
  stallTimeoutMs: 45_000,
  progressDir: '/tmp',
  defaultDestination: 'cache',
};

const base = { repoId: 'slow/big-model', name: 'big-model', percent: 9.8, speed: 0, eta: null };
/** Quiet for 30 s: the server reconnected (its stall flag). */
const stalled = jobFixture({
  ...base,
  id: 'job-stalled',
  stalled: true,
  stallReason: 'No data for 30 s — reconnecting',
  noDataSeconds: 30,
});
/** The CDN refusing every connect. */
const refused = jobFixture({
  ...base,
  id: 'job-refused',
  percent: 88.3,
  noDataSeconds: 40,
  retrying: {
    attempt: 24,
    message: 'Network error (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:47220',
    unreachable: { code: 'ECONNREFUSED', host: '127.0.0.1:47220' },
    limit: null,
  },
});
/** Quiet for 12 s: not stalled yet, the warning says when hubget reconnects (the setting). */
const quiet = jobFixture({ ...base, id: 'job-quiet', noDataSeconds: 12 });

function entryOf(jobs: JobView[]): ModelListEntry {
  return {
    key: 'cache:model/slow/big-model',
    catalog: null,
    installed: null,
    job: jobs[0] ?? null,
    activeJobs: jobs.length > 1 ? jobs : [],
    status: 'downloading',
  };
}

describe('ModelsPage: a download that receives nothing', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  async function rowFor(jobs: JobView[]): Promise<HTMLElement> {
    server = await startScriptedApi({
      ...liveRoutes({ jobs, settings }),
      'GET /api/models': () => ({ body: [entryOf(jobs)] }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
    });
    renderLive(server.api, <ModelsPage />);
    const heading = await screen.findByRole('heading', { name: 'big-model' });
    return heading.closest('li')!;
  }

  it('reads Stalled with the stall warning, as in the panel', async () => {
    const row = await rowFor([stalled]);
    const chip = within(row).getByText('Stalled at 9.8%');
    expect(chip.className).toContain('chip--warning');
    expect(within(row).getByRole('status').textContent).toBe('No data for 30 s — reconnecting');
  });

  it('says what fails and the try while the CDN refuses every connect', async () => {
    const row = await rowFor([refused]);
    // Its requests fail: retrying, not stalled (a stall is open connections that bring nothing).
    expect(within(row).getByText('Retrying at 88.3%')).toBeTruthy();
    expect(within(row).getByRole('status').textContent).toBe(
      'Cannot reach 127.0.0.1:47220 (ECONNREFUSED) — retrying (try 25)',
    );
  });

  it('says how long nothing came and when hubget reconnects, after the stall timeout set', async () => {
    const row = await rowFor([quiet]);
    expect(within(row).getByText('Stalled at 9.8%')).toBeTruthy();
    await waitFor(() =>
      expect(within(row).getByRole('status').textContent).toBe(
        'No data for 12 s — hubget reconnects by itself in 33 s (after 45 s without data)',
      ),
    );
  });

  it('with several on their way, warns under the line of the one that receives nothing', async () => {
    const flowing = jobFixture({ ...base, id: 'job-flowing', name: 'big-model b', speed: 1e6 });
    const row = await rowFor([flowing, stalled]);
    const lines = within(row).getAllByRole('listitem');
    expect(lines).toHaveLength(2);
    const [first, second] = lines;
    expect(within(first!).queryByRole('status')).toBeNull();
    expect(within(second!).getByText('Stalled')).toBeTruthy();
    expect(within(second!).getByRole('status').textContent).toBe('No data for 30 s — reconnecting');
  });
});
