// @vitest-environment jsdom
/**
 * A field the server refuses is said in the form's words: its label, then why (api/field-labels.ts), from the
 * answer's `field` and `problem` (src/field-error.ts). The download form showed `Invalid body field "localDir": …`
 * and `localDir "a/b" must be …`, the API's words; it now marks the field invalid, described by the error, and keeps
 * what was typed. Settings, the limits and the Hub search say theirs the same way.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, Settings } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { HubSearch } from '../components/hub/hub-search.js';
import type { HubSearchFields } from '../state/models-address.js';
import { DownloadForm } from './download-form.js';
import { SettingsPage } from './settings-page.js';

/** The server's answers, as src/server/error-handler.ts words them (test/server/field-refusals.test.ts). */
const DOTS: ApiError = {
  code: 'INVALID_ARGUMENT',
  message: 'Invalid body field "localDir": expected a folder name or an absolute path without ".." segments',
  field: 'localDir',
  problem: 'expected a folder name or an absolute path without ".." segments',
};
const NESTED_PROBLEM =
  '"a/b" must be one folder directly under the models folder (a name such as "my-model"), not a nested one';
const NESTED: ApiError = {
  code: 'INVALID_ARGUMENT',
  message: `localDir ${NESTED_PROBLEM}`,
  field: 'localDir',
  problem: NESTED_PROBLEM,
};

/** The Hub search with its fields kept here, as the Models page keeps them in its address. */
function Search() {
  const [fields, setFields] = useState<HubSearchFields>({
    q: '',
    type: 'model',
    tag: '',
    sort: 'downloads',
  });
  return <HubSearch fields={fields} onChange={(change) => setFields((now) => ({ ...now, ...change }))} />;
}

let server: ScriptedApi | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
});

describe('the download form', () => {
  it("says a refused folder with the form's label, marks the field, and keeps what was typed", async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/system/disk/folder': () => ({ status: 400, body: DOTS }),
      'POST /api/downloads/preview': () => ({ status: 400, body: DOTS }),
      'POST /api/downloads': () => ({ status: 400, body: NESTED }),
    });
    renderLive(server.api, <DownloadForm />);
    fireEvent.change(screen.getByLabelText('Hugging Face repo id'), { target: { value: 'org/a' } });
    fireEvent.click(screen.getByLabelText('Folder'));
    const folder = screen.getByRole('textbox', { name: 'Destination folder' }) as HTMLInputElement;
    fireEvent.change(folder, { target: { value: '../x' } });
    expect(folder.getAttribute('aria-invalid')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Destination folder: expected a folder name or an absolute path without ".." segments',
    );
    expect(folder.getAttribute('aria-invalid')).toBe('true');
    expect(folder.getAttribute('aria-describedby')).toBe(alert.id);
    expect(folder.value).toBe('../x');
    expect((screen.getByLabelText('Hugging Face repo id') as HTMLInputElement).value).toBe('org/a');

    // Editing clears the mark; a refusal of the jobs service's own reads the same way.
    fireEvent.change(folder, { target: { value: 'a/b' } });
    expect(folder.getAttribute('aria-invalid')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    });
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(`Destination folder: ${NESTED_PROBLEM}`),
    );
    expect(folder.getAttribute('aria-invalid')).toBe('true');
    expect(folder.value).toBe('a/b');
    expect(document.body.textContent).not.toMatch(/localDir|body field/);
  });

  it('marks the field its own check refuses too', async () => {
    server = await startScriptedApi({ ...liveRoutes(), 'GET /api/models': () => ({ body: [] }) });
    renderLive(server.api, <DownloadForm />);
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const alert = await screen.findByRole('alert');
    const id = screen.getByLabelText('Hugging Face repo id');
    expect([id.getAttribute('aria-invalid'), id.getAttribute('aria-describedby')]).toEqual([
      'true',
      alert.id,
    ]);
  });
});

describe('Settings, the limits and the search', () => {
  it("say a refused setting with the form's label", async () => {
    const problem = 'rel is not an absolute path; enter one that starts with "/"';
    let current: Settings = { ...settingsFixture };
    server = await startScriptedApi({
      ...liveRoutes({ settings: () => current }),
      'PUT /api/settings': (request) => {
        const body = request.body as Partial<Settings>;
        if (body.progressDir === 'rel') {
          return {
            status: 400,
            body: {
              code: 'INVALID_ARGUMENT',
              message: `progressDir: ${problem}`,
              field: 'progressDir',
              problem,
            },
          };
        }
        current = { ...current, ...body };
        return { body: current };
      },
    });
    renderLive(server.api, <SettingsPage />);
    const progressDir = (await screen.findByLabelText('Progress files folder')) as HTMLInputElement;
    fireEvent.change(progressDir, { target: { value: 'rel' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`Progress files folder: ${problem}`);
    expect(progressDir.value).toBe('rel');
    // The field is marked, described by its hint and the refusal; the others are not.
    expect(progressDir.getAttribute('aria-invalid')).toBe('true');
    expect(progressDir.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    const stall = screen.getByLabelText('Stall timeout (seconds)');
    expect(stall.getAttribute('aria-invalid')).toBeNull();
    // The form's own check marks its field the same way.
    fireEvent.change(stall, { target: { value: '2.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^The stall timeout must be/);
    expect(stall.getAttribute('aria-invalid')).toBe('true');
    expect(progressDir.getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(stall, { target: { value: '30' } });

    // A bandwidth limit over the server's highest is refused here, in the field's words, and never sent.
    const limit = screen.getByRole('spinbutton', { name: 'Total bandwidth limit' });
    fireEvent.change(limit, { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Total bandwidth limit unit'), { target: { value: 'GB/s' } });
    expect(await screen.findByText(/^Over the highest limit, 1\.0 TB\/s/)).toBeTruthy();
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
  });

  it("the Hub search says its field's refusal with its label", async () => {
    const problem = 'expected at most 256 characters';
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/hub/search': () => ({
        status: 400,
        body: {
          code: 'INVALID_ARGUMENT',
          message: `Invalid query parameter field "q": ${problem}`,
          field: 'q',
          problem,
        },
      }),
    });
    renderLive(server.api, <Search />);
    fireEvent.change(screen.getByLabelText('Search the Hugging Face Hub'), {
      target: { value: 'x'.repeat(300) },
    });
    expect(await screen.findByText(`Search the Hugging Face Hub: ${problem}`)).toBeTruthy();
  });
});
