// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../../src/api-types.js';
import { DOWNLOAD_REFUSALS } from '../../../src/download-refusals.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadForm } from './download-form.js';

const NOTE = 'Read from the address: dataset org/small at revision v1.0.';

/** What the page reads around the form: no downloads, no network figures, settings not there yet. */
const PAGE_ROUTES = {
  ...liveRoutes(),
  'GET /api/models': () => ({ body: [] }),
};

describe('DownloadForm: the note on what an address was read as', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...PAGE_ROUTES,
    });
    renderLive(server.api, <DownloadForm />);
    const input = screen.getByLabelText('Hugging Face repo id');
    fireEvent.change(input, { target: { value: 'https://huggingface.co/datasets/org/small/tree/v1.0' } });
    fireEvent.blur(input);
    expect(screen.getByText(NOTE)).toBeTruthy();
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('goes once the type it names is changed', () => {
    fireEvent.change(screen.getByDisplayValue('Dataset'), { target: { value: 'model' } });
    expect(screen.queryByText(/Read from the address/)).toBeNull();
  });

  it('goes once the revision it names is changed', () => {
    fireEvent.change(screen.getByDisplayValue('v1.0'), { target: { value: 'nosuchbranch' } });
    expect(screen.queryByText(/Read from the address/)).toBeNull();
    expect(screen.getByLabelText('Hugging Face repo id').getAttribute('aria-describedby')).toBeNull();
  });
});

describe('DownloadForm: a press on Download right after typing an address', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...PAGE_ROUTES,
      'POST /api/downloads': () => ({ status: 201, body: { id: 'j1', state: 'queued', name: 'small' } }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('keeps the focus in the id field, so the note does not push Download away before the click', async () => {
    renderLive(server.api, <DownloadForm />);
    const input = screen.getByLabelText('Hugging Face repo id') as HTMLInputElement;
    input.focus();
    fireEvent.change(input, { target: { value: 'https://huggingface.co/datasets/org/small/tree/v1.0' } });
    // fireEvent returns false when the mousedown's default (moving the focus, so leaving the field, so the
    // note appearing and the buttons moving down a line mid-click) was prevented.
    expect(fireEvent.mouseDown(screen.getByRole('button', { name: 'Download' }))).toBe(false);
    expect(fireEvent.mouseDown(screen.getByRole('button', { name: 'Preview' }))).toBe(false);
    expect(fireEvent.mouseDown(screen.getByLabelText('Folder'))).toBe(false);
    expect(screen.queryByText(NOTE)).toBeNull();
    // Text fields and selects still take the focus as usual.
    expect(fireEvent.mouseDown(screen.getByLabelText(/Revision/))).toBe(true);
    // The click itself reads the address and sends what it says.
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'POST')).toBe(true));
    expect(server.requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      repoId: 'org/small',
      repoType: 'dataset',
      revision: 'v1.0',
    });
    expect(screen.getByText(NOTE)).toBeTruthy();
  });
});

describe('DownloadForm: a type and revision read from an address follow the id typed next', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...PAGE_ROUTES,
      'POST /api/downloads/preview': () => ({
        status: 404,
        body: { code: 'REPO_NOT_FOUND', message: 'not found' },
      }),
    });
    renderLive(server.api, <DownloadForm />);
    const input = screen.getByLabelText('Hugging Face repo id');
    fireEvent.change(input, { target: { value: 'https://huggingface.co/datasets/org/small/tree/v1.0' } });
    fireEvent.blur(input);
    expect(screen.getByText(NOTE)).toBeTruthy();
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  // By its name: the note sits in the id field's label while it shows.
  const idField = () => document.querySelector('input[name="repoId"]') as HTMLInputElement;
  const typeField = () => screen.getByLabelText('Type') as HTMLSelectElement;
  const revisionField = () => screen.getByLabelText('Revision (optional)') as HTMLInputElement;
  const previewed = async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByText('not found');
    return server.requests.find((request) => request.url === '/api/downloads/preview')?.body;
  };

  it('go back to a model at main once a plain id is typed, and say so', async () => {
    expect(typeField().value).toBe('dataset');
    fireEvent.change(idField(), { target: { value: 'o' } });
    fireEvent.change(idField(), { target: { value: 'org/y' } });
    expect(typeField().value).toBe('model');
    expect(revisionField().value).toBe('');
    expect(
      screen.getByText(
        'Type back to model and revision back to main: they came with the address, not with this id.',
      ),
    ).toBeTruthy();
    expect(await previewed()).toEqual({ repoId: 'org/y', repoType: 'model' });
  });

  it('stay as the user set them after the address', async () => {
    fireEvent.change(typeField(), { target: { value: 'space' } });
    fireEvent.change(idField(), { target: { value: 'org/y' } });
    expect(typeField().value).toBe('space');
    expect(revisionField().value).toBe('');
    expect(
      screen.getByText('Revision back to main: it came with the address, not with this id.'),
    ).toBeTruthy();
    expect(await previewed()).toEqual({ repoId: 'org/y', repoType: 'space' });
  });
});

