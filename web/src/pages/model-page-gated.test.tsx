// @vitest-environment jsdom
/**
 * The model page of a gated repo: Download is off while the Hub refuses the token its files, and what to do
 * about it depends on why (the page's `accessDenial`): no token, a token the Hub did not accept, or a token
 * whose account has no access yet.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoPageResponse } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { ModelPage } from './model-page.js';

describe('ModelPage: a gated repo', () => {
  let server: ScriptedApi;
  let answer: RepoPageResponse;
  let tokenSet: boolean;

  beforeEach(async () => {
    tokenSet = false;
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({
        settings: () => ({
          ...settingsFixture,
          hfTokenSet: tokenSet,
          hfTokenSource: tokenSet ? { kind: 'settings' } : null,
        }),
      }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/hub/repos/model/org/small': () => ({ body: answer }),
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  const download = () => screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;

  it('without access: Download is off, the reason beside it', async () => {
    answer = repoPageFixture({ gated: 'manual', accessDenied: true });
    renderLive(server.api, <ModelPage />);
    await waitFor(() => expect(download().disabled).toBe(true));
    const reason = screen.getByText('Not downloadable: no access to this gated repository yet.');
    expect(download().getAttribute('aria-describedby')).toBe(reason.id);
  });

  it('names the licence from the Hub tags, though the card needs access', async () => {
    answer = repoPageFixture({ gated: 'manual', accessDenied: true, tags: ['gguf', 'license:llama3.1'] });
    renderLive(server.api, <ModelPage />);
    await screen.findByText('The card of a gated repository needs access.');
    expect(screen.getByText('license llama3.1')).toBeTruthy();
  });

  it('with access (or not gated): Download is on', async () => {
    answer = repoPageFixture({ gated: 'manual', accessDenied: false });
    renderLive(server.api, <ModelPage />);
    await screen.findByRole('button', { name: 'Download' });
    expect(download().disabled).toBe(false);
    expect(screen.queryByText(/^Not downloadable/)).toBeNull();
  });

  it('without access and without a token: request access, then set the token in Settings', async () => {
    answer = repoPageFixture({ gated: 'manual', accessDenied: true, accessDenial: 'no-token' });
    renderLive(server.api, <ModelPage />);
    const note = await screen.findByText(/^This repository is gated/);
    expect(note.textContent).toBe(
      'This repository is gated: request access on its Hugging Face page, then set your token in Settings.',
    );
    await waitFor(() =>
      expect(within(note).getByRole('link').getAttribute('href')).toBe('https://huggingface.co/org/small'),
    );
  });

  it("without access but with a token set: the token's account has no access yet, nothing about Settings", async () => {
    tokenSet = true;
    answer = repoPageFixture({ gated: 'manual', accessDenied: true, accessDenial: 'no-access' });
    renderLive(server.api, <ModelPage />);
    await waitFor(() =>
      expect(screen.getByText(/^This repository is gated/).textContent).toBe(
        "This repository is gated and your token's account has no access to it yet: request access on its Hugging Face page.",
      ),
    );
    expect(screen.queryByText(/Settings/)).toBeNull();
  });

  it('with a token the Hub did not accept: set a valid one in Settings, not "no access yet"', async () => {
    tokenSet = true;
    answer = repoPageFixture({ gated: 'manual', accessDenied: true, accessDenial: 'token-rejected' });
    renderLive(server.api, <ModelPage />);
    await waitFor(() =>
      expect(screen.getByText(/^This repository is gated/).textContent).toBe(
        'This repository is gated and the Hub did not accept your token: set a valid one in Settings, of an ' +
          'account that has access (request it on its Hugging Face page).',
      ),
    );
    expect(screen.queryByText(/no access to it yet/)).toBeNull();
  });

  it('with access: says the token gives access', async () => {
    tokenSet = true;
    answer = repoPageFixture({ gated: 'manual', accessDenied: false });
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByText('This repository is gated; your token gives access.')).toBeTruthy();
  });
});
