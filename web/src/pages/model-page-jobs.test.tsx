// @vitest-environment jsdom
/**
 * A repo's page while a download of the repo is paused, queued or failed: the Download card shows that
 * download with its state and buttons (Resume, Retry), and Download is off for the files it fetches, so no
 * second job of them is started; a selection it does not fetch, or a repo with no such job, keeps Download.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

const smallJob = (overrides: Partial<JobView>) =>
  jobFixture({
    id: 'j1',
    name: 'small',
    repoId: 'org/small',
    downloaded: 40,
    total: 100,
    percent: 40,
    speed: 0,
    eta: null,
    ...overrides,
  });

describe('ModelPage: a download of the repo already there', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  async function open(
    jobs: JobView[],
    hub: { status?: number; body: unknown } = { body: repoPageFixture() },
    models: ModelListEntry[] = [],
  ): Promise<HTMLElement> {
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({ jobs, settings: { maxParallel: 2 } }),
      'GET /api/models': () => ({ body: models }),
      'GET /api/hub/repos/model/org/small': () => hub,
      'POST /api/downloads/j1/resume': () => ({ body: { ...jobs[0], state: 'queued' } }),
    });
    renderLive(server.api, <ModelPage />);
    return (await screen.findByRole('heading', { name: 'Download' })).closest('section')!;
  }

  it('offers Resume of a paused download of the same files instead of Download', async () => {
    const card = await open([smallJob({ state: 'paused' })]);
    const resume = await within(card).findByRole('button', { name: 'Resume small' });
    const download = within(card).getByRole('button', { name: 'Download' }) as HTMLButtonElement;
    expect(download.disabled).toBe(true);
    const reason = within(card).getByText(
      'Paused: the download “small” fetches these files; resume it above.',
    );
    // Not an error of this download: the warning colour, not the danger one.
    expect(reason.className).toBe('form-actions__reason form-actions__reason--waiting');
    expect(within(card).getByText('Paused')).toBeTruthy();
    fireEvent.click(resume);
    await waitFor(() =>
      expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/downloads/j1/resume')).toBe(
        true,
      ),
    );
    expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/downloads')).toBe(false);
  });

  it('counts what the paused download holds of the selection as on disk, not to fetch', async () => {
    const config = repoPageFixture().files[0]!;
    const partial = repoPageFixture({ files: [{ ...config, partialBytes: 40 }] });
    const card = await open([smallJob({ state: 'paused' })], { body: partial });
    expect(within(card).getByRole('status').textContent).toBe(
      '1 of 1 files, 100 B (40 B fetched; 60 B to fetch)',
    );
  });

  it('with whole files on disk too, says both and fetches only the rest', async () => {
    const config = repoPageFixture().files[0]!;
    const model = {
      ...config,
      path: 'model.bin',
      pattern: 'model.bin',
      size: 1000,
      group: 'weights' as const,
    };
    const page = repoPageFixture({
      files: [
        { ...config, onDisk: true },
        { ...model, partialBytes: 400 },
      ],
      totalBytes: 1100,
    });
    const card = await open([smallJob({ state: 'paused', include: ['model.bin'] })], { body: page });
    expect(within(card).getByRole('status').textContent).toBe(
      '2 of 2 files, 1.10 kB (1 on disk + 400 B fetched; 600 B to fetch)',
    );
  });

  it('offers Retry of a failed latest download of the same files instead of Download', async () => {
    const failed = smallJob({
      state: 'failed',
      finishedAt: '2025-12-07T10:05:00.000Z',
      error: { code: 'TRANSFER_FAILED', message: 'connection dropped' },
    });
    const card = await open([failed]);
    expect(await within(card).findByRole('button', { name: 'Retry small' })).toBeTruthy();
    expect((within(card).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(true);
    expect(card.textContent).toContain(
      'Failed: the download “small” of these files stopped; retry it above.',
    );
  });

  it('lists a folder’s failed download after a later download into the HF cache completed', async () => {
    const folder = smallJob({
      state: 'failed',
      localDir: '/models/small',
      finishedAt: '2025-12-07T10:05:00.000Z',
      error: { code: 'TRANSFER_FAILED', message: 'connection dropped' },
    });
    const cache = smallJob({ id: 'j2', state: 'completed', finishedAt: '2025-12-07T10:10:00.000Z' });
    const card = await open([folder, cache]);
    expect(await within(card).findByRole('button', { name: 'Retry small' })).toBeTruthy();
    expect(within(card).getByText('A download of this repo', { exact: false })).toBeTruthy();
    expect(within(card).getByText('folder small').title).toBe('/models/small');
    // Into a folder, not the HF cache the page downloads to: Download stays.
    expect((within(card).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('keeps Download for files the paused download does not fetch', async () => {
    const card = await open([smallJob({ state: 'paused', include: ['model.bin'] })]);
    expect(await within(card).findByRole('button', { name: 'Resume small' })).toBeTruthy();
    expect((within(card).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('keeps Download, with no list of downloads, when the repo has only a completed one', async () => {
    const card = await open([smallJob({ state: 'completed', finishedAt: '2025-12-07T10:05:00.000Z' })]);
    await waitFor(() =>
      expect((within(card).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(
        false,
      ),
    );
    expect(within(card).queryByRole('region', { name: 'Downloads of this repo' })).toBeNull();
  });

  it('lists the paused download with its Resume on the Download card while the Hub does not answer', async () => {
    const paused = smallJob({ state: 'paused' });
    const entry: ModelListEntry = {
      key: 'cache:model/org/small',
      catalog: null,
      installed: installedFixture('org/small'),
      job: paused,
      activeJobs: [paused],
      status: 'paused',
    };
    const hubDown = { status: 503, body: { code: 'NETWORK_UNREACHABLE', message: 'Cannot reach the Hub' } };
    const card = await open([paused], hubDown, [entry]);
    expect(await within(card).findByRole('button', { name: 'Resume small' })).toBeTruthy();
  });
});
