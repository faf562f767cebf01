// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GgufQuantView, RepoPageFile, RepoPageResponse } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

const QUANT_FILES: Record<string, string[]> = {
  Q2_K: ['Tiny-Q2_K.gguf'],
  Q4_K_M: ['Tiny-Q4_K_M.gguf'],
  Q6_K: ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'],
  Q8_0: ['Tiny-Q8_0.gguf'],
  IQ4_XS: ['IQ4_XS/Tiny-00001-of-00002.gguf', 'IQ4_XS/Tiny-00002-of-00002.gguf'],
};
const MMPROJ = 'mmproj-Tiny-F16.gguf';
const SMALL = ['README.md', 'config.json', 'tokenizer.json'];

const file = (path: string, size: number, group: RepoPageFile['group'], onDisk = false): RepoPageFile => ({
  path,
  size,
  group,
  pattern: path,
  onDisk,
  localDirs: [],
  localDirsAtPath: [],
  cachedAs: [],
  partialBytes: 0,
});

/** The test hub's GGUF fixture as GET /api/hub/repos answers it: 11 files, five quantizations. */
function ggufPage(): RepoPageResponse {
  const weights = Object.values(QUANT_FILES)
    .flat()
    .map((path) => file(path, 10_000, 'weights'));
  const quants: GgufQuantView[] = Object.entries(QUANT_FILES).map(([name, files]) => ({
    name,
    files,
    totalBytes: files.length * 10_000,
    shards: files.length,
    fits: { disk: true, memory: 'ram' },
    localDirs: [],
    localDirsAtPath: [],
    cachedAs: [],
  }));
  const files = [
    ...weights,
    file(MMPROJ, 5_000, 'weights'),
    file('README.md', 100, 'other'),
    file('config.json', 100, 'config'),
    file('tokenizer.json', 100, 'tokenizer'),
  ];
  return repoPageFixture({
    repoId: 'org/tiny-gguf',
    files,
    totalBytes: files.reduce((sum, entry) => sum + entry.size, 0),
    gguf: {
      quants,
      mmproj: [{ path: MMPROJ, size: 5_000 }],
      defaultQuant: 'Q4_K_M',
      defaultMmproj: MMPROJ,
      smallFiles: SMALL,
    },
  });
}

