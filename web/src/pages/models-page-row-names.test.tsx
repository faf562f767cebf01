// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderModelsPage } from '../../../test/support/web/models-page.js';

const at = '2026-12-05T21:20:00.000Z';

let server: ScriptedApi;

async function renderModels(entries: ModelListEntry[], jobs: JobView[] = []) {
  server = await renderModelsPage(entries, jobs);
}

afterEach(async () => {
  cleanup();
  await server.close();
});

describe('ModelsPage: button names that say what they act on', () => {
  it('names the Partial row’s Remove so it cannot be taken for Delete: it forgets the download, files stay', async () => {
    const cancelled = jobFixture({
      id: 'big',
      name: 'big-model',
      repoId: 'slow/big-model',
      state: 'cancelled',
      total: 629_145_602,
      downloaded: 2,
      finishedAt: at,
    });
    await renderModels(
      [
        {
          key: 'cache:model/slow/big-model',
          catalog: null,
          installed: installedFixture('slow/big-model', {
            plan: {
              jobId: 'big',
              commit: 'a'.repeat(40),
              files: 2,
              bytes: 629_145_602,
              missingFiles: 1,
              missingBytes: 629_145_600,
            },
          }),
          job: cancelled,
          activeJobs: [],
          status: 'partial',
        },
      ],
      [cancelled],
    );
    const remove = await screen.findByRole('button', { name: 'Remove big-model from history' });
    expect(remove.textContent).toBe('Remove from history');
    expect(remove.getAttribute('title')).toMatch(/deletes no file/);
    expect(screen.queryByRole('button', { name: 'Remove big-model' })).toBeNull();
    expect(screen.getByRole('button', { name: /^Delete big-model/ }).textContent).toBe('Delete');
  });

  it('tells two copies of a model apart in their Delete buttons: the HF cache’s and a folder’s', async () => {
    await renderModels([
      {
        key: 'cache:model/acme/chat-7b',
        catalog: null,
        installed: installedFixture('acme/chat-7b'),
        job: null,
        activeJobs: [],
        status: 'installed',
      },
      {
        key: 'local:chatcopy',
        catalog: null,
        installed: installedFixture('acme/chat-7b', {
          location: 'local',
          localFolder: 'chatcopy',
          path: '/models/chatcopy',
        }),
        job: null,
        activeJobs: [],
        status: 'installed',
      },
    ]);
    expect(await screen.findByRole('button', { name: 'Delete chat-7b (HF cache)' })).toBeTruthy();
    // The confirmation names the copy too: the folder's, not the cache's.
    fireEvent.click(screen.getByRole('button', { name: 'Delete chat-7b (folder chatcopy)' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete chat-7b (folder chatcopy)?' });
    expect(dialog.textContent).toContain('/models/chatcopy');
  });
});
