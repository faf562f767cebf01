// @vitest-environment jsdom
/**
 * The Models page's Delete of a model a download holds or left partial: no Delete while a paused job of its
 * own holds it (its Cancel is there; the server would refuse), and a Delete that counts the partial temp files
 * it frees, not only the finished files (22 B beside 129 MB).
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderModelsPage } from '../../../test/support/web/models-page.js';

/** org/g paused at 41.2 %: 22 B finished, 129.74 MB in temp files. */
const paused = jobFixture({
  id: '2788c06a-0000-4000-8000-000000000000',
  name: 'g',
  repoId: 'org/g',
  state: 'paused',
  downloaded: 129_740_000,
  total: 314_570_000,
  percent: 41.2,
  speed: 0,
  eta: null,
});
const pausedEntry: ModelListEntry = {
  key: 'cache:model/org/g',
  catalog: null,
  installed: installedFixture('org/g', { sizeOnDisk: 22, unfinishedFiles: 1, unfinishedBytes: 129_740_000 }),
  job: paused,
  activeJobs: [paused],
  status: 'paused',
};
/** org/q2: its failed job removed from History, two temp files left beside 22 B. */
const orphan: ModelListEntry = {
  key: 'cache:model/org/q2',
  catalog: null,
  installed: installedFixture('org/q2', { sizeOnDisk: 22, unfinishedFiles: 2, unfinishedBytes: 52_400_000 }),
  job: null,
  activeJobs: [],
  status: 'partial',
};

describe('ModelsPage: Delete of a model a download holds or left partial', () => {
  let server: ScriptedApi;
  const open = async (entries: ModelListEntry[], jobs = [paused]) => {
    server = await renderModelsPage(entries, jobs);
  };
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('offers no Delete while a paused download of it holds it: Resume and Cancel are there', async () => {
    await open([pausedEntry]);
    const row = (await screen.findByRole('heading', { name: 'g' })).closest('li')!;
    expect(await within(row).findByRole('button', { name: 'Cancel g' })).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Resume g' })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /^Delete/ })).toBeNull();
  });

  it('says a Delete frees the partial temp files too, and that they go', async () => {
    await open([orphan], []);
    const row = (await screen.findByRole('heading', { name: 'q2' })).closest('li')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Delete q2 (HF cache)' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByRole('button', { name: 'Delete and free 52.40 MB' })).toBeTruthy();
    expect(dialog.textContent).toContain(
      'This removes org/q2 (1 file, 1 revision) with the partial data of 2 unfinished downloads and frees 52.40 MB.',
    );
  });
});
