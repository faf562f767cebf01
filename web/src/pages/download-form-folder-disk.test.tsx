// @vitest-environment jsdom
/**
 * The Models page's download form says a folder's free disk before any Preview, as the model page does
 * (use-folder-disk.ts): the folder's own disk (a mount point below the models folder may be another), asked once
 * its name stops changing, "checking…" meanwhile, "…" for a name the server refuses.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ScriptedApi,
  startScriptedApi,
  unsupportedNetwork,
} from '../../../test/support/web/api-server.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadForm } from './download-form.js';

/** The free disk GET /api/system/disk/folder answers by folder name; another name is refused (400). */
const FOLDER_DISKS: Record<string, number> = { big: 2_000_000_000_000, small: 3_000_000 };

describe('DownloadForm: the Folder destination’s free disk', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/system/network': () => ({ body: unsupportedNetwork }),
      'GET /api/settings': () => ({ status: 503, body: { code: 'X', message: 'later' } }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/system/disk/folder': (request) => {
        const localDir = new URL(request.url, 'http://ui').searchParams.get('localDir') ?? '';
        const freeBytes = FOLDER_DISKS[localDir];
        return freeBytes === undefined
          ? { status: 400, body: { code: 'INVALID_ARGUMENT', message: `localDir "${localDir}" is refused` } }
          : { body: { path: `/models/${localDir}`, freeBytes, totalBytes: 9_000_000_000_000 } };
      },
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
});
