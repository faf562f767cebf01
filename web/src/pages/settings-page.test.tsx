// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { SettingsPage, settingsUpdateOf } from './settings-page.js';

describe('SettingsPage', () => {
  let server: ScriptedApi;
  let current: Settings;

  beforeEach(async () => {
    current = { ...settingsFixture };
    server = await startScriptedApi({
      ...liveRoutes({ settings: () => current }),
      'PUT /api/settings': (request) => {
        const update = request.body as Record<string, unknown>;
        const { hfToken, ...rest } = update;
        current = {
          ...current,
          ...rest,
          hfTokenSet: hfToken === undefined ? current.hfTokenSet : hfToken !== null,
          hfTokenSource:
            hfToken === undefined ? current.hfTokenSource : hfToken === null ? null : { kind: 'settings' },
        };
        return { body: current };
      },
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('sends a token write-only and only ever says whether one is set', async () => {
    renderLive(server.api, <SettingsPage />);
    await screen.findByText(/No token is set/);
    const input = screen.getByLabelText('Token') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: 'hf_secretsecretsecret' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save token' }));
    });
    await screen.findByText('A token is set.');
    const put = server.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ hfToken: 'hf_secretsecretsecret' });
    expect((screen.getByLabelText('Replace token') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('hf_secretsecretsecret');

    fireEvent.click(screen.getByRole('button', { name: 'Clear token' }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(2));
    expect(server.requests.filter((r) => r.method === 'PUT')[1]?.body).toEqual({ hfToken: null });
    await screen.findByText(/No token is set/);
  });
});

describe('SettingsPage: the bandwidth limit', () => {
  let server: ScriptedApi;
  let current: Settings;

  beforeEach(async () => {
    current = { ...settingsFixture, bandwidthLimit: 5_000_000 };
    server = await startScriptedApi({
      ...liveRoutes({ settings: () => current }),
      'PUT /api/settings': (request) => {
        current = { ...current, ...(request.body as Partial<Settings>) };
        return { body: current };
      },
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('turns Save on while a new limit is typed, and saves it', async () => {
    renderLive(server.api, <SettingsPage />);
    const field = (await screen.findByRole('spinbutton', { name: 'Bandwidth limit' })) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('5'));
    const save = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    field.focus();
    fireEvent.change(field, { target: { value: '10' } });
    // Still in the field, not committed yet: before, Save stayed greyed out until the field was left.
    expect(save.disabled).toBe(false);
    // A click on Save leaves the field first (which commits the limit), then submits.
    await act(async () => {
      fireEvent.blur(field);
    });
    await act(async () => {
      fireEvent.click(save);
    });
    await screen.findByText('Settings saved.');
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ bandwidthLimit: 10_000_000 });
  });
});

describe('settingsUpdateOf', () => {
  const draft = {
    maxParallel: '3',
    bandwidthLimit: 5_000_000,
    endpoint: 'http://127.0.0.1:9999/',
    stallTimeoutSeconds: '45',
    progressDir: '/tmp/progress',
    defaultDestination: 'local' as const,
  };

  it('sends only what changed, in API units', () => {
    expect(settingsUpdateOf(draft, settingsFixture)).toEqual({
      maxParallel: 3,
      bandwidthLimit: 5_000_000,
      endpoint: 'http://127.0.0.1:9999',
      stallTimeoutMs: 45_000,
      defaultDestination: 'local',
    });
  });

  it('refuses invalid values with a sentence', () => {
    expect(settingsUpdateOf({ ...draft, maxParallel: '0' }, settingsFixture)).toMatch(/Parallel downloads/);
    expect(settingsUpdateOf({ ...draft, endpoint: 'ftp://x' }, settingsFixture)).toMatch(/http\(s\) URL/);
    // The field's step is 1 s and its floor 5 s: 2.5 and 1 are refused as the server refuses them.
    for (const stallTimeoutSeconds of ['abc', '2.5', '1', '4', '', '3601']) {
      expect(settingsUpdateOf({ ...draft, stallTimeoutSeconds }, settingsFixture), stallTimeoutSeconds).toBe(
        'The stall timeout must be a whole number of seconds from 5 to 3600.',
      );
    }
  });
});
