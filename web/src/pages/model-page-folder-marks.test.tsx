// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GgufQuantView, PreviewResponse, RepoPageFile } from '../../../src/api-types.js';
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

/**
 * org/tiny-gguf: Q2_K and the small files in the HF cache (the installed copy), Q6_K (two parts) only in the folder
 * `tiny` under the models folder, Q8_0 nowhere whole. The cache's disk has room for all; the folders' disk 50 kB.
 * What a folder holds of a file not whole there (PARTIAL_IN_TINY) only a preview into it says, of the whole listing
 * (asked with otherFiles): then every quantization gets its verdict, picked or not; until one has, a quantization
 * that fits only if the folder holds part of it is "checking disk…" while a preview is asked, "may lack disk" when
 * it failed, never "not enough disk".
 */
const QUANTS: Record<string, string[]> = {
  Q2_K: ['Tiny-Q2_K.gguf'],
  Q6_K: ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'],
  Q8_0: ['Tiny-Q8_0.gguf'],
};
const SIZES: Record<string, number> = { Q2_K: 30_000, Q6_K: 35_000, Q8_0: 90_000 };
const SMALL = ['config.json'];
const IN_TINY = new Set(QUANTS.Q6_K);
/** A paused download into `tiny` holds 60 kB of Q8_0's 90 kB there (the page's own count is the HF cache's: none). */
const PARTIAL_IN_TINY: Record<string, number> = { 'Tiny-Q8_0.gguf': 60_000 };
const FOLDER_FREE = 50_000;
/**
 * What an unfinished download into the HF cache holds of each file (RepoPageFile.partialBytes: the cache's, which a
 * download into a folder does not resume from).
 */
let cachePartial: Record<string, number> = {};

const file = (path: string, size: number, onDisk: boolean, localDirs: string[]): RepoPageFile => ({
  path,
  size,
  group: path.endsWith('.gguf') ? 'weights' : 'config',
  pattern: path,
  onDisk,
  localDirs,
  localDirsAtPath: localDirs,
  cachedAs: [],
  partialBytes: cachePartial[path] ?? 0,
});

function page() {
  const files = [
    ...Object.entries(QUANTS).flatMap(([name, paths]) =>
      paths.map((path) => file(path, SIZES[name]!, name === 'Q2_K', IN_TINY.has(path) ? ['tiny'] : [])),
    ),
    file('config.json', 100, true, []),
  ];
  const quants: GgufQuantView[] = Object.entries(QUANTS).map(([name, paths]) => ({
    name,
    files: paths,
    totalBytes: SIZES[name]! * paths.length,
    shards: paths.length,
    fits: { disk: true, memory: 'ram' },
    localDirs: name === 'Q6_K' ? ['tiny'] : [],
    cachedAs: [],
  }));
  return repoPageFixture({
    repoId: 'org/tiny-gguf',
    files,
    totalBytes: files.reduce((sum, entry) => sum + entry.size, 0),
    installed: installedFixture('org/tiny-gguf', { quants: ['Q2_K'] }),
    gguf: { quants, mmproj: [], defaultQuant: 'Q2_K', defaultMmproj: null, smallFiles: SMALL },
  });
}

/**
 * The preview of the selection into a folder: `tiny` holds Q6_K's parts and 60 kB of Q8_0; its disk has 50 kB free.
 * With `?otherFiles=true`, what the folder holds of the rest of the listing too.
 */
function preview(request: RecordedRequest): PreviewResponse {
  const { localDir, include } = request.body as { localDir: string; include: string[] };
  const listed = page().files.filter((entry) => include.includes(entry.pattern));
  const present = (path: string) => localDir === 'tiny' && IN_TINY.has(path);
  const partial = (path: string) => (localDir === 'tiny' && PARTIAL_IN_TINY[path]) || 0;
  const said = (entry: RepoPageFile) => ({
    path: entry.path,
    size: entry.size,
    present: present(entry.path),
    partialBytes: partial(entry.path),
  });
  const others = page().files.filter((entry) => !include.includes(entry.pattern));
  const missing = listed
    .filter((entry) => !present(entry.path))
    .reduce((sum, entry) => sum + entry.size - partial(entry.path), 0);
  return {
    repoId: 'org/tiny-gguf',
    repoType: 'model',
    revision: 'main',
    commit: 'a'.repeat(40),
    files: listed.map(said),
    ...(request.url.endsWith('?otherFiles=true') && { otherFiles: others.map(said) }),
    totalBytes: listed.reduce((sum, entry) => sum + entry.size, 0),
    presentBytes: 0,
    bytesToFetch: missing,
    copiedBytes: 0,
    copiedFrom: [],
    bytesToWrite: missing,
    freeBytes: FOLDER_FREE,
    gated: false,
    needsToken: false,
    destination: `/models/${localDir}`,
    message: null,
  };
}

