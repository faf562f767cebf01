// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelListEntry, PreviewResponse } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

const installed: ModelListEntry = {
  key: 'model:org/big',
  catalog: {
    id: 'big',
    repoId: 'org/big',
    repoType: 'model',
    name: 'Big Model',
    description: 'A large test model',
    include: [],
    target: 'cache',
    approxBytes: 12e9,
  },
  installed: {
    repoId: 'org/big',
    repoType: 'model',
    location: 'cache',
    localFolder: null,
    path: '/cache/models--org--big',
    sizeOnDisk: 12e9,
    files: 3,
    lastModified: '2025-12-07T10:00:00Z',
    revisions: [],
    quants: [],
    unfinishedFiles: 0,
    unfinishedBytes: 0,
    plan: null,
  },
  job: null,
  activeJobs: [],
  status: 'installed',
};
/** Another program's download in a sub-folder of the models dir: listed, not the server's to delete. */
const inSubFolder: ModelListEntry = {
  key: 'local:team/qwen',
  catalog: null,
  installed: {
    ...installed.installed!,
    repoId: 'team/qwen',
    location: 'local',
    localFolder: 'team/qwen',
    path: '/srv/models/team/qwen',
    sizeOnDisk: 5e8,
  },
  job: null,
  activeJobs: [],
  status: 'installed',
};
const cancelledJob = jobFixture({
  id: 'job-medium',
  state: 'cancelled',
  name: 'medium',
  repoId: 'org/medium',
  commit: 'c'.repeat(40),
  downloaded: 32e6,
  total: 41943062,
  percent: 76.3,
  speed: 0,
  eta: null,
  filesTotal: 3,
  createdAt: '2026-01-01T10:00:00.000Z',
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: '2026-01-01T10:00:20.000Z',
  lastActivityAt: '2026-01-01T10:00:20.000Z',
});
/** org/medium cancelled at 76 %: only config.json of its three files is in the snapshot. */
const partial: ModelListEntry = {
  key: 'cache:model/org/medium',
  catalog: null,
  installed: {
    repoId: 'org/medium',
    repoType: 'model',
    location: 'cache',
    localFolder: null,
    path: '/cache/models--org--medium',
    sizeOnDisk: 22,
    files: 1,
    lastModified: '2026-01-01T10:00:01Z',
    revisions: [],
    quants: [],
    unfinishedFiles: 0,
    unfinishedBytes: 0,
    plan: {
      jobId: 'job-medium',
      commit: 'c'.repeat(40),
      files: 3,
      bytes: 41943062,
      missingFiles: 2,
      missingBytes: 41943040,
    },
  },
  job: cancelledJob,
  activeJobs: [],
  status: 'partial',
};
const available: ModelListEntry = {
  key: 'model:org/small',
  catalog: {
    id: 'small',
    repoId: 'org/small',
    repoType: 'model',
    name: 'Small Model',
    description: 'Tiny',
    include: ['*.safetensors'],
    target: 'small-folder',
    approxBytes: 5e6,
  },
  installed: null,
  job: null,
  activeJobs: [],
  status: 'not-installed',
};

/** org/small, installed, then a re-download with include `*.nomatch` failed: no file matches. */
const installedAfterFailedAttempt: ModelListEntry = {
  key: 'cache:model/org/small',
  catalog: null,
  installed: {
    ...partial.installed!,
    repoId: 'org/small',
    path: '/cache/models--org--small',
    sizeOnDisk: 2_097_174,
    files: 3,
    plan: { ...partial.installed!.plan!, jobId: 'job-small', missingFiles: 0, missingBytes: 0 },
  },
  job: {
    ...cancelledJob,
    id: 'job-small-nomatch',
    name: 'small',
    repoId: 'org/small',
    state: 'failed',
    include: ['*.nomatch'],
    error: { code: 'NO_MATCHING_FILES', message: 'No file of org/small matches *.nomatch' },
  },
  activeJobs: [],
  status: 'installed',
};

/** org/gguf-repo after downloads of Q6_K, then Q4_K_M: one repo folder holding both. */
const ggufRepo: ModelListEntry = {
  key: 'cache:model/org/gguf-repo',
  catalog: null,
  installed: {
    ...installedAfterFailedAttempt.installed!,
    repoId: 'org/gguf-repo',
    path: '/cache/models--org--gguf-repo',
    sizeOnDisk: 140_466,
    files: 7,
    revisions: [
      {
        commit: '6'.repeat(40),
        refs: ['main'],
        sizeOnDisk: 140_466,
        files: 7,
        lastModified: '2026-01-01T10:00:01Z',
        path: `/cache/models--org--gguf-repo/snapshots/${'6'.repeat(40)}`,
      },
    ],
    quants: ['Q4_K_M', 'Q6_K'],
    plan: null,
  },
  job: {
    ...cancelledJob,
    id: 'job-q4',
    state: 'completed',
    name: 'gguf-repo Q4_K_M',
    repoId: 'org/gguf-repo',
    include: ['Tiny-Q4_K_M.gguf'],
  },
  activeJobs: [],
  status: 'installed',
};

