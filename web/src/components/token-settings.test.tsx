// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { SettingsPage } from '../pages/settings-page.js';

const GOOD = 'hf_goodgoodgoodgood';
const account = {
  name: 'alice',
  fullname: 'Alice Smith',
  type: 'user',
  tokenName: 'laptop',
  tokenRole: 'read',
};

describe('Settings → Hugging Face token', () => {
  let server: ScriptedApi;
  let current: Settings;
  /** What the Hub says of the stored token. */
  let storedAccepted = true;
  /** The server has a token of its own (HF_TOKEN, the token file): hfTokenSet stays true once cleared. */
  let serverToken = false;

  beforeEach(async () => {
    storedAccepted = true;
    serverToken = false;
    current = { ...settingsFixture };
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/settings': () => ({ body: current }),
      'PUT /api/settings': (request) => {
        const { hfToken } = request.body as { hfToken: string | null };
        current = { ...current, hfTokenSet: hfToken !== null || serverToken };
        return { body: current };
      },
      'POST /api/hub/whoami': (request) => {
        const { token } = request.body as { token?: string };
        const accepted = token === undefined ? storedAccepted : token === GOOD;
        return accepted
          ? { body: account }
          : {
              status: 401,
              body: { code: 'UNAUTHORIZED', message: 'The Hub rejected the token: check it' },
            };
      },
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const renderPage = () => renderLive(server.api, <SettingsPage />);

  const submit = async (label: string, token: string, button: string) => {
    fireEvent.change(screen.getByLabelText(label), { target: { value: token } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: button }));
    });
  };

  const puts = () => server.requests.filter((r) => r.method === 'PUT');

  it('does not save a token the Hub rejects, and says so', async () => {
    renderPage();
    await screen.findByText(/No token is set/);
    await submit('Token', 'hf_wrongwrongwrong', 'Save token');
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringMatching(/^The Hub rejected this token, so it was not saved\./),
    );
    expect(puts()).toHaveLength(0);
    expect(screen.getByText(/No token is set/)).toBeTruthy();
    expect((screen.getByLabelText('Token') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('hf_wrongwrongwrong');
  });

  it('saves a token the Hub accepts and says whose it is', async () => {
    renderPage();
    await screen.findByText(/No token is set/);
    await submit('Token', GOOD, 'Save token');
    expect(
      await screen.findByText('Token saved. It belongs to alice (Alice Smith), read token “laptop”.'),
    ).toBeTruthy();
    expect(puts().map((r) => r.body)).toEqual([{ hfToken: GOOD }]);
    expect(screen.getByText('A token is set.')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(GOOD);
  });

  it('says when the stored token is rejected, and keeps it when a wrong replacement is refused', async () => {
    current = { ...current, hfTokenSet: true };
    storedAccepted = false;
    renderPage();
    expect(
      await screen.findByText(/The Hub rejects this token: searches, repo pages and downloads fail/),
    ).toBeTruthy();
    await submit('Replace token', 'hf_wrongwrongwrong', 'Replace token');
    expect(await screen.findByText(/so it was not saved \(the token set before stays\)/)).toBeTruthy();
    expect(puts()).toHaveLength(0);
  });

  it('names the account of the stored token', async () => {
    current = { ...current, hfTokenSet: true };
    renderPage();
    expect(await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.')).toBeTruthy();
  });

  it('says that the server keeps its own token when Clear leaves one in effect', async () => {
    current = { ...current, hfTokenSet: true };
    serverToken = true;
    renderPage();
    await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear token' }));
    });
    expect(puts().map((r) => r.body)).toEqual([{ hfToken: null }]);
    expect(
      await screen.findByText(
        /^The token saved here is cleared\. The server still has a token from where it was started \(HF_TOKEN/,
      ),
    ).toBeTruthy();
    expect(screen.queryByText('Token cleared.')).toBeNull();
    // The token in effect is checked again, not left at "Checking it with the Hub…".
    expect(await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.')).toBeTruthy();
    expect(screen.queryByText(/Checking it with the Hub/)).toBeNull();
  });
});
