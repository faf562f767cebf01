/**
 * Deleting several models at once in Chromium against the real server: a fork and its base (the base's weights a
 * hard link to the fork's blob, docs/cache-hard-links.md) and a local dir, ticked by keyboard and pointer; the bar
 * says how many, the confirmation names each with what it frees and what they free together as the server counts it
 * (the weights once, though each one's own Delete counts them as kept by the other); confirmed, they are gone from
 * the list and the disk. The page scrolls not sideways on a phone. Screenshots: test-results/web/delete-several-*.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { addWeightsAndFork, BASE, FORK, GENERATION } from '../download/fork-repos.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { newPhoneContext, openPage, screenshot } from './browser.js';
import { expectNoSidewaysScroll } from './no-sideways-scroll.js';
import { uiTestPerFile } from './ui-server.js';

const ui = uiTestPerFile({
  label: 'delete-several',
  prepare: async (hub, dir) => {
    await addWeightsAndFork(hub);
    for (const repo of [FORK, BASE]) {
      await downloadModel(requestFor(hub, repo, { cacheDir: join(dir, 'cache') }), testOptions());
    }
    writeLocalDirDownload(join(dir, 'models', 'qwen'), 'config.json', '{"q":1}');
  },
});

/** Ticks base (by keyboard: Tab reaches the checkbox, Space ticks it), fork and qwen; opens the confirmation. */
async function pickThreeAndAsk(page: Page): Promise<void> {
  const baseBox = page.getByRole('checkbox', { name: 'Select base (HF cache)' });
  await baseBox.focus();
  await page.keyboard.press('Space');
  expect(await baseBox.isChecked()).toBe(true);
  await page.getByRole('checkbox', { name: 'Select fork (HF cache)' }).check();
  await page.getByRole('checkbox', { name: 'Select qwen (folder qwen)' }).check();
  const bar = page.getByRole('region', { name: 'Selected models' });
  expect(await bar.textContent()).toContain('3 of 3 models selected');
  await bar.getByRole('button', { name: 'Delete 3 models' }).click();
  await page.getByRole('button', { name: /^Delete 3 models and free / }).waitFor();
}

describe('deleting several models on the Models page', () => {
  it('fits a phone: the bar and the confirmation', async () => {
    const context = await newPhoneContext(ui.browser);
    const page = await context.newPage();
    await page.goto(`${ui.server.url}/models`);
    await page.getByRole('checkbox', { name: 'Select base (HF cache)' }).waitFor();
    await pickThreeAndAsk(page);
    await expectNoSidewaysScroll(page, 'The Models page with the confirmation of 3 models');
    await screenshot(page, 'delete-several-390');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await context.close();
  });

  it('confirms with what they free together, deletes them, and the list has none of them', async () => {
    const page = await openPage(ui, '/models');
    await page.getByRole('checkbox', { name: 'Select base (HF cache)' }).waitFor();
    await pickThreeAndAsk(page);
    const dialog = page.getByRole('alertdialog', { name: 'Delete 3 models?' });
    // The base's own files (its configs: 10 B and the generation config), the fork's with the weights, once.
    const baseOwn = 10 + GENERATION.length;
    expect(await dialog.locator('li').allTextContents()).toEqual([
      `base (HF cache) frees ${baseOwn} B`,
      'fork (HF cache) frees 300.03 kB',
      'qwen (folder qwen) frees 7 B',
    ]);
    expect(await dialog.textContent()).toContain('300.00 kB of it are files linked between them');
    await screenshot(page, 'delete-several-1280');
    await dialog.getByRole('button', { name: /^Delete 3 models and free / }).click();
    await page.getByText(/^3 models: .* freed$/).waitFor();
    await page.getByRole('heading', { name: 'base', exact: true }).waitFor({ state: 'detached' });
    for (const name of ['fork', 'qwen']) {
      expect(await page.getByRole('heading', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await page.getByRole('region', { name: 'Selected models' }).count()).toBe(0);
    expect(existsSync(join(ui.dir, 'cache', 'models--org--base'))).toBe(false);
    expect(existsSync(join(ui.dir, 'cache', 'models--other--fork'))).toBe(false);
    expect(existsSync(join(ui.dir, 'models', 'qwen', 'config.json'))).toBe(false);
    await page.context().close();
  });
});