/** A preview answer for org/x: listed (commit set) or not (commit ''), needing a token or not. */
function previewAnswer(overrides: Partial<PreviewResponse>): PreviewResponse {
  return {
    repoId: 'org/x',
    repoType: 'model',
    revision: 'main',
    commit: 'a'.repeat(40),
    files: [{ path: 'model.bin', size: 1000, present: false, partialBytes: 0 }],
    totalBytes: 1000,
    presentBytes: 0,
    bytesToFetch: 1000,
    copiedBytes: 0,
    copiedFrom: [],
    bytesToWrite: 1000,
    freeBytes: 1e12,
    gated: false,
    needsToken: false,
    destination: '/cache/models--org--x',
    message: null,
    ...overrides,
  };
}

describe('DownloadForm: Download refuses what the preview says cannot be fetched', () => {
  let server: ScriptedApi;
  let preview: PreviewResponse | { status: number; code: string; message: string };
  beforeEach(async () => {
    server = await startScriptedApi({
      ...PAGE_ROUTES,
      'POST /api/downloads/preview': () =>
        'status' in preview ? { status: preview.status, body: preview } : { body: preview },
      'POST /api/downloads': () => ({ status: 201, body: { job: { id: 'job-1' }, created: true } }),
    });
    renderLive(server.api, <DownloadForm />);
    fireEvent.change(screen.getByLabelText('Hugging Face repo id'), { target: { value: 'org/x' } });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const download = () => screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;
  const runPreview = async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Preview' })).toBeTruthy());
  };
  const posted = () => server.requests.filter((r) => r.method === 'POST' && r.url === '/api/downloads');

  it.each([
    [
      'not listed',
      {
        commit: '',
        files: [],
        needsToken: true,
        message: 'org/x was not found on … or is private or gated',
      },
      'Not downloadable: the Hub does not list this repo (see the preview).',
    ],
    [
      'gated without access',
      { gated: true, needsToken: true, message: 'org/x is gated: request access at …' },
      'Not downloadable: no access to this gated repo yet (see the preview).',
    ],
  ])(
    '%s: Download is off, with the reason beside it, and Enter queues nothing',
    async (_, fields, reason) => {
      preview = previewAnswer(fields);
      expect(download().disabled).toBe(false);
      await runPreview();
      expect(download().disabled).toBe(true);
      const note = screen.getByText(reason);
      expect(download().getAttribute('aria-describedby')).toBe(note.id);
      fireEvent.submit(download().closest('form') as HTMLFormElement);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(posted()).toHaveLength(0);
      // A changed id clears the preview: Download is on again.
      fireEvent.change(screen.getByLabelText('Hugging Face repo id'), { target: { value: 'org/y' } });
      expect(download().disabled).toBe(false);
    },
  );

  it('stays on after a preview that found the repo (gated with access included)', async () => {
    preview = previewAnswer({ gated: true });
    await runPreview();
    expect(download().disabled).toBe(false);
    expect(screen.queryByText(/^Not downloadable/)).toBeNull();
    fireEvent.click(download());
    await waitFor(() => expect(posted()).toHaveLength(1));
  });

  it('says a download that does not fit in the free space will not fit, once; Download stays on (it queues)', async () => {
    const message =
      'Not enough free disk space: the download needs 52.43 MB, 41.94 MB free at /cache/models--org--x';
    preview = previewAnswer({ bytesToWrite: 52_428_803, freeBytes: 41_943_040, message });
    await runPreview();
    expect(screen.getAllByText(message)).toHaveLength(1);
    expect(download().disabled).toBe(false);
  });

  it('says what of the copies a hard link puts in place, taking no room (a fork’s weights)', async () => {
    preview = previewAnswer({
      bytesToFetch: 0,
      copiedBytes: 1000,
      linkedBytes: 1000,
      copiedFrom: [{ from: 'hf-cache', repoId: 'org/base' }],
      bytesToWrite: 0,
    });
    await runPreview();
    const linked = screen.getByText('Of it linked: no room taken');
    expect(linked.nextElementSibling?.textContent).toBe('1.00 kB');
  });

  it('is off after a preview the Hub answered 404 (with a token, a missing repo), on again once the id changes', async () => {
    preview = { status: 404, code: 'REPO_NOT_FOUND', message: 'Model org/x not found on the Hub' };
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByText('Model org/x not found on the Hub');
    expect(download().disabled).toBe(true);
    expect(screen.getByText('Not downloadable: see what the preview says.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Hugging Face repo id'), { target: { value: 'org/y' } });
    expect(download().disabled).toBe(false);
  });

  // The codes POST /api/downloads refuses with (one rule with the server's): a rejected token, a disabled
  // repo, patterns that leave no file among them.
  it.each([...DOWNLOAD_REFUSALS].map((code) => [code]))(
    'is off after a preview that failed with %s, as POST /api/downloads would refuse it',
    async (code) => {
      preview = { status: 400, code, message: `refused: ${code}` };
      fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
      await screen.findByText(`refused: ${code}`);
      expect(download().disabled).toBe(true);
    },
  );

  it('stays on after a preview that failed for another reason (the Hub unreachable)', async () => {
    preview = { status: 503, code: 'HUB_UNREACHABLE', message: 'Cannot reach the Hub' };
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByText(/Cannot reach the Hub/);
    expect(download().disabled).toBe(false);
  });
});
