// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { LiveProvider } from '../state/live-store.js';
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
    path: '/cache/models--org--big',
    sizeOnDisk: 12e9,
    files: 3,
    lastModified: '2025-12-07T10:00:00Z',
    revisions: [],
  },
  job: null,
  status: 'installed',
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
  status: 'not-installed',
};

describe('ModelsPage', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/system/network': () => ({
        body: {
          supported: false,
          t: 0,
          rxBytesPerSecond: 0,
          txBytesPerSecond: 0,
          interfaces: [],
          hubgetBytesPerSecond: 0,
        },
      }),
      'GET /api/settings': () => ({ status: 503, body: { code: 'X', message: 'later' } }),
      'GET /api/models': () => ({ body: [installed, available] }),
      'DELETE /api/models/model/org/big': () => ({
        body: { freedBytes: 12e9, deletedPaths: ['/cache/models--org--big'] },
      }),
      'POST /api/downloads': () => ({
        status: 400,
        body: { code: 'INVALID_REPO_ID', message: 'Invalid repository id "x y"' },
      }),
    });
    render(
      <LiveProvider api={server.api} openEvents={() => new FakeEventSource()}>
        <ModelsPage />
      </LiveProvider>,
    );
    await screen.findByText('Big Model');
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('lists models with size, state and the fitting action, and filters them', () => {
    expect(screen.getByText('12.00 GB')).toBeTruthy();
    expect(screen.getByLabelText('Delete Big Model')).toBeTruthy();
    expect(screen.getByLabelText('Download Small Model')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter these models'), { target: { value: 'tiny' } });
    expect(screen.queryByText('Big Model')).toBeNull();
    expect(screen.getByText('Small Model')).toBeTruthy();
  });

  it('confirms a delete by naming what is freed, then calls the cache route', async () => {
    fireEvent.click(screen.getByLabelText('Delete Big Model'));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Big Model?' });
    expect(within(dialog).getAllByText(/12\.00 GB/).length).toBeGreaterThan(0);
    fireEvent.click(within(dialog).getByText('Delete and free 12.00 GB'));
    await waitFor(() =>
      expect(
        server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/model/org/big'),
      ).toBe(true),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
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
});
