// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewResponse, RepoPageResponse, Settings } from '../../../src/api-types.js';
import {
  type RecordedRequest,
  type ScriptedApi,
  startScriptedApi,
} from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { ModelPage } from './model-page.js';

/** org/small with two files; config.json in the HF cache already (the page's installed copy). */
function twoFiles(): RepoPageResponse {
  const files = [
    {
      path: 'config.json',
      size: 100,
      group: 'config' as const,
      pattern: 'config.json',
      onDisk: true,
      localDirs: [],
      localDirsAtPath: [],
      cachedAs: [],
      partialBytes: 0,
    },
    {
      path: 'model.bin',
      size: 1_000,
      group: 'weights' as const,
      pattern: 'model.bin',
      onDisk: false,
      localDirs: [],
      localDirsAtPath: [],
      cachedAs: [],
      partialBytes: 0,
    },
  ];
  return repoPageFixture({ files, totalBytes: 1_100, installed: installedFixture('org/small') });
}

/** The preview of org/small into a folder: config.json copied from the HF cache, model.bin fetched. */
function folderPreview(request: RecordedRequest, present = false): PreviewResponse {
  const localDir = (request.body as { localDir: string }).localDir;
  return {
    repoId: 'org/small',
    repoType: 'model',
    revision: 'main',
    commit: 'a'.repeat(40),
    files: [
      { path: 'config.json', size: 100, present, partialBytes: 0 },
      { path: 'model.bin', size: 1_000, present, partialBytes: 0 },
    ],
    totalBytes: 1_100,
    presentBytes: present ? 1_100 : 0,
    bytesToFetch: present ? 0 : 1_000,
    copiedBytes: present ? 0 : 100,
    copiedFrom: present ? [] : [{ from: 'hf-cache' }],
    bytesToWrite: present ? 0 : 1_100,
    freeBytes: 7_000_000,
    gated: false,
    needsToken: false,
    destination: `/models/${localDir}`,
    message: null,
  };
}

