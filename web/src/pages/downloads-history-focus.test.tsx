// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from './downloads-page.js';

const finishedAt = new Date(Date.now() - 60_000).toISOString();
const finished = (name: string) =>
  jobFixture({ id: name, name, repoId: `org/${name}`, state: 'completed', finishedAt });

describe('Downloads page history: Remove from history keeps the keyboard focus', () => {
  let server: ScriptedApi;
  let names: string[];

  beforeEach(async () => {
    names = ['a', 'b', 'c'];
    const routes: Parameters<typeof startScriptedApi>[0] = {
      'GET /api/downloads': () => ({ body: names.map(finished) }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    };
    for (const name of names) {
      routes[`DELETE /api/downloads/${name}`] = () => {
        names = names.filter((each) => each !== name);
        return { status: 204 };
      };
    }
    server = await startScriptedApi(routes);
    renderLive(server.api, <DownloadsPage />);
    await screen.findByRole('button', { name: 'Remove c from history' });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const remove = async (name: string) => {
    const button = screen.getByRole('button', { name: `Remove ${name} from history` });
    button.focus();
    fireEvent.click(button);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: `Remove ${name} from history` })).toBeNull(),
    );
  };

  it("moves to the next row's Remove, else the previous row's, else the History heading", async () => {
    // Newest first: the rows read a, b, c as the server lists them (same finish time).
    const order = () => screen.getAllByRole('button', { name: / from history$/ }).map((b) => b.ariaLabel);
    expect(order()).toEqual(['Remove a from history', 'Remove b from history', 'Remove c from history']);

    await remove('b');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove c from history' }));
    await remove('c');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove a from history' }));
    await remove('a');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'History (0)' }));
  });
});
