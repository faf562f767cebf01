// @vitest-environment jsdom
/**
 * The Models page's download form says a folder's free disk before any Preview, as the model page does
 * (use-folder-disk.ts): the folder's own disk (a mount point below the models folder may be another), asked once
 * its name stops changing, "checking…" meanwhile, "…" for a name the server refuses; and, once a Preview said the
 * selection's size, whether it fits that folder's disk (selection-fit.tsx), another folder's too.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadForm } from './download-form.js';

/** The free disk GET /api/system/disk/folder answers by folder name; another name is refused (400). */
const FOLDER_DISKS: Record<string, number> = { big: 2_000_000_000_000, small: 3_000_000, tiny: 2_000_000 };
/** What each folder holds of org/x's 5 MB: `small` 4 MB of it. */
const HELD: Record<string, number> = { small: 4_000_000 };

/** The preview of org/x (5 MB) into a folder. */
function preview(localDir: string): PreviewResponse {
  const present = HELD[localDir] ?? 0;
  return {
    repoId: 'org/x',
    repoType: 'model',
    revision: 'main',
    commit: 'a'.repeat(40),
    files: [{ path: 'model.bin', size: 5_000_000, present: present > 0, partialBytes: 0 }],
    totalBytes: 5_000_000,
    presentBytes: present,
    bytesToFetch: 5_000_000 - present,
    copiedBytes: 0,
    copiedFrom: [],
    bytesToWrite: 5_000_000 - present,
    freeBytes: FOLDER_DISKS[localDir] ?? 0,
    gated: false,
    needsToken: false,
    destination: `/models/${localDir}`,
    message: null,
  };
}

describe('DownloadForm: the Folder destination’s free disk', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/system/disk/folder': (request) => {
        const localDir = new URL(request.url, 'http://ui').searchParams.get('localDir') ?? '';
        const freeBytes = FOLDER_DISKS[localDir];
        return freeBytes === undefined
          ? { status: 400, body: { code: 'INVALID_ARGUMENT', message: `localDir "${localDir}" is refused` } }
          : { body: { path: `/models/${localDir}`, freeBytes, totalBytes: 9_000_000_000_000 } };
      },
      'POST /api/downloads/preview': (request) => ({
        body: preview((request.body as { localDir: string }).localDir),
      }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const freeDisk = () => screen.queryByText(/^Free disk:/)?.textContent ?? null;
  const asked = () =>
    server.requests.map((request) => request.url).filter((url) => url.startsWith('/api/system/disk/folder'));

  it('says the folder’s own disk before any Preview, asked once typing pauses', async () => {
    renderLive(server.api, <DownloadForm />);
    fireEvent.click(screen.getByLabelText('Folder'));
    const folder = screen.getByRole('textbox', { name: 'Destination folder' });
    // No folder named: nothing to say.
    expect(freeDisk()).toBeNull();
    for (const name of ['s', 'sm', 'sma', 'smal', 'small']) {
      fireEvent.change(folder, { target: { value: name } });
      expect(freeDisk()).toBe('Free disk: checking…');
    }
    await waitFor(() => expect(freeDisk()).toBe('Free disk: 3.00 MB'));
    expect(asked()).toEqual(['/api/system/disk/folder?localDir=small']);
    // Another folder, another disk.
    fireEvent.change(folder, { target: { value: 'big' } });
    await waitFor(() => expect(freeDisk()).toBe('Free disk: 2.00 TB'));
    // A name the server refuses: no figure, not the last folder's.
    fireEvent.change(folder, { target: { value: '.hidden' } });
    await waitFor(() => expect(freeDisk()).toBe('Free disk: …'));
    expect(server.requests.filter((request) => request.url === '/api/downloads/preview')).toHaveLength(0);
  });

  it('says whether the selection fits the folder once a Preview said its size, of another folder too', async () => {
    renderLive(server.api, <DownloadForm />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Hugging Face repo id' }), {
      target: { value: 'org/x' },
    });
    fireEvent.click(screen.getByLabelText('Folder'));
    const folder = screen.getByRole('textbox', { name: 'Destination folder' });
    const fitNote = () => screen.queryByText(/^May lack disk/)?.textContent ?? null;
    const notEnough = () => screen.queryByText(/^Not enough free disk space/)?.textContent ?? null;
    fireEvent.change(folder, { target: { value: 'small' } });
    await waitFor(() => expect(freeDisk()).toBe('Free disk: 3.00 MB'));
    // Before any Preview the selection's size is not known: nothing to say.
    expect(fitNote()).toBeNull();
    // `small` holds 4 of the 5 MB: the 1 MB left fits its 3 MB.
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('region', { name: 'Preview' });
    expect(notEnough()).toBeNull();
    expect(fitNote()).toBeNull();
    // Another folder: the Preview is put away, the selection's 5 MB do not fit its 2 MB whole.
    fireEvent.change(folder, { target: { value: 'tiny' } });
    await waitFor(() => expect(freeDisk()).toBe('Free disk: 2.00 MB'));
    expect(fitNote()).toBe(
      'May lack disk: the selection is 5.00 MB, 2.00 MB free here; it fits only if the folder holds part of it already (Preview says).',
    );
    // A disk with room: it fits, whatever the folder holds.
    fireEvent.change(folder, { target: { value: 'big' } });
    await waitFor(() => expect(freeDisk()).toBe('Free disk: 2.00 TB'));
    expect(fitNote()).toBeNull();
    // Previewed, `tiny` holds none of it: not enough disk, by the preview's figures.
    fireEvent.change(folder, { target: { value: 'tiny' } });
    await waitFor(() => expect(fitNote()).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(notEnough()).toBe(
        'Not enough free disk space: the download needs 5.00 MB, 2.00 MB free at /models/tiny',
      ),
    );
    expect(fitNote()).toBeNull();
    // Another selection: its size is not known until a Preview says it.
    fireEvent.change(screen.getByRole('textbox', { name: 'Include patterns (optional)' }), {
      target: { value: '*.json' },
    });
    expect(notEnough()).toBeNull();
    expect(fitNote()).toBeNull();
  });
});