/** What the server answers, without a token, for a repo the Hub does not list (missing, private or gated). */
const notListedPreview: PreviewResponse = {
  repoId: 'org/nope',
  repoType: 'model',
  revision: 'main',
  commit: '',
  files: [],
  totalBytes: 0,
  presentBytes: 0,
  bytesToFetch: 0,
  copiedBytes: 0,
  copiedFrom: [],
  bytesToWrite: 0,
  freeBytes: 5e9,
  gated: false,
  needsToken: true,
  destination: '/cache/models--org--nope',
  message:
    'org/nope was not found on https://huggingface.co or is private or gated: check the id, and if you have access, set a Hugging Face token in Settings',
};

describe('ModelsPage', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/models': () => ({
        body: [installed, available, partial, installedAfterFailedAttempt, ggufRepo, inSubFolder],
      }),
      'DELETE /api/models/model/org/big': () => ({
        body: { freedBytes: 12e9, deletedPaths: ['/cache/models--org--big'] },
      }),
      'POST /api/downloads/preview': () => ({ body: notListedPreview }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
      'POST /api/downloads': () => ({
        status: 400,
        body: { code: 'INVALID_REPO_ID', message: 'Invalid repository id "x y"' },
      }),
    });
    renderLive(server.api, <ModelsPage />);
    await screen.findByText('Big Model');
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    // The filters live in the address (state/models-address.ts): the next test starts without them.
    window.history.replaceState(null, '', '/');
  });

  it('lists models with size, state and the fitting action, and filters them', () => {
    expect(screen.getByText('12.00 GB')).toBeTruthy();
    expect(screen.getByLabelText('Delete Big Model (HF cache)')).toBeTruthy();
    expect(screen.getByLabelText('Download Small Model')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter these models'), { target: { value: 'tiny' } });
    expect(screen.queryByText('Big Model')).toBeNull();
    expect(screen.getByText('Small Model')).toBeTruthy();
  });

  it('lists the models on disk before the catalog suggestions under All', () => {
    // The server lists the suggestion Small Model second.
    const names = within(document.querySelector('ul.model-list') as HTMLElement)
      .getAllByRole('heading')
      .map((heading) => heading.textContent);
    expect(names.at(-1)).toBe('Small Model');
    expect(names.indexOf('Big Model')).toBe(0);
  });

  it('offers no Delete for a folder found in a sub-folder, and says what deletes it', () => {
    const row = screen.getByRole('heading', { name: 'qwen' }).closest('li')!;
    expect(within(row).getByText('Installed')).toBeTruthy();
    expect(within(row).queryByLabelText(/^Delete qwen/)).toBeNull();
    expect(row.textContent).toContain(
      'Found in a sub-folder; delete it with hubget rm --local-dir /srv/models/team/qwen',
    ); // The row names its folder under the models dir, so two copies of one repo are told apart.
    expect(within(row).getByTitle('/srv/models/team/qwen').textContent).toBe('folder team/qwen');
  });

  it('shows a partly downloaded model as partial, with what is missing, Retry and Delete', () => {
    const row = screen.getByRole('heading', { name: 'medium' }).closest('li')!;
    expect(within(row).getByText('Partial')).toBeTruthy();
    expect(within(row).queryByText('Installed')).toBeNull();
    expect(within(row).getByText('2 of 3 files missing (41.94 MB of 41.94 MB)')).toBeTruthy();
    expect(within(row).getByText('22 B')).toBeTruthy();
    expect(within(row).getByLabelText('Retry medium')).toBeTruthy();
    fireEvent.click(within(row).getByLabelText('Delete medium (HF cache)'));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete medium (HF cache)?' });
    expect(dialog.textContent).toContain('This removes org/medium (1 file, 0 revisions)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.change(screen.getByDisplayValue('All'), { target: { value: 'installed' } });
    expect(screen.queryByRole('heading', { name: 'medium' })).toBeNull();
    fireEvent.change(screen.getByDisplayValue('Installed'), { target: { value: 'partial' } });
    expect(screen.getByRole('heading', { name: 'medium' })).toBeTruthy();
    expect(screen.queryByText('Big Model')).toBeNull();
  });

  it('keeps a complete model installed after a failed attempt at it: no Failed, no Retry', () => {
    const row = screen.getByRole('heading', { name: 'small' }).closest('li')!;
    expect(within(row).getByText('Installed')).toBeTruthy();
    expect(within(row).getByText('2.10 MB')).toBeTruthy();
    expect(within(row).queryByText('Failed')).toBeNull();
    expect(within(row).queryByText(/matches \*\.nomatch/)).toBeNull();
    expect(within(row).queryByLabelText('Retry small')).toBeNull();
    expect(within(row).getByLabelText('Delete small (HF cache)')).toBeTruthy();
  });

  it('names a GGUF repo by the repo and its quantizations, not by its latest download, and so does Delete', () => {
    expect(screen.queryByRole('heading', { name: 'gguf-repo Q4_K_M' })).toBeNull();
    const row = screen.getByRole('heading', { name: 'gguf-repo' }).closest('li')!;
    expect(within(row).getByText('Q4_K_M and Q6_K')).toBeTruthy();
    fireEvent.click(within(row).getByLabelText('Delete gguf-repo (HF cache)'));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete gguf-repo (HF cache)?' });
    expect(dialog.textContent).toContain(
      'This removes org/gguf-repo with its quantizations Q4_K_M and Q6_K (7 files, 1 revision)',
    );
  });

  it('confirms a delete by naming what is freed, then calls the cache route', async () => {
    fireEvent.click(screen.getByLabelText('Delete Big Model (HF cache)'));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Big Model (HF cache)?' });
    expect(within(dialog).getAllByText(/12\.00 GB/).length).toBeGreaterThan(0);
    fireEvent.click(within(dialog).getByText('Delete and free 12.00 GB'));
    await waitFor(() =>
      expect(
        server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/model/org/big'),
      ).toBe(true),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('keeps the installed list while searching the Hub, titled by its filter', async () => {
    expect(screen.getByRole('heading', { name: 'Installed and suggested' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Search the Hugging Face Hub'), { target: { value: 'big' } });
    await screen.findByText('Nothing on the Hub matches.');
    expect(screen.getByText('Big Model')).toBeTruthy();
    fireEvent.change(screen.getByDisplayValue('All'), { target: { value: 'installed' } });
    expect(screen.getByRole('heading', { name: 'Installed' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Suggested/ })).toBeNull();
  });

  it('reads a pasted Hub address or a datasets/ prefix into the id, type and revision', async () => {
    const input = screen.getByLabelText('Hugging Face repo id') as HTMLInputElement;
    fireEvent.paste(input, {
      clipboardData: { getData: () => 'https://huggingface.co/datasets/org/data/tree/v1.0' },
    });
    expect(input.value).toBe('org/data');
    expect((screen.getByDisplayValue('Dataset') as HTMLSelectElement).value).toBe('dataset');
    expect(screen.getByDisplayValue('v1.0')).toBeTruthy();
    expect(screen.getByText('Read from the address: dataset org/data at revision v1.0.')).toBeTruthy();
    fireEvent.click(screen.getByText('Preview', { selector: 'button' }));
    await screen.findByRole('region', { name: 'Preview' });
    const preview = () => server.requests.filter((r) => r.url.includes('preview')).map((r) => r.body);
    expect(preview()).toEqual([{ repoId: 'org/data', repoType: 'dataset', revision: 'v1.0' }]);

    // Typed rather than pasted: read on submit. The revision came with the pasted address, not with this id:
    // back to main (web/src/state/address-fields.ts); the datasets/ prefix gives the type.
    fireEvent.change(input, { target: { value: 'datasets/org/other' } });
    fireEvent.click(screen.getByText('Preview', { selector: 'button' }));
    await waitFor(() => expect(preview()).toHaveLength(2));
    expect(preview()[1]).toEqual({ repoId: 'org/other', repoType: 'dataset' });
  });

  it("shows the server's message, not its body, when a download is refused", async () => {
    const input = screen.getByLabelText('Hugging Face repo id');
    fireEvent.change(input, { target: { value: 'org/x' } });
    fireEvent.click(screen.getByText('Download', { selector: 'button[type=submit]' }));
    expect(await screen.findByText('Invalid repository id "x y"')).toBeTruthy();
    expect(document.body.textContent).not.toContain('INVALID_REPO_ID');
  });

  it('checks the repo id before asking the server', () => {
    fireEvent.change(screen.getByLabelText('Hugging Face repo id'), {
      target: { value: '../../etc/passwd' },
    });
    fireEvent.click(screen.getByText('Preview', { selector: 'button' }));
    expect(
      screen
        .getByText(/Invalid repository id "\.\.\/\.\.\/etc\/passwd": it has 3 slashes/)
        .getAttribute('role'),
    ).toBe('alert');
    expect(server.requests.some((r) => r.url.includes('preview'))).toBe(false);
  });

  it("shows the server's reason when the Hub does not list a repo, not a gated warning or empty totals", async () => {
    fireEvent.change(screen.getByLabelText('Hugging Face repo id'), { target: { value: 'org/nope' } });
    fireEvent.click(screen.getByText('Preview', { selector: 'button' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('status').textContent).toBe(notListedPreview.message);
    expect(preview.textContent).not.toMatch(/This repository is gated/);
    expect(within(preview).queryByText('Total size')).toBeNull();
  });
});
