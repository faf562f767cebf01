// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive, renderLiveConnected } from '../../../test/support/web/render-live.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { useLive } from '../state/live-store.js';
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

  it('keeps a keystroke made as pushed settings arrive, and shows what was pushed', async () => {
    const typing: { into?: HTMLInputElement } = {};
    const stream = renderLiveConnected(
      server.api,
      <>
        <SettingsPage />
        <TypesOnPush typing={typing} />
      </>,
    );
    typing.into = (await screen.findByLabelText('Progress files folder')) as HTMLInputElement;
    const stall = screen.getByLabelText('Stall timeout (seconds)') as HTMLInputElement;
    await waitFor(() => expect(stall.value).toBe('30'));
    // Another tab saves a stall timeout, and the user types here after its render is on screen but before its
    // effects have run, as on a loaded machine (React runs a render's effects after it commits, in a later task
    // once the render took longer than its time slice). The form adopted a push by an effect "unless editing",
    // which then ran after the keystroke it had not seen and undid it.
    act(() => stream.send('settings', { settings: { ...current, stallTimeoutMs: 45_000 } }));
    await waitFor(() => expect(typing.into?.value).toBe('/tmp/mine'));
    expect(stall.value).toBe('45');
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(false);
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

describe('SettingsPage: the download limits', () => {
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

  it('are the Downloads page’s controls, applied at once without Save', async () => {
    renderLive(server.api, <SettingsPage />);
    // The Downloads page's words and controls: "Total bandwidth limit" and the − / + stepper, not a number field.
    const field = (await screen.findByRole('spinbutton', {
      name: 'Total bandwidth limit',
    })) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('5'));
    expect(screen.getByRole('group', { name: 'Parallel downloads' })).toBeTruthy();
    fireEvent.change(field, { target: { value: '10' } });
    await act(async () => {
      fireEvent.blur(field);
    });
    await screen.findByText('Bandwidth limit 10.0 MB/s applied.');
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ bandwidthLimit: 10_000_000 });
    fireEvent.click(screen.getByRole('button', { name: 'More parallel downloads' }));
    await screen.findByText(`Parallel downloads: ${settingsFixture.maxParallel + 1} applied.`);
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('settingsUpdateOf', () => {
  const draft = {
    endpoint: 'http://127.0.0.1:9999/',
    stallTimeoutSeconds: '45',
    progressDir: '/tmp/progress',
    defaultDestination: 'local' as const,
  };

  it('sends only what changed, in API units', () => {
    expect(settingsUpdateOf(draft, settingsFixture)).toEqual({
      endpoint: 'http://127.0.0.1:9999',
      stallTimeoutMs: 45_000,
      defaultDestination: 'local',
    });
  });

  it('refuses invalid values with a sentence', () => {
    expect(settingsUpdateOf({ ...draft, endpoint: 'ftp://x' }, settingsFixture)).toEqual({
      field: 'endpoint',
      message: expect.stringMatching(/http\(s\) URL/),
    });
    // The field's step is 1 s and its floor 5 s: 2.5 and 1 are refused as the server refuses them.
    for (const stallTimeoutSeconds of ['abc', '2.5', '1', '4', '', '3601']) {
      expect(
        settingsUpdateOf({ ...draft, stallTimeoutSeconds }, settingsFixture),
        stallTimeoutSeconds,
      ).toEqual({
        field: 'stallTimeoutMs',
        message: 'The stall timeout must be a whole number of seconds from 5 to 3600.',
      });
    }
  });
});

/** Types into `typing.into` once the pushed stall timeout is on screen, before the commit's effects run. */
function TypesOnPush({ typing }: { typing: { into?: HTMLInputElement } }) {
  const { state } = useLive();
  const pushed = state.settings?.stallTimeoutMs === 45_000;
  useLayoutEffect(() => {
    if (pushed && typing.into) typeWithoutAct(typing.into, '/tmp/mine');
  }, [pushed, typing]);
  return null;
}

/** A keystroke as the browser delivers it, outside React's act(): the value set as typing sets it, then `input`. */
function typeWithoutAct(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