describe('ModelPage: the quantization picker follows the file selection', () => {
  let server: ScriptedApi;
  /** What GET /api/hub/repos answers (a test may change it before rendering). */
  let answer: RepoPageResponse;

  beforeEach(async () => {
    answer = ggufPage();
    window.history.pushState(null, '', '/models/org/tiny-gguf');
    server = await startScriptedApi({
      ...liveRoutes({ settings: { maxParallel: 2 } }),
      'GET /api/hub/repos/model/org/tiny-gguf': () => ({ body: answer }),
      'GET /api/hub/repos/dataset/org/data': () => ({
        body: {
          ...answer,
          repoId: 'org/data',
          repoType: 'dataset',
          gguf: null,
          readme: { text: '# Rows\n', truncated: false },
        },
      }),
      'POST /api/downloads': () => ({ status: 201, body: { job: { id: 'job-1' }, created: true } }),
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  const radio = (name: string) =>
    screen.getByRole('radio', { name: new RegExp(`^${name}`) }) as HTMLInputElement;
  const marked = () =>
    (screen.getAllByRole('radio') as HTMLInputElement[]).filter((box) => box.checked).map((box) => box.value);
  const fileBox = (path: string) =>
    within(screen.getByRole('region', { name: /^Files/ })).getByRole('checkbox', {
      name: new RegExp(path),
    }) as HTMLInputElement;
  const summary = () => screen.getByText(/ of 11 files, /).textContent;
  const downloadButton = () => screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;

  it("says the memory the quantizations are measured against in the CLI's words: no GPU known, not found", async () => {
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByText('Memory: 16.00 GB RAM, no GPU known.')).toBeTruthy();
    cleanup();
    answer = { ...ggufPage(), gpuMemoryBytes: 8e9 };
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByText('Memory: 8.00 GB GPU, 16.00 GB RAM.')).toBeTruthy();
  });

  it('marks the quantization the files make up, none for a custom selection, and re-selects on click', async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(radio('Q4_K_M').checked).toBe(true));
    expect(summary()).toMatch(/^5 of 11 files/);

    fireEvent.click(radio('Q6_K'));
    expect(marked()).toEqual(['Q6_K']);
    expect(summary()).toMatch(/^6 of 11 files/);

    // Select none: nothing is downloaded, so no quantization is marked.
    fireEvent.click(screen.getByRole('button', { name: 'Select none' }));
    expect(summary()).toBe('0 of 11 files, 0 B');
    expect(marked()).toEqual([]);
    expect(downloadButton().disabled).toBe(true);
    expect(screen.getByText(/Custom selection/)).toBeTruthy();

    // Picking Q6_K again selects its files (the projector was unticked with the rest).
    fireEvent.click(radio('Q6_K'));
    expect(marked()).toEqual(['Q6_K']);
    expect(summary()).toMatch(/^5 of 11 files/);
    expect(downloadButton().disabled).toBe(false);

    // A second quantization's file ticked by hand: a custom selection, nothing marked.
    fireEvent.click(fileBox('Tiny-Q8_0\\.gguf'));
    expect(marked()).toEqual([]);
    fireEvent.click(fileBox('Tiny-Q8_0\\.gguf'));
    expect(marked()).toEqual(['Q6_K']);

    // The projector box of the picker is the file list's box.
    const pickerProjector = within(screen.getByRole('group', { name: /Vision projector/ })).getByRole(
      'checkbox',
    ) as HTMLInputElement;
    expect(pickerProjector.checked).toBe(false);
    fireEvent.click(fileBox(MMPROJ));
    expect(pickerProjector.checked).toBe(true);

    // Clicking the marked quantization puts back what it downloads (config.json was unticked).
    fireEvent.click(fileBox('config\\.json'));
    expect(fileBox('config\\.json').checked).toBe(false);
    expect(marked()).toEqual(['Q6_K']);
    fireEvent.click(radio('Q6_K'));
    expect(fileBox('config\\.json').checked).toBe(true);
    expect(pickerProjector.checked).toBe(true);
    expect(summary()).toMatch(/^6 of 11 files/);

    fireEvent.click(downloadButton());
    // Waited for as it arrives: under a load average of 10 this outlasted a fixed wait (5 s).
    const body = (await server.received((request) => request.method === 'POST')).body as Record<
      string,
      unknown
    >;
    expect(body.name).toBe('tiny-gguf Q6_K');
    expect([...(body.include as string[])].sort()).toEqual([...QUANT_FILES.Q6_K!, MMPROJ, ...SMALL].sort());
  });

  it('warns when a split quantization is ticked in part: llama.cpp needs every part', async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(radio('Q4_K_M').checked).toBe(true));
    const warning = () => screen.queryByText(/is split in/)?.textContent ?? null;
    expect(warning()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Select none' }));
    fireEvent.click(fileBox('Tiny-Q6_K-00001-of-00002\\.gguf'));
    expect(warning()).toBe(
      'Q6_K is split in 2 parts and 1 of them is neither ticked nor on disk: llama.cpp loads a split model only with every part. Pick Q6_K above to select them all.',
    );
    // Every part (the whole quantization) or none: no warning.
    fireEvent.click(fileBox('Tiny-Q6_K-00002-of-00002\\.gguf'));
    expect(warning()).toBeNull();
    expect(marked()).toEqual(['Q6_K']);
  });

  it('does not warn of a split part left out that is on disk already', async () => {
    answer = {
      ...answer,
      installed: installedFixture('org/tiny-gguf', { quants: [] }),
      files: answer.files.map((entry) =>
        entry.path === 'Tiny-Q6_K-00002-of-00002.gguf' ? { ...entry, onDisk: true } : entry,
      ),
    };
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(radio('Q4_K_M').checked).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Select none' }));
    fireEvent.click(fileBox('Tiny-Q6_K-00001-of-00002\\.gguf'));
    expect(summary()).toMatch(/^1 of 11 files/);
    expect(screen.queryByText(/is split in/)).toBeNull();
  });

  it('marks the quantizations already on disk', async () => {
    answer = {
      ...answer,
      installed: {
        repoId: 'org/tiny-gguf',
        repoType: 'model',
        location: 'cache',
        localFolder: null,
        path: '/cache/models--org--tiny-gguf',
        sizeOnDisk: 20_000,
        files: 2,
        lastModified: '2026-01-01T10:00:00Z',
        revisions: [],
        quants: ['Q6_K'],
        unfinishedFiles: 0,
        unfinishedBytes: 0,
        plan: null,
      },
    };
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(radio('Q4_K_M').checked).toBe(true));
    const row = (name: string) => radio(name).closest('label')!;
    expect(within(row('Q6_K')).getByText('installed')).toBeTruthy();
    expect(within(row('Q4_K_M')).queryByText('installed')).toBeNull();
  });

  it('offers no second download of an installed quantization: Download is off with "Installed" beside it', async () => {
    const onDisk = new Set([...QUANT_FILES.Q4_K_M!, ...QUANT_FILES.Q6_K!, MMPROJ, ...SMALL]);
    answer = {
      ...answer,
      files: answer.files.map((entry) => ({ ...entry, onDisk: onDisk.has(entry.path) })),
      installed: {
        repoId: 'org/tiny-gguf',
        repoType: 'model',
        location: 'cache',
        localFolder: null,
        path: '/cache/models--org--tiny-gguf',
        sizeOnDisk: 40_000,
        files: 7,
        lastModified: '2026-01-01T10:00:00Z',
        revisions: [
          {
            commit: answer.commit,
            refs: ['main'],
            sizeOnDisk: 40_000,
            files: 7,
            lastModified: '2026-01-01T10:00:00Z',
            path: '/cache/models--org--tiny-gguf/snapshots/x',
          },
        ],
        quants: ['Q4_K_M', 'Q6_K'],
        unfinishedFiles: 0,
        unfinishedBytes: 0,
        plan: null,
      },
    };
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(radio('Q4_K_M').checked).toBe(true));
    expect(downloadButton().disabled).toBe(true);
    expect(screen.getByText('Installed: Q4_K_M is on disk already.')).toBeTruthy();
    fireEvent.click(radio('Q6_K'));
    expect(downloadButton().disabled).toBe(true);
    expect(screen.getByText('Installed: Q6_K is on disk already.')).toBeTruthy();
    // A quantization not on disk is offered, and the page says what of its selection it would fetch.
    fireEvent.click(radio('Q8_0'));
    expect(downloadButton().disabled).toBe(false);
    expect(screen.queryByText(/^Installed: /)).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(
      '5 of 11 files, 15.30 kB (4 on disk; 10.00 kB to fetch)',
    );
    expect(within(screen.getByText('Tiny-Q4_K_M.gguf').closest('label')!).getByText('on disk')).toBeTruthy();
    expect(within(screen.getByText('Tiny-Q8_0.gguf').closest('label')!).queryByText('on disk')).toBeNull();
  });

  it('calls a dataset’s card a dataset card', async () => {
    window.history.pushState(null, '', '/datasets/org/data');
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByRole('heading', { name: 'Dataset card' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Model card' })).toBeNull();
  });
});
