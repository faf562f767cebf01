/**
 * A local-dir download found in a sub-folder of the models dir (`models/team/x`, another program's), in
 * Chromium on the Models page: listed from the first load with its "folder team/x" label, with no Delete and
 * the note saying which command deletes it; a local dir directly under the models dir keeps its Delete.
 * Screenshot: test-results/web/models-sub-folder-1280.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { subFolderDeleteCommand } from '../../src/sub-folder-local-dir.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { openPage, screenshot } from './browser.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'sub-folder',
  prepare: async (_hub, dir) => {
    writeLocalDirDownload(join(dir, 'models', 'team', 'x'));
    writeLocalDirDownload(join(dir, 'models', 'direct'));
  },
});

/** The Models page's row whose folder label is `folder`. */
const rowOf = (page: Page, folder: string) =>
  page
    .locator('li.model')
    .filter({ has: page.locator('.model__folder', { hasText: new RegExp(`^folder ${folder}$`) }) });

describe('a local dir in a sub-folder on the Models page', () => {
  it('is listed with its folder, without Delete, saying what deletes it', async () => {
    const page = await openPage(ui, '/models');
    const row = rowOf(page, 'team/x');
    await row.waitFor();
    expect(await row.locator('.model__folder').textContent()).toBe('folder team/x');
    expect(await row.locator('.model__folder').getAttribute('title')).toBe(
      join(ui.dir, 'models', 'team', 'x'),
    );
    expect(await row.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await row.locator('.sub-folder-note').textContent()).toBe(
      `Found in a sub-folder; delete it with ${subFolderDeleteCommand(join(ui.dir, 'models', 'team', 'x'))}`,
    );

    // The one directly under the models dir (the server's to delete) has its Delete and no note.
    const direct = rowOf(page, 'direct');
    expect(await direct.getByRole('button', { name: /^Delete/ }).count()).toBe(1);
    expect(await direct.locator('.sub-folder-note').count()).toBe(0);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'models-sub-folder-1280');
    await page.context().close();
  });
});