describe('ModelPage: Download into the HF cache or a folder', () => {
  let server: ScriptedApi;
  let settings: Settings;
  /** Whether the folder previewed holds every file already. */
  let folderHasAll: boolean;
  /** The previews fail (500) while true: the page has only GET /api/system/disk/folder for the folder's free disk. */
  let previewsFail: boolean;
  /** The free disk GET /api/system/disk/folder answers by folder name; null: no such route (404). */
  let folderDisks: Record<string, number> | null;

  beforeEach(async () => {
    settings = settingsFixture;
    folderHasAll = false;
    previewsFail = false;
    folderDisks = null;
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({ settings: () => settings }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/system/disk/folder': (request) => {
        const localDir = new URL(request.url, 'http://ui').searchParams.get('localDir') ?? '';
        const freeBytes = folderDisks?.[localDir];
        return freeBytes === undefined
          ? undefined
          : { body: { path: `/models/${localDir}`, freeBytes, totalBytes: 9_000_000_000_000 } };
      },
      'GET /api/hub/repos/model/org/small': () => ({ body: twoFiles() }),
      'POST /api/downloads/preview': (request) => {
        if (previewsFail) return { status: 500, body: { code: 'INTERNAL', message: 'The preview failed' } };
        const { localDir } = request.body as { localDir: string };
        if (localDir.startsWith('.')) {
          return {
            status: 400,
            body: {
              code: 'INVALID_ARGUMENT',
              message: `localDir "${localDir}" is a hidden folder`,
              field: 'localDir',
              problem: `"${localDir}" is a hidden folder`,
            },
          };
        }
        return { body: folderPreview(request, folderHasAll) };
      },
      'POST /api/downloads': () => ({ status: 201, body: { job: { id: 'job-1' }, created: true } }),
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  const destination = () => screen.getByRole('combobox', { name: 'Destination' }) as HTMLSelectElement;
  const folderField = () => screen.getByRole('textbox', { name: 'Destination folder' }) as HTMLInputElement;
  const downloadButton = () => screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;
  const created = () =>
    server.requests.filter((request) => request.method === 'POST' && request.url === '/api/downloads');
  const previews = () =>
    server.requests.filter((request) => request.url.split('?')[0] === '/api/downloads/preview');

  it('sends the folder chosen on the page with the download, and says what is copied and what fetched', async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(destination().value).toBe('cache'));
    expect(screen.queryByRole('textbox', { name: 'Destination folder' })).toBeNull();

    fireEvent.change(destination(), { target: { value: 'local' } });
    // Prefilled with the repo's name, a folder directly under the models folder.
    expect(folderField().value).toBe('small');
    fireEvent.change(folderField(), { target: { value: 'quants' } });
    // In the HF cache config.json is on disk; into the folder it is copied from there, not fetched.
    await screen.findByText(
      '2 of 2 files, 1.10 kB into folder quants (100 B to copy from the HF cache, 1.00 kB to fetch)',
    );
    expect(previews().at(-1)?.body).toEqual({ repoId: 'org/small', repoType: 'model', localDir: 'quants' });
    // No quantization to weigh: the rest of the listing is not asked of (a GGUF repo's is: folder-marks test).
    expect(previews().at(-1)?.url).toBe('/api/downloads/preview');
    expect(screen.getByText('7.00 MB')).toBeTruthy();

    fireEvent.click(downloadButton());
    await waitFor(() => expect(created()).toHaveLength(1));
    expect(created()[0]?.body).toEqual({ repoId: 'org/small', repoType: 'model', localDir: 'quants' });
  });

  it('preselects Folder when Settings → Default destination is Folder, and downloads into it', async () => {
    settings = { ...settingsFixture, defaultDestination: 'local' };
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(destination().value).toBe('local'));
    expect(folderField().value).toBe('small');
    await screen.findByText(/into folder small \(100 B to copy/);
    fireEvent.click(downloadButton());
    await waitFor(() => expect(created()).toHaveLength(1));
    expect(created()[0]?.body).toMatchObject({ localDir: 'small' });

    // Back to the HF cache: the download carries no folder.
    fireEvent.change(destination(), { target: { value: 'cache' } });
    await screen.findByText('2 of 2 files, 1.10 kB (1 on disk; 1.00 kB to fetch)');
    fireEvent.click(downloadButton());
    await waitFor(() => expect(created()).toHaveLength(2));
    expect(created()[1]?.body).toEqual({ repoId: 'org/small', repoType: 'model' });
  });

  it('says the folder’s own disk as soon as Folder is chosen, without a preview: a folder may be another disk', async () => {
    // `small` and `quants` are mount points below the models folder: two disks, neither the HF cache's.
    folderDisks = { small: 5_000_000, quants: 3_000_000 };
    previewsFail = true;
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(destination().value).toBe('cache'));
    const freeDisk = () => screen.getByText('Free disk').nextElementSibling?.textContent;
    expect(freeDisk()).toBe('1.00 TB');
    fireEvent.change(destination(), { target: { value: 'local' } });
    await waitFor(() => expect(freeDisk()).toBe('5.00 MB'));
    expect(server.requests.map((request) => request.url)).toContain('/api/system/disk/folder?localDir=small');
    // Another folder, another disk: its own figure, still with no preview answering.
    fireEvent.change(folderField(), { target: { value: 'quants' } });
    await waitFor(() => expect(freeDisk()).toBe('3.00 MB'));
    await server.received((request) => (request.body as { localDir?: string })?.localDir === 'quants');
    // Once a preview answers, its figure (it measured the same folder, later).
    previewsFail = false;
    fireEvent.change(folderField(), { target: { value: 'small' } });
    await screen.findByText(/into folder small \(100 B to copy/);
    expect(freeDisk()).toBe('7.00 MB');
  });

  it('asks the folder’s disk once typing pauses, not once per key, saying “checking…” meanwhile', async () => {
    folderDisks = { small: 5_000_000, quants: 3_000_000 };
    // Only GET /api/system/disk/folder says the folder's disk.
    previewsFail = true;
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(destination().value).toBe('cache'));
    const freeDisk = () => screen.getByText('Free disk').nextElementSibling?.textContent;
    fireEvent.change(destination(), { target: { value: 'local' } });
    await waitFor(() => expect(freeDisk()).toBe('5.00 MB'));
    // `quants` typed a key at a time: the figure says it is asked, not another folder's (nor "…").
    for (const name of ['q', 'qu', 'qua', 'quan', 'quant', 'quants']) {
      fireEvent.change(folderField(), { target: { value: name } });
      expect(freeDisk()).toBe('checking…');
    }
    await waitFor(() => expect(freeDisk()).toBe('3.00 MB'));
    const asked = server.requests
      .map((request) => request.url)
      .filter((url) => url.startsWith('/api/system/disk/folder'));
    expect(asked).toEqual([
      '/api/system/disk/folder?localDir=small',
      '/api/system/disk/folder?localDir=quants',
    ]);
  });

  it('turns Download off for a folder that holds everything, one the server refuses, or none named', async () => {
    settings = { ...settingsFixture, defaultDestination: 'local' };
    folderHasAll = true;
    renderLive(server.api, <ModelPage />);
    await screen.findByText('Installed: the selected files are in folder small already.');
    expect(downloadButton().disabled).toBe(true);
    expect(screen.getByText('2 of 2 files, 1.10 kB, all in folder small already')).toBeTruthy();

    expect(folderField().getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(folderField(), { target: { value: '.hidden' } });
    // In the field's words, and the field marked and described by them, as the download form's.
    const reason = await screen.findByText('Destination folder: ".hidden" is a hidden folder');
    expect(downloadButton().disabled).toBe(true);
    expect(folderField().getAttribute('aria-invalid')).toBe('true');
    expect(folderField().getAttribute('aria-describedby')).toBe(reason.id);
    expect(folderField().value).toBe('.hidden');
    // No preview, no word on the folder's free disk: not the HF cache's (1.00 TB), which may be another disk.
    expect(screen.queryByText('1.00 TB')).toBeNull();
    // Its disk refused too (asked on its own, answering apart): "…", not "checking…" for good.
    await waitFor(() => expect(screen.getByText('Free disk').nextElementSibling?.textContent).toBe('…'));

    fireEvent.change(folderField(), { target: { value: '  ' } });
    const none = await screen.findByText(
      'Enter a folder name (under the models folder) or an absolute path.',
    );
    expect(downloadButton().disabled).toBe(true);
    expect(folderField().getAttribute('aria-describedby')).toBe(none.id);
    fireEvent.change(folderField(), { target: { value: 'fine' } });
    await waitFor(() => expect(folderField().getAttribute('aria-invalid')).toBeNull());
    expect(created()).toHaveLength(0);
  });
});
