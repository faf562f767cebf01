// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HfTokenSource, Settings } from '../../../src/api-types.js';
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
  /** The server's own token (HF_TOKEN, the token file), in effect when none is saved through Settings. */
  let serverToken: HfTokenSource | null = null;
  const saved: HfTokenSource = { kind: 'settings' };
  const withSource = (source: HfTokenSource | null): Settings => ({
    ...current,
    hfTokenSet: source !== null,
    hfTokenSource: source,
  });

  beforeEach(async () => {
    storedAccepted = true;
    serverToken = null;
    current = { ...settingsFixture };
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/settings': () => ({ body: current }),
      'PUT /api/settings': (request) => {
        const { hfToken } = request.body as { hfToken: string | null };
        current = withSource(hfToken !== null ? saved : serverToken);
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
    current = withSource(saved);
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
    current = withSource(saved);
    renderPage();
    expect(await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.')).toBeTruthy();
  });

  it('says that the server keeps its own token when Clear leaves one in effect', async () => {
    serverToken = { kind: 'env', variable: 'HF_TOKEN' };
    current = withSource(saved);
    renderPage();
    await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear token' }));
    });
    expect(puts().map((r) => r.body)).toEqual([{ hfToken: null }]);
    expect(
      await screen.findByText(
        'The token saved here is cleared. The server now uses its own, from the environment variable HF_TOKEN.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText('Token cleared.')).toBeNull();
    // Nothing left to clear here: the server's own token is named, with where to change it.
    expect(screen.queryByRole('button', { name: 'Clear token' })).toBeNull();
    expect(
      screen.getByText('The server uses the token from the environment variable HF_TOKEN.'),
    ).toBeTruthy();
    // The token in effect is checked again, not left at "Checking it with the Hub…".
    expect(await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.')).toBeTruthy();
    expect(screen.queryByText(/Checking it with the Hub/)).toBeNull();
  });

  it('offers no Clear for the server’s HF_TOKEN, says how to change it, and saves one to use instead', async () => {
    serverToken = { kind: 'env', variable: 'HF_TOKEN' };
    current = withSource(serverToken);
    renderPage();
    expect(
      await screen.findByText('The server uses the token from the environment variable HF_TOKEN.'),
    ).toBeTruthy();
    expect(
      screen.getByText(
        'It cannot be cleared here: change or unset HF_TOKEN where the server is started, then restart the server. A token saved here is used instead of it.',
      ),
    ).toBeTruthy();
    expect(await screen.findByText('It belongs to alice (Alice Smith), read token “laptop”.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear token' })).toBeNull();
    expect(screen.queryByText('A token is set.')).toBeNull();
    await submit('Token to use instead', GOOD, 'Save token');
    expect(await screen.findByText(/^Token saved\./)).toBeTruthy();
    expect(puts().map((r) => r.body)).toEqual([{ hfToken: GOOD }]);
    // Now the saved one is in effect, and it alone can be cleared.
    expect(screen.getByText('A token is set.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Clear token' })).toBeTruthy();
  });

  it('names the server’s token file by its path, without Clear', async () => {
    current = withSource({ kind: 'file', path: '/home/ada/.cache/huggingface/token' });
    storedAccepted = false;
    renderPage();
    expect(
      await screen.findByText(
        'The server uses the token from the Hugging Face token file /home/ada/.cache/huggingface/token.',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText(
        /^It cannot be cleared here: replace or delete that file on the server \(hf auth login/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear token' })).toBeNull();
    expect(
      await screen.findByText(/fail until you save another one here or change it as said above\.$/),
    ).toBeTruthy();
  });
});