describe('ModelPage: the quantization tags describe the chosen destination', () => {
  let server: ScriptedApi;
  /** The previews fail (500) while true: the page has only GET /api/system/disk/folder for the folder's disk. */
  let previewsFail: boolean;
  /** While set, the page's previews wait for it before they are sent: a preview being asked. */
  let previewsHeld: Promise<void> | null;

  beforeEach(async () => {
    previewsFail = false;
    previewsHeld = null;
    cachePartial = {};
    window.history.pushState(null, '', '/models/org/tiny-gguf');
    server = await startScriptedApi({
      ...liveRoutes({ settings: settingsFixture }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/hub/repos/model/org/tiny-gguf': () => ({ body: page() }),
      'GET /api/system/disk/folder': () => ({
        body: { path: '/models/tiny', freeBytes: FOLDER_FREE, totalBytes: 1_000_000 },
      }),
      'POST /api/downloads/preview': (request) =>
        previewsFail
          ? { status: 500, body: { code: 'INTERNAL', message: 'The preview failed' } }
          : { body: preview(request) },
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  const row = (name: string) =>
    (screen.getByRole('radio', { name: new RegExp(`^${name}`) }) as HTMLInputElement).closest('label')!;
  const chips = (name: string) =>
    [...row(name).querySelectorAll('.chip')]
      .map((chip) => chip.textContent)
      .filter((text) => text !== 'fits RAM');
  const destination = () => screen.getByRole('combobox', { name: 'Destination' });
  const folderField = () => screen.getByRole('textbox', { name: 'Destination folder' });
  const fileBox = (path: string) =>
    within(screen.getByRole('region', { name: /^Files/ })).getByRole('checkbox', { name: new RegExp(path) });
  const splitWarning = () => screen.queryByText(/is split in/)?.textContent ?? null;
  /** The scripted server's API, its previews sent once `previewsHeld` (when set) settles. */
  const api = () => ({
    ...server.api,
    preview: async (...args: Parameters<typeof server.api.preview>) => {
      await previewsHeld;
      return server.api.preview(...args);
    },
  });

  it('HF cache: installed is the cache copy; a quantization only a folder holds says which', async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toEqual(['installed', 'recommended']));
    expect(chips('Q6_K')).toEqual(['in folder tiny', '2 parts']);
    expect(chips('Q8_0')).toEqual([]);
    // Picking Q6_K: nothing to fetch, its parts are copied from the folder (the preview's copiedBytes).
    fireEvent.click(screen.getByRole('radio', { name: /^Q6_K/ }));
    await screen.findByText(
      '3 of 5 files, 70.10 kB, all on disk. 2 of them are in folder tiny: Download copies them into the HF cache, not fetched.',
    );
  });

  it("Folder: installed is what the folder holds, the HF cache is elsewhere, and the disk is the folder's", async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'tiny' } });
    // The folder holds Q6_K whole; Q2_K is in the HF cache. Q8_0 (90 kB, not picked) does not fit the 50 kB free
    // whole, but the preview of Q2_K says of it too that 60 kB are in the folder: the 30 kB left fit.
    await screen.findByText(/into folder tiny \(/);
    await waitFor(() => expect(chips('Q8_0')).toEqual(['fits with what is there']));
    expect(chips('Q6_K')).toEqual(['installed', '2 parts']);
    expect(chips('Q2_K')).toEqual(['in HF cache', 'recommended']);
    expect(screen.getByText('Free disk').nextElementSibling?.textContent).toBe('50.00 kB');

    // Another folder, which holds none of them: Q6_K (70 kB, not picked) does not fit its 50 kB, nor Q8_0.
    fireEvent.change(folderField(), { target: { value: 'other' } });
    await waitFor(() =>
      expect(chips('Q6_K')).toEqual(['in folder tiny', '2 parts', 'disk: needs 70.00 kB, 50.00 kB free']),
    );
    expect(chips('Q8_0')).toEqual(['disk: needs 90.00 kB, 50.00 kB free']);
    expect(chips('Q2_K')).toEqual(['in HF cache', 'recommended']);
    // Picked, Q8_0 is previewed by itself: the same verdict.
    fireEvent.click(screen.getByRole('radio', { name: /^Q8_0/ }));
    await screen.findByText(/into folder other \(90\.10 kB to fetch/);
    expect(chips('Q8_0')).toEqual(['disk: needs 90.00 kB, 50.00 kB free']);
  });

  it("Folder: the disk hints and Free disk read the folder's disk before any preview answers", async () => {
    previewsFail = true;
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'tiny' } });
    await server.received((request) => (request.body as { localDir?: string })?.localDir === 'tiny');
    // Q8_0 (90 kB) fits the folder's 50 kB, as Free disk says, only if the folder holds part of it (it holds 60 kB,
    // which only a preview would say); Q6_K is there already, Q2_K fits.
    await waitFor(() => expect(chips('Q8_0')).toEqual(['may lack disk']));
    expect(screen.getByText('Free disk').nextElementSibling?.textContent).toBe('50.00 kB');
    expect(chips('Q6_K')).toEqual(['installed', '2 parts']);
    expect(chips('Q2_K')).toEqual(['in HF cache', 'recommended']);
  });

  it("Folder: what an unfinished download into the HF cache holds never counts for the folder's disk", async () => {
    // 50 of Q8_0's 90 kB are in the HF cache's temp file: into the cache, 40 kB to write would fit 50 kB free.
    cachePartial = { 'Tiny-Q8_0.gguf': 50_000 };
    previewsFail = true;
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'other' } });
    await server.received((request) => (request.body as { localDir?: string })?.localDir === 'other');
    // Into `other`, what it holds of Q8_0 only a preview says (this one failed): not "it fits".
    await waitFor(() => expect(chips('Q8_0')).toEqual(['may lack disk']));
    // A preview answers: `other` holds none of it.
    previewsFail = false;
    fireEvent.click(screen.getByRole('radio', { name: /^Q8_0/ }));
    await waitFor(() => expect(chips('Q8_0')).toEqual(['disk: needs 90.00 kB, 50.00 kB free']));
  });

  it("Folder: weighs the folder's unfinished download, and keeps what the previews said while the next is asked", async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'tiny' } });
    await waitFor(() => expect(chips('Q8_0')).toEqual(['fits with what is there']));
    // Picked, Q8_0 is previewed: 60 of its 90 kB are in the folder already, the 30 kB left fit the 50 kB free.
    fireEvent.click(screen.getByRole('radio', { name: /^Q8_0/ }));
    await screen.findByText(/30\.10 kB to fetch/);
    expect(chips('Q8_0')).toEqual(['fits with what is there']);
    expect(row('Q8_0').querySelector('.chip--success')?.getAttribute('title')).toBe(
      'It needs 30.00 kB, 50.00 kB free: 60.00 kB of it in folder tiny already',
    );
    // Back to Q2_K: a new preview is asked; until it answers, the folder's disk and Q8_0's partial bytes are known.
    fireEvent.click(screen.getByRole('radio', { name: /^Q2_K/ }));
    expect(screen.getByText('Free disk').nextElementSibling?.textContent).toBe('50.00 kB');
    expect(chips('Q8_0')).toEqual(['fits with what is there']);
    expect(chips('Q6_K')).toEqual(['installed', '2 parts']);
  });

  it("Folder: a quantization the folder half-holds is never 'not enough disk' while the first preview is asked", async () => {
    renderLive(api(), <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    // The folder's first preview is held: 90 kB against 50 kB free, but 60 kB of Q8_0 may be in the folder.
    let release = () => {};
    previewsHeld = new Promise((resolve) => {
      release = resolve;
    });
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'tiny' } });
    await waitFor(() =>
      expect(screen.getByText('Free disk').nextElementSibling?.textContent).toBe('50.00 kB'),
    );
    await screen.findByText(/into folder tiny \(checking…\)/);
    expect(chips('Q8_0')).toEqual(['checking disk…']);
    // The preview (of Q2_K, the selection) answers of Q8_0 too: 60 kB are there, the 30 kB left fit.
    release();
    await screen.findByText(/into folder tiny \(.* to fetch/);
    expect(chips('Q8_0')).toEqual(['fits with what is there']);
  });

  it('warns of a split part left out that the chosen destination lacks, not one it holds', async () => {
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(chips('Q2_K')).toContain('installed'));
    fireEvent.click(screen.getByRole('button', { name: 'Select none' }));
    fireEvent.click(fileBox('Tiny-Q6_K-00001-of-00002\\.gguf'));
    // The HF cache lacks the second part: a download there would leave Q6_K of no use.
    expect(splitWarning()).toBe(
      'Q6_K is split in 2 parts and 1 of them is neither ticked nor on disk: llama.cpp loads a split model only with every part. Pick Q6_K above to select them all.',
    );
    fireEvent.change(destination(), { target: { value: 'local' } });
    fireEvent.change(folderField(), { target: { value: 'tiny' } });
    await waitFor(() => expect(splitWarning()).toBeNull());
    fireEvent.change(folderField(), { target: { value: 'other' } });
    await waitFor(() => expect(splitWarning()).toMatch(/1 of them is neither ticked nor in folder other:/));
  });
});
